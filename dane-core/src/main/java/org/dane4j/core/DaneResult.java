package org.dane4j.core;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.dane4j.core.internal.PathBuilder;

/**
 * The outcome of one {@link DaneVerifier#verify DANE verification}: whether the server's
 * certificate chain matched the TLSA records, and the evidence either way. Immutable.
 *
 * <p>There are three outcomes ({@link Status}):
 * <ul>
 *   <li>{@link Status#VERIFIED VERIFIED}: a usable record matched. {@link #matchedRecord()}
 *       names it, {@link #matchedDepth()} says where in {@link #validatedPath()} it matched,
 *       and for DANE-TA(2) {@link #matchedName()} is the reference name the server's
 *       certificate was issued for.
 *   <li>{@link Status#FAILED FAILED}: there were usable records and none matched. Every
 *       record's fate is in {@link #records()}, and {@link #certificates()} lists, for every
 *       certificate the server sent, the record that <em>would</em> have matched it, so an
 *       operator can see at once what to publish (or which certificate to fix).
 *   <li>{@link Status#NO_USABLE_RECORDS NO_USABLE_RECORDS}: no record could take part in
 *       matching (RFC 7672 section 3.1.3): for SMTP this means TLS is still mandatory but
 *       the server is not authenticated (RFC 7672 section 2.2). Not a failure of the chain.
 * </ul>
 *
 * <p>{@link #explanation()} (and {@link #toString()}) is one complete message an operator
 * can act on, for example:
 *
 * <pre>
 * DANE verification failed for mx1.example.org (reference names [mx1.example.org, example.org]):
 *   TLSA records (usable): 3 1 1 6f2e...a1, 2 1 1 99c0...17
 *   chain depth 0  CN=mx1.example.org        3 1 1 would be 4d0b...e2   (no match)
 *   chain depth 1  CN=R11, O=Let's Encrypt   2 1 1 would be 8d02...3c   (no match)
 * Publish one of the "would be" values, or fix the certificate the server presents.
 * </pre>
 *
 * <p>The explanation shows public data only: certificate subjects, names, dates and
 * digests. It never contains key material other than public keys' digests.
 */
public final class DaneResult {

  /** The three outcomes of a verification. */
  public enum Status {
    /** A usable TLSA record matched the chain, with all checks its usage requires. */
    VERIFIED,
    /** There were usable TLSA records and none matched (DANE authentication failed). */
    FAILED,
    /** No TLSA record was usable; the chain was not judged (RFC 7672 section 2.2). */
    NO_USABLE_RECORDS
  }

  /** What became of one TLSA record during a verification. */
  public enum Outcome {
    /** The record matched and every check its usage requires passed. */
    MATCHED,
    /** The record matched no certificate (nor, for Full(0) DANE-TA, served as an anchor). */
    NO_MATCH,
    /** The record matched, but a check failed: path, signature, dates, CA constraints or name. */
    REJECTED,
    /**
     * The record is usable, but a stronger matching type is present for the same usage and
     * selector, so it was not used (digest algorithm agility, RFC 7671 section 9).
     */
    SUPERSEDED,
    /** The record is unusable for this verifier (RFC 7672 section 3.1.3); skipped. */
    UNUSABLE,
    /** The record was not tried because an earlier record already matched. */
    NOT_TRIED
  }

  /**
   * One TLSA record and what became of it.
   *
   * @param record the record as given to the verifier
   * @param outcome what became of it
   * @param detail the evidence in words, e.g. why it is unusable, where it matched and
   *     which check failed; never {@code null}, may be empty for {@link Outcome#NOT_TRIED}
   */
  public record RecordDiagnostic(TlsaRecord record, Outcome outcome, String detail) {
    /** Checks that no component is {@code null}. */
    public RecordDiagnostic {
      Objects.requireNonNull(record, "record");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(detail, "detail");
    }

    /** {@code 3 1 1 6f2e...a1: NO_MATCH (detail)}. */
    @Override
    public String toString() {
      return abbreviate(record) + ": " + outcome + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
  }

  /**
   * One certificate the server sent, with the association data computed from it: the
   * record that would match it for every selector and matching type the usable records use
   * (usage DANE-EE(3) at depth 0, DANE-TA(2) above).
   *
   * @param depth the certificate's position in the chain as the server sent it (0 = leaf)
   * @param certificate the certificate
   * @param wouldBe the records that would match this certificate
   */
  public record CertificateDiagnostic(int depth, X509Certificate certificate, List<TlsaRecord> wouldBe) {
    /** Checks the components and copies the list. */
    public CertificateDiagnostic {
      if (depth < 0) {
        throw new IllegalArgumentException("depth must be >= 0, was " + depth);
      }
      Objects.requireNonNull(certificate, "certificate");
      wouldBe = List.copyOf(wouldBe);
    }

    /** The certificate's subject for display, e.g. {@code CN=mx1.example.org}, or {@code (empty subject)}. */
    public String subject() {
      return PathBuilder.subject(certificate);
    }
  }

