package org.dane4j.core.internal;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Builds and checks the certification path from a server's leaf certificate up to a
 * DANE-TA(2) trust anchor (RFC 7671 section 5.2; RFC 7672 section 3.1.2).
 *
 * <p>The path is found by issuer name and signature, not by the order the server sent its
 * certificates in, so out-of-order chains and extra, unrelated certificates do no harm.
 * Every path whose signatures verify is then checked: validity dates at the verifier's
 * clock for every certificate including the trust anchor certificate; for every issuer
 * basicConstraints cA, the pathLenConstraint and (when present) keyUsage keyCertSign; and
 * that no signature the path relies on uses MD2, MD5 or SHA-1, and that no certificate has
 * a critical extension this class does not process (name constraints among them).
 *
 * <p>Not thread-safe: one instance per verification call, so that each signature is
 * verified at most once per call however many records name the same anchor.
 */
public final class PathBuilder {
  private static final String NAME_CONSTRAINTS = "2.5.29.30";
  // Extensions whose meaning is taken into account (or, for policies and extended key usage,
  // places no requirement that DANE-TA for SMTP has): subjectKeyIdentifier, keyUsage,
  // subjectAltName, issuerAltName, basicConstraints, certificatePolicies, policyConstraints,
  // authorityKeyIdentifier, extKeyUsage, inhibitAnyPolicy.
  private static final Set<String> PROCESSED_EXTENSIONS = Set.of("2.5.29.14", "2.5.29.15", "2.5.29.17", "2.5.29.18",
      "2.5.29.19", "2.5.29.32", "2.5.29.36", "2.5.29.35", "2.5.29.37", "2.5.29.54");
  // Bound the work per verification when a chain carries many certificates with the same
  // subject (or the same key): a hostile server must not make the handshake search forever.
  private static final int MAX_SIGNATURE_CHECKS = 64;
  private static final int MAX_SEARCH_STEPS = 256;

  private final List<X509Certificate> chain;
  private final Instant now;
  private final Instant shownNow;
  private final Map<X509Certificate, Map<PublicKey, String>> signatureChecks = new IdentityHashMap<>();
  private int signatureChecksLeft = MAX_SIGNATURE_CHECKS;
  private int searchStepsLeft = MAX_SEARCH_STEPS;
  private Instant latestNotBefore = Instant.MIN;
  private Instant earliestNotAfter = Instant.MAX;
  private boolean dateCheckFailed;

