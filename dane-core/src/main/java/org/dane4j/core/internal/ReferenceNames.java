package org.dane4j.core.internal;

import java.net.IDN;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Name checks for DANE-TA(2) (RFC 7672 section 3.2.3, RFC 6125): the DNS-IDs of the
 * leaf's subjectAltName if it has any, else its subject common name, compared with the
 * reference names as A-labels, case-insensitively, ignoring a trailing dot; a wildcard
 * only as the entire leftmost label, matching exactly one label.
 */
public final class ReferenceNames {
  private static final int SUBJECT_ALT_NAME_DNS = 2;

  private ReferenceNames() {}

  /**
   * The result of a name check.
   *
   * @param matchedReferenceName the reference name (as given) that matched, or {@code null}
   * @param problem why nothing matched, with the evidence; {@code null} on a match
   */
  public record Match(String matchedReferenceName, String problem) {
    /** Whether a name matched. */
    public boolean matched() {
      return matchedReferenceName != null;
    }
  }

  /** Checks the leaf's names against the reference names. Never throws for odd certificates. */
  public static Match check(X509Certificate leaf, Collection<String> referenceNames) {
    List<String> presented;
    String source;
    try {
      presented = dnsNames(leaf);
      source = "subjectAltName DNS-IDs";
      if (presented.isEmpty()) {
        // RFC 7672 section 3.2.3: the CN is used only when there are no DNS-IDs.
        presented = commonName(leaf);
        source = "subject CN (no DNS-ID in subjectAltName)";
      }
    } catch (CertificateParsingException | InvalidNameException | RuntimeException e) {
      return new Match(null, "the leaf certificate's names cannot be read (" + e.getMessage() + ")");
    }
    List<String> normalized = new ArrayList<>(presented.size());
    for (String name : presented) {
      normalized.add(normalizePresented(name));
    }
    for (String reference : referenceNames) {
      String normalizedReference = normalizeReference(reference);
      if (normalizedReference == null) {
        continue;
      }
      for (String name : normalized) {
        if (matchesNormalized(name, normalizedReference)) {
          return new Match(reference, null);
        }
      }
    }
    StringBuilder problem = new StringBuilder();
    if (presented.isEmpty()) {
      problem.append("the leaf certificate has no DNS name (no DNS-ID in subjectAltName, no subject CN)");
    } else {
      problem.append("no name in the leaf certificate matches a reference name: ").append(source).append(' ')
          .append(presented);
    }
    problem.append(", reference names ").append(referenceNames);
    for (String name : presented) {
      if (name.indexOf('*') >= 0 && !isWildcardPattern(normalizePresented(name))) {
        problem.append("; ").append(name).append(" is not a usable wildcard (it must be the whole leftmost label)");
      }
    }
    problem.append(" (RFC 7672 section 3.2.3)");
    return new Match(null, problem.toString());
  }

  /**
   * Whether a name presented in a certificate matches a reference name. Both are compared
   * as lower-case A-labels without a trailing dot; {@code *} may only be the whole leftmost
   * label of the presented name, under at least two more labels, and stands for exactly one
   * non-empty label.
   */
  public static boolean matches(String presented, String reference) {
    return matchesNormalized(normalizePresented(presented), normalizeReference(reference));
  }

  private static boolean matchesNormalized(String name, String ref) {
    if (name == null || ref == null) {
      return false;
    }
    if (name.indexOf('*') < 0) {
      return name.equals(ref);
    }
    if (!isWildcardPattern(name)) {
      return false;
    }
    String suffix = name.substring(1);
    int firstDot = ref.indexOf('.');
    return firstDot > 0 && ref.substring(firstDot).equals(suffix);
  }

  /**
   * A reference name as a lower-case A-label without trailing dot, or {@code null} if it is
   * not a host name (empty, not convertible to ASCII, or containing a wildcard).
   */
  public static String normalizeReference(String reference) {
    String name = normalizePresented(reference);
    return name == null || name.indexOf('*') >= 0 ? null : name;
  }

  private static String normalizePresented(String name) {
    if (name == null) {
      return null;
    }
    String s = name.strip();
    if (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.isEmpty() || s.startsWith(".") || s.contains("..")) {
      return null;
    }
    if (isAscii(s)) {
      // What IDN.toASCII does with an all-ASCII name (RFC 3490 section 4.1 steps 1, 4, 8):
      // only the label lengths are checked; it is the common case and much cheaper.
      return labelsFit(s) ? s.toLowerCase(Locale.ROOT) : null;
    }
    try {
      return IDN.toASCII(s).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static boolean labelsFit(String name) {
    int start = 0;
    while (start <= name.length()) {
      int end = name.indexOf('.', start);
      if (end < 0) {
        end = name.length();
      }
      if (end - start > 63) {
        return false;
      }
      start = end + 1;
    }
    return true;
  }

  // "*.example.test": a lone "*" as the leftmost label, no other "*", and at least two
  // labels under it, so that "*.test" never matches a whole top-level domain.
  private static boolean isWildcardPattern(String name) {
    if (name == null || !name.startsWith("*.") || name.indexOf('*', 1) >= 0) {
      return false;
    }
    return name.indexOf('.', 2) > 2;
  }

  private static List<String> dnsNames(X509Certificate leaf) throws CertificateParsingException {
    Collection<List<?>> alternativeNames = leaf.getSubjectAlternativeNames();
    List<String> names = new ArrayList<>();
    if (alternativeNames != null) {
      for (List<?> entry : alternativeNames) {
        if (entry.size() >= 2 && entry.get(0) instanceof Integer && (Integer) entry.get(0) == SUBJECT_ALT_NAME_DNS
            && entry.get(1) instanceof String) {
          names.add((String) entry.get(1));
        }
      }
    }
    return names;
  }

  private static List<String> commonName(X509Certificate leaf) throws InvalidNameException {
    // LdapName lists RDNs from the most general to the most specific; the most specific CN
    // is the one that names the host.
    List<Rdn> rdns = new LdapName(leaf.getSubjectX500Principal().getName()).getRdns();
    for (int i = rdns.size() - 1; i >= 0; i--) {
      Rdn rdn = rdns.get(i);
      if ("CN".equalsIgnoreCase(rdn.getType()) && rdn.getValue() instanceof String) {
        return List.of((String) rdn.getValue());
      }
    }
    return List.of();
  }
}