  private final Status status;
  private final List<String> referenceNames;
  private final TlsaRecord matchedRecord;
  private final int matchedDepth;
  private final List<X509Certificate> validatedPath;
  private final String matchedName;
  private final List<RecordDiagnostic> records;
  private final List<CertificateDiagnostic> certificates;
  // Built on first use: a verification in a handshake usually never reads it.
  private volatile String explanation;

  private DaneResult(Status status, List<String> referenceNames, TlsaRecord matchedRecord, int matchedDepth,
      List<X509Certificate> validatedPath, String matchedName, List<RecordDiagnostic> records,
      List<CertificateDiagnostic> certificates) {
    this.status = status;
    this.referenceNames = List.copyOf(referenceNames);
    this.matchedRecord = matchedRecord;
    this.matchedDepth = matchedDepth;
    this.validatedPath = List.copyOf(validatedPath);
    this.matchedName = matchedName;
    this.records = List.copyOf(records);
    this.certificates = List.copyOf(certificates);
  }

  /**
   * A verified result.
   *
   * @param referenceNames the reference names the verification was asked to check
   * @param matchedRecord the record that matched
   * @param matchedDepth where in {@code validatedPath} the record matched (see {@link #matchedDepth()})
   * @param validatedPath the path from the leaf to the trust anchor (see {@link #validatedPath()})
   * @param matchedName the reference name that matched, for DANE-TA(2); {@code null} for DANE-EE(3)
   * @param records what became of every record
   * @throws IllegalArgumentException if the path is empty or the depth is outside it
   */
  static DaneResult verified(List<String> referenceNames, TlsaRecord matchedRecord, int matchedDepth,
      List<X509Certificate> validatedPath, String matchedName, List<RecordDiagnostic> records) {
    Objects.requireNonNull(matchedRecord, "matchedRecord");
    if (validatedPath.isEmpty() || matchedDepth < 0 || matchedDepth > validatedPath.size()) {
      throw new IllegalArgumentException(
          "matchedDepth " + matchedDepth + " is outside a validated path of " + validatedPath.size());
    }
    return new DaneResult(Status.VERIFIED, referenceNames, matchedRecord, matchedDepth, validatedPath,
        matchedName, records, List.of());
  }

  /**
   * A failed result.
   *
   * @param referenceNames the reference names the verification was asked to check
   * @param records what became of every record
   * @param certificates every certificate the server sent, with the records that would match it
   */
  static DaneResult failed(List<String> referenceNames, List<RecordDiagnostic> records,
      List<CertificateDiagnostic> certificates) {
    return new DaneResult(Status.FAILED, referenceNames, null, -1, List.of(), null, records, certificates);
  }

  /**
   * A result for a TLSA RRset without usable records.
   *
   * @param referenceNames the reference names the verification was asked to check
   * @param records every record with the reason it is unusable (may be empty)
   */
  static DaneResult noUsableRecords(List<String> referenceNames, List<RecordDiagnostic> records) {
    return new DaneResult(Status.NO_USABLE_RECORDS, referenceNames, null, -1, List.of(), null, records, List.of());
  }

  /** The outcome. */
  public Status status() {
    return status;
  }

  /** Whether the status is {@link Status#VERIFIED}. */
  public boolean isVerified() {
    return status == Status.VERIFIED;
  }

  /** The reference names the verification was asked to check, as given. */
  public List<String> referenceNames() {
    return referenceNames;
  }

  /** The record that matched; empty unless verified. */
  public Optional<TlsaRecord> matchedRecord() {
    return Optional.ofNullable(matchedRecord);
  }

  /**
   * Where the matched record matched, as an index into {@link #validatedPath()}: 0 for
   * DANE-EE(3) (the leaf); for DANE-TA(2) the trust anchor's position (1 or more). When
   * the trust anchor is a bare public key from a {@code 2 1 0} record that the server did not
   * send as a certificate, the depth is {@code validatedPath().size()}: one above the last
   * certificate, which that key signed. Empty unless verified.
   */
  public OptionalInt matchedDepth() {
    return matchedDepth < 0 ? OptionalInt.empty() : OptionalInt.of(matchedDepth);
  }

  /**
   * The certificates from the leaf up to the trust anchor, each signed by the next: just the
   * leaf for DANE-EE(3); for DANE-TA(2) the path through the chain the server sent (in
   * signing order, whatever order it was sent in), ending with the trust anchor certificate,
   * which may come from a {@code 2 0 0} record rather than from the server. Empty unless
   * verified.
   */
  public List<X509Certificate> validatedPath() {
    return validatedPath;
  }

  /**
   * For DANE-TA(2): the reference name (as given to the verifier) that a name in the leaf
   * certificate matched (RFC 7672 section 3.2.2). Empty for DANE-EE(3), which has no name
   * checks, and unless verified.
   */
  public Optional<String> matchedName() {
    return Optional.ofNullable(matchedName);
  }

  /** Every record given to the verifier, in the order given, with what became of it. */
  public List<RecordDiagnostic> records() {
    return records;
  }

  /**
   * For a failed verification: every certificate the server sent, in the order sent, with
   * the records that would have matched it. Empty for other outcomes.
   */
  public List<CertificateDiagnostic> certificates() {
    return certificates;
  }

