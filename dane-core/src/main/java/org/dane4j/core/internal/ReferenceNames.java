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
 *
 * <p>Presented names are taken as they are: only ASCII letters, digits and hyphens (A-labels
 * included) can match, never a name that IDNA mapping would first have to turn into one
 * (RFC 6125 section 6.4, RFC 9525 section 6.3; RFC 5280 section 7.2 requires A-labels in
 * certificates). A certificate name with a fullwidth full stop or a U-label therefore
 * matches nothing. Reference names (from configuration and DNS) may be U-labels and are
 * converted to A-labels, but only where the conversion changes nothing but case and the
 * label form: a reference name that IDNA2003 mapping would alter (e.g. a fullwidth full
 * stop, or {@code ß} becoming {@code ss}) is not a usable reference name.
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
          .append(presented.stream().map(Printable::of).toList());
    }
    problem.append(", reference names ").append(referenceNames);
    for (String name : presented) {
      String form = normalizePresented(name);
      if (form == null) {
        problem.append("; ").append(escaped(name))
            .append(" is not an ASCII host name in A-label form, so it matches nothing (RFC 6125 section 6.4)");
      } else if (name.indexOf('*') >= 0 && !isWildcardPattern(form)) {
        problem.append("; ").append(Printable.of(name)).append(" is not a usable wildcard (it must be the whole leftmost label)");
      }
    }
    problem.append(" (RFC 7672 section 3.2.3)");
    return new Match(null, problem.toString());
  }

  /**
   * Whether a name presented in a certificate matches a reference name. Both are compared
   * as lower-case A-labels without a trailing dot; {@code *} may only be the whole leftmost
   * label of the presented name, under at least two more labels, and stands for exactly one
   * non-empty label. A presented name that is not ASCII letters, digits and hyphens (plus
   * that wildcard) never matches.
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
   * not a host name (empty, not convertible to ASCII, changed by IDNA mapping beyond case,
   * or containing a wildcard).
   */
  public static String normalizeReference(String reference) {
    if (reference == null) {
      return null;
    }
    String s = withoutTrailingDot(reference.strip());
    if (s == null || s.indexOf('*') >= 0) {
      return null;
    }
    if (isAscii(s)) {
      // What IDN.toASCII does with an all-ASCII name (RFC 3490 section 4.1 steps 1, 4, 8):
      // only the label lengths are checked; it is the common case and much cheaper.
      return labelsFit(s) ? s.toLowerCase(Locale.ROOT) : null;
    }
    try {
      String ascii = IDN.toASCII(s).toLowerCase(Locale.ROOT);
      // IDNA2003 maps characters (U+FF0E to '.', 'ß' to "ss", ...): accept only a name that
      // converts back to itself, so that mapping never makes a different name out of it.
      return IDN.toUnicode(ascii).equals(s.toLowerCase(Locale.ROOT)) ? ascii : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * A presented name as lower case without trailing dot, or {@code null} unless it is ASCII
   * letters, digits and hyphens in labels of 1..63 characters, with at most a {@code *}
   * somewhere (judged by the wildcard rules later). No IDNA mapping: U-labels and look-alike
   * dots are not A-labels (RFC 6125 section 6.4).
   */
  private static String normalizePresented(String name) {
    if (name == null) {
      return null;
    }
    String s = withoutTrailingDot(name);
    if (s == null || !labelsFit(s)) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ldh = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.';
      if (!ldh && c != '*') {
        return null;
      }
    }
    return s.toLowerCase(Locale.ROOT);
  }

  /** The name without one trailing dot, or {@code null} if it has empty labels. */
  private static String withoutTrailingDot(String name) {
    String s = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (s.isEmpty() || s.startsWith(".") || s.contains("..")) {
      return null;
    }
    return s;
  }

  /** A presented name for an explanation: characters outside printable ASCII as {@code <U+XXXX>}. */
  private static String escaped(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("<U+%04X>", (int) c));
      }
    }
    return out.toString();
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