  /**
   * A builder for one chain.
   *
   * @param chain the certificates as the server sent them; the leaf first
   * @param now the time at which validity dates are checked
   */
  public PathBuilder(List<X509Certificate> chain, Instant now) {
    this.chain = chain;
    this.now = now;
    this.shownNow = now.truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * A trust anchor: a certificate (sent by the server, or given in full by a {@code 2 0 0}
   * record), or a bare public key (from a {@code 2 1 0} record).
   *
   * @param certificate the anchor certificate, or {@code null} for a bare key
   * @param key the anchor's public key
   */
  public record Anchor(X509Certificate certificate, PublicKey key) {
    /** An anchor certificate. */
    public static Anchor of(X509Certificate certificate) {
      return new Anchor(certificate, certificate.getPublicKey());
    }

    /** A bare anchor key. */
    public static Anchor of(PublicKey key) {
      return new Anchor(null, key);
    }

    String describe() {
      return certificate == null ? "the trust anchor key from the TLSA record" : subject(certificate);
    }
  }

  /**
   * The outcome of a path search.
   *
   * @param path the valid path, leaf first, ending with the anchor certificate if the anchor
   *     is one; empty when no valid path was found
   * @param problems why no valid path was found, each with its evidence; empty on success
   */
  public record Result(List<X509Certificate> path, List<String> problems) {
    /** Whether a valid path was found. */
    public boolean valid() {
      return !path.isEmpty();
    }
  }

  /** Whether any signature was checked so far: only then did a search do real work. */
  public boolean checkedSignatures() {
    return signatureChecksLeft < MAX_SIGNATURE_CHECKS;
  }

  /**
   * Whether every validity date checked so far passed. Only then is the outcome of this
   * builder's searches the same at any time from {@link #latestNotBefore()} to
   * {@link #earliestNotAfter()}.
   */
  public boolean allDatesValid() {
    return !dateCheckFailed;
  }

  /** The latest notBefore among the certificates whose dates were checked ({@link Instant#MIN} if none). */
  public Instant latestNotBefore() {
    return latestNotBefore;
  }

  /** The earliest notAfter among the certificates whose dates were checked ({@link Instant#MAX} if none). */
  public Instant earliestNotAfter() {
    return earliestNotAfter;
  }

  /** Searches for a valid path from the leaf to the anchor. Never throws for odd certificates. */
  public Result build(Anchor anchor) {
    Set<String> problems = new LinkedHashSet<>();
    List<X509Certificate> path = new ArrayList<>();
    path.add(chain.get(0));
    List<X509Certificate> found = search(anchor, path, problems);
    if (found != null) {
      return new Result(List.copyOf(found), List.of());
    }
    if (problems.isEmpty()) {
      problems.add("no path from the leaf to " + anchor.describe() + ": " + dangling(path.get(0), anchor));
    }
    return new Result(List.of(), List.copyOf(problems));
  }

  private List<X509Certificate> search(Anchor anchor, List<X509Certificate> path, Set<String> problems) {
    if (searchStepsLeft-- <= 0) {
      problems.add("the path search stopped after " + MAX_SEARCH_STEPS + " steps (too many candidate issuers)");
      return null;
    }
    X509Certificate current = path.get(path.size() - 1);
    if (anchor.certificate() == null
        || sameName(anchor.certificate().getSubjectX500Principal(), current.getIssuerX500Principal())) {
      String failure = signatureFailure(current, anchor.key());
      if (failure == null) {
        List<X509Certificate> complete = new ArrayList<>(path);
        if (anchor.certificate() != null) {
          complete.add(anchor.certificate());
        }
        List<String> invalid = check(complete, path.size());
        if (invalid.isEmpty()) {
          return complete;
        }
        problems.addAll(invalid);
      } else if (anchor.certificate() != null) {
        problems.add("the signature of " + subject(current) + " does not verify with the key of " + anchor.describe()
            + " (" + failure + ")");
      }
    }
    for (int i = 1; i < chain.size(); i++) {
      X509Certificate candidate = chain.get(i);
      if (candidate == anchor.certificate() || containsSame(path, candidate)
          || !sameName(candidate.getSubjectX500Principal(), current.getIssuerX500Principal())) {
        continue;
      }
      String failure = signatureFailure(current, candidate.getPublicKey());
      if (failure != null) {
        problems.add("the signature of " + subject(current) + " does not verify with the key of its issuer "
            + subject(candidate) + " (chain position " + i + "): " + failure);
        continue;
      }
      path.add(candidate);
      List<X509Certificate> found = search(anchor, path, problems);
      if (found != null) {
        return found;
      }
      path.remove(path.size() - 1);
    }
    return null;
  }

  // RFC 5280 section 6.1.3 and 6.1.4, as far as DANE-TA needs them: dates, CA flag, path
  // length and certificate-signing key usage. The anchor certificate is checked too. The
  // first `signed` certificates carry signatures the path relies on; JSSE applies no
  // algorithm constraints to a custom X509ExtendedTrustManager, so weak ones are refused here.
  private List<String> check(List<X509Certificate> path, int signed) {
    List<String> problems = new ArrayList<>();
    int intermediatesBelow = 0;
    for (int depth = 0; depth < path.size(); depth++) {
      X509Certificate certificate = path.get(depth);
      String algorithm = String.valueOf(certificate.getSigAlgName());
      if (depth < signed && isWeak(algorithm)) {
        problems.add(subject(certificate) + " (path depth " + depth + ") is signed with the weak algorithm " + algorithm);
      }
      String extensions = unprocessedCriticalExtensions(certificate);
      if (extensions != null) {
        problems.add(subject(certificate) + " (path depth " + depth + ") has critical extensions this verifier "
            + "does not process: " + extensions + " (RFC 5280 section 4.2)");
      }
      String dates = dateProblem(certificate);
      if (dates != null) {
        problems.add(subject(certificate) + " (path depth " + depth + ") " + dates);
      }
      if (depth == 0) {
        continue;
      }
      int pathLength = certificate.getBasicConstraints();
      if (pathLength < 0) {
        problems.add(subject(certificate) + " (path depth " + depth
            + ") is not a CA certificate (basicConstraints cA is not true), yet it issued " + subject(path.get(depth - 1)));
      } else if (intermediatesBelow > pathLength) {
        problems.add(subject(certificate) + " (path depth " + depth + ") has pathLenConstraint " + pathLength
            + " but " + intermediatesBelow + " CA certificate(s) follow it in the path");
      }
      boolean[] keyUsage = certificate.getKeyUsage();
      if (keyUsage != null && (keyUsage.length < 6 || !keyUsage[5])) {
        problems.add(subject(certificate) + " (path depth " + depth + ") has a keyUsage without keyCertSign");
      }
      if (!sameName(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal())) {
        intermediatesBelow++;
      }
    }
    return problems;
  }

  // RFC 5280 section 4.2: a critical extension that is not processed makes the certificate
  // invalid. Name constraints are among them, so a name-constrained CA fails closed.
  private static String unprocessedCriticalExtensions(X509Certificate certificate) {
    Set<String> critical = certificate.getCriticalExtensionOIDs();
    if (critical == null) {
      return null;
    }
    List<String> unprocessed = new ArrayList<>();
    for (String oid : critical) {
      if (!PROCESSED_EXTENSIONS.contains(oid)) {
        unprocessed.add(oid.equals(NAME_CONSTRAINTS) ? oid + " (nameConstraints)" : oid);
      }
    }
    return unprocessed.isEmpty() ? null : String.join(", ", unprocessed);
  }

  private static boolean isWeak(String signatureAlgorithm) {
    String name = signatureAlgorithm.toUpperCase(Locale.ROOT);
    return name.startsWith("MD2") || name.startsWith("MD5") || name.startsWith("SHA1") || name.startsWith("SHAWITH");
  }

  private String dateProblem(X509Certificate certificate) {
    String problem = checkDates(certificate);
    if (problem != null) {
      dateCheckFailed = true;
    }
    return problem;
  }

  private String checkDates(X509Certificate certificate) {
    Date notBefore = certificate.getNotBefore();
    Date notAfter = certificate.getNotAfter();
    if (notBefore == null || notAfter == null) {
      return "has no validity dates";
    }
    if (notBefore.toInstant().isAfter(latestNotBefore)) {
      latestNotBefore = notBefore.toInstant();
    }
    if (notAfter.toInstant().isBefore(earliestNotAfter)) {
      earliestNotAfter = notAfter.toInstant();
    }
    if (notAfter.before(notBefore)) {
      return "has notAfter " + notAfter.toInstant() + " before notBefore " + notBefore.toInstant();
    }
    if (now.isBefore(notBefore.toInstant())) {
      return "is not valid before " + notBefore.toInstant() + " (verifier clock " + shownNow + ")";
    }
    if (now.isAfter(notAfter.toInstant())) {
      return "expired at " + notAfter.toInstant() + " (verifier clock " + shownNow + ")";
    }
    return null;
  }

  // null when the signature of the certificate verifies with the key, else the reason.
  private String signatureFailure(X509Certificate certificate, PublicKey key) {
    Map<PublicKey, String> checked = signatureChecks.computeIfAbsent(certificate, c -> new HashMap<>());
    String cached = checked.get(key);
    if (cached != null) {
      return cached.isEmpty() ? null : cached;
    }
    String result;
    if (signatureChecksLeft <= 0) {
      result = "not checked: more than " + MAX_SIGNATURE_CHECKS + " signature checks in one verification";
    } else {
      signatureChecksLeft--;
      try {
        certificate.verify(key);
        result = "";
      } catch (GeneralSecurityException | RuntimeException e) {
        result = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
    }
    checked.put(key, result);
    return result.isEmpty() ? null : result;
  }

  private String dangling(X509Certificate leaf, Anchor anchor) {
    X500Principal issuer = leaf.getIssuerX500Principal();
    String issuerName = issuer == null || issuer.getName().isEmpty() ? "(empty issuer)" : issuer.toString();
    return anchor.certificate() == null
        ? "no certificate of the chain is signed by it (the leaf's issuer is " + issuerName + ")"
        : "no certificate of the chain links the leaf (issuer " + issuerName + ") to it";
  }

  // Names with the same DER encoding are equal; only others need X500Principal's canonical
  // comparison (RFC 5280 section 7.1), which builds RFC 2253 strings of both names.
  private static boolean sameName(X500Principal a, X500Principal b) {
    return Arrays.equals(a.getEncoded(), b.getEncoded()) || a.equals(b);
  }

  private static boolean containsSame(List<X509Certificate> path, X509Certificate candidate) {
    for (X509Certificate certificate : path) {
      if (certificate == candidate || certificate.equals(candidate)) {
        return true;
      }
    }
    return false;
  }

  /** A certificate's subject for messages, e.g. {@code CN=mx1.example.org}, or {@code (empty subject)}. */
  public static String subject(X509Certificate certificate) {
    X500Principal subject = certificate.getSubjectX500Principal();
    String name = subject == null ? "" : subject.toString();
    return name.isEmpty() ? "(empty subject)" : Printable.of(name);
  }
}