  /** The complete explanation, one message over several lines; the same as {@link #toString()}. */
  public String explanation() {
    String text = explanation;
    if (text == null) {
      text = explain();
      explanation = text;
    }
    return text;
  }

  /** Equal when every part is: status, names, matched record, depth, path, name and diagnostics. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DaneResult)) {
      return false;
    }
    DaneResult other = (DaneResult) o;
    return status == other.status && matchedDepth == other.matchedDepth && referenceNames.equals(other.referenceNames)
        && Objects.equals(matchedRecord, other.matchedRecord) && validatedPath.equals(other.validatedPath)
        && Objects.equals(matchedName, other.matchedName) && records.equals(other.records)
        && certificates.equals(other.certificates);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, referenceNames, matchedRecord, matchedDepth, validatedPath, matchedName, records,
        certificates);
  }

  /** The complete explanation. */
  @Override
  public String toString() {
    return explanation();
  }

  private String explain() {
    String forWhom = referenceNames.isEmpty() ? "" : " for " + referenceNames.get(0);
    String names = "reference names " + referenceNames;
    StringBuilder out = new StringBuilder();
    switch (status) {
      case VERIFIED:
        out.append("DANE verified").append(forWhom).append(" by ").append(matchedRecord.describe())
            .append(" at depth ").append(matchedDepth);
        if (matchedDepth < validatedPath.size()) {
          out.append(" (").append(PathBuilder.subject(validatedPath.get(matchedDepth))).append(')');
        } else {
          out.append(" (trust anchor key from the TLSA record)");
        }
        if (matchedName != null) {
          out.append(", name ").append(matchedName);
        }
        return out.toString();
      case NO_USABLE_RECORDS:
        out.append("No usable TLSA records").append(forWhom).append(" (").append(names).append(')');
        if (records.isEmpty()) {
          return out.append(": no records given").toString();
        }
        out.append(':');
        for (RecordDiagnostic d : records) {
          out.append("\n  ").append(abbreviate(d.record())).append(": ").append(d.detail());
        }
        return out.toString();
      default:
        out.append("DANE verification failed").append(forWhom).append(" (").append(names).append("):");
        appendRecordList(out, "usable", d -> d.outcome() != Outcome.UNUSABLE);
        appendRecordList(out, "unusable, skipped", d -> d.outcome() == Outcome.UNUSABLE);
        int width = certificates.stream().mapToInt(c -> c.subject().length()).max().orElse(0);
        for (CertificateDiagnostic c : certificates) {
          String label = "\n  chain depth " + c.depth() + "  " + pad(c.subject(), width) + "  ";
          String indent = "\n" + pad("", label.length() - 1);
          out.append(label);
          if (c.wouldBe().isEmpty()) {
            out.append("(cannot be compared)");
          }
          for (int n = 0; n < c.wouldBe().size(); n++) {
            TlsaRecord wouldBe = c.wouldBe().get(n);
            out.append(n == 0 ? "" : indent).append(wouldBeText(wouldBe)).append(" would be ").append(dataText(wouldBe))
                .append(matchedBy(wouldBe) ? "   (matches)" : "   (no match)");
          }
        }
        for (RecordDiagnostic d : records) {
          if (d.outcome() == Outcome.REJECTED || d.outcome() == Outcome.SUPERSEDED
              || d.outcome() == Outcome.UNUSABLE || (d.outcome() == Outcome.NO_MATCH && !d.detail().isEmpty())) {
            out.append("\n  ").append(abbreviate(d.record())).append(": ").append(d.detail());
          }
        }
        return out.append("\nPublish one of the \"would be\" values, or fix the certificate the server presents.")
            .toString();
    }
  }

  private void appendRecordList(StringBuilder out, String label, Predicate<RecordDiagnostic> which) {
    List<String> listed = records.stream().filter(which).map(d -> abbreviate(d.record())).collect(Collectors.toList());
    if (!listed.isEmpty()) {
      out.append("\n  TLSA records (").append(label).append("): ").append(String.join(", ", listed));
    }
  }

  private boolean matchedBy(TlsaRecord wouldBe) {
    return records.stream().anyMatch(d -> d.outcome() != Outcome.UNUSABLE && d.record().equals(wouldBe));
  }

  private static String wouldBeText(TlsaRecord r) {
    return r.usageValue() + " " + r.selectorValue() + " " + r.matchingTypeValue();
  }

  private static String dataText(TlsaRecord r) {
    // Digests are shown in full so they can be published as they are; Full(0) data is a
    // whole certificate or key, far too long for a message line.
    String hex = r.dataHex();
    return r.matchingType() == MatchingType.FULL && hex.length() > 64
        ? hex.substring(0, 16) + "..." + hex.substring(hex.length() - 16) + " (" + hex.length() / 2 + " bytes)"
        : hex;
  }

  static String abbreviate(TlsaRecord r) {
    return wouldBeText(r) + " " + r.shortDataHex();
  }

  private static String pad(String s, int width) {
    StringBuilder b = new StringBuilder(s);
    while (b.length() < width) {
      b.append(' ');
    }
    return b.toString();
  }
}
