package org.dane4j.interop;

import java.net.InetAddress;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.dane4j.core.DaneResult;
import org.dane4j.core.TlsaRecord;
import org.dane4j.smtp.AttemptResult;
import org.dane4j.smtp.DeliveryAttempt;
import org.dane4j.smtp.DomainDelivery;
import org.dane4j.smtp.TrustOutcome;

/**
 * What a DANE client concluded about one scenario, in the words both posttls-finger and
 * dane4j can be put in:
 * <ul>
 *   <li>{@code verified}: DANE-authenticated TLS (Postfix "Verified");
 *   <li>{@code trusted}: DANE-authenticated TLS to a host from an insecure MX RRset
 *       (Postfix "Trusted", RFC 7672 section 2.2.1);
 *   <li>{@code unauthenticated}: TLS without authentication, or cleartext, allowed;
 *   <li>{@code refused}: a server was reached but failed the DANE requirement (no match,
 *       no STARTTLS);
 *   <li>{@code deferred}: a DNS failure left no usable server; nothing was sent.
 * </ul>
 *
 * @param kind one of the words above (or {@code error:<what>} for anything else)
 * @param match the matching TLSA record as "usage selector matching-type", or "-"
 * @param depth the chain depth of the match, or "-"
 * @param address the server the message went to, or "-" when it was not delivered
 */
record Verdict(String kind, String match, String depth, String address) {

  private static final Set<AttemptResult> REFUSALS = EnumSet.of(
      AttemptResult.STARTTLS_NOT_OFFERED, AttemptResult.TLS_HANDSHAKE_FAILED, AttemptResult.DANE_MISMATCH);

  /** Whether a message is delivered under this verdict. */
  boolean delivers() {
    return kind.equals("verified") || kind.equals("trusted") || kind.equals("unauthenticated");
  }

  /** dane4j's verdict, read from its delivery report. */
  static Verdict of(DomainDelivery delivery) {
    Optional<DeliveryAttempt> delivered = delivery.delivery();
    if (delivered.isPresent()) {
      DeliveryAttempt attempt = delivered.get();
      String kind = switch (attempt.security()) {
        case DANE_VERIFIED -> "verified";
        case DANE_TRUSTED -> "trusted";
        case TLS_UNAUTHENTICATED, CLEARTEXT -> "unauthenticated";
        case NONE -> "error:delivered-without-session";
      };
      Optional<DaneResult> match = attempt.trustOutcome()
          .flatMap(TrustOutcome::daneResult)
          .filter(DaneResult::isVerified);
      String record = match.flatMap(DaneResult::matchedRecord).map(Verdict::numbers).orElse("-");
      String depth = match.map(r -> String.valueOf(r.matchedDepth().orElseThrow())).orElse("-");
      String address = attempt.address().map(InetAddress::getHostAddress).orElse("-");
      return new Verdict(kind, record, depth, address);
    }
    if (delivery.attempts().stream().anyMatch(a -> REFUSALS.contains(a.result()))) {
      return new Verdict("refused", "-", "-", "-");
    }
    return delivery.attempts().stream()
        .map(DeliveryAttempt::result)
        .filter(r -> r != AttemptResult.SKIPPED_UNREACHABLE)
        .findFirst()
        .map(r -> new Verdict("error:" + r, "-", "-", "-"))
        .orElse(new Verdict("deferred", "-", "-", "-"));
  }

  /** A verdict as posttls-finger's classification in oracle.sh wrote it (verdicts.tsv). */
  static Verdict parse(String[] fields) {
    return new Verdict(fields[1], fields[2], fields[3], fields[4]);
  }

  /**
   * The verdict as compared: for a message that was not delivered only the kind counts
   * (which server refused it is not a verdict).
   */
  Verdict comparable() {
    return delivers() ? this : new Verdict(kind, "-", "-", "-");
  }

  /**
   * The verdict under mandatory DANE (RFC 7672 section 6): an authenticated delivery stays
   * as it is; anything else becomes {@code not-delivered}, since both clients must then
   * refuse, whether before connecting or after.
   */
  Verdict mandatory() {
    return kind.equals("verified") || kind.equals("trusted") ? this : new Verdict("not-delivered", "-", "-", "-");
  }

  private static String numbers(TlsaRecord record) {
    return record.usageValue() + " " + record.selectorValue() + " " + record.matchingTypeValue();
  }

  @Override
  public String toString() {
    return kind + (match.equals("-") ? "" : " by " + match + " at depth " + depth)
        + (address.equals("-") ? "" : " via " + address);
  }
}
