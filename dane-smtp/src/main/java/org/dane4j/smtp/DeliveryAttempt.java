package org.dane4j.smtp;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import org.dane4j.core.DaneResult;
import org.dane4j.smtp.internal.SmtpFailures;

/**
 * One attempt to deliver to one address of one {@link DeliveryTarget} (or the decision
 * not to try an unusable target), with how the connection was protected and, on failure,
 * the evidence. Immutable.
 */
public final class DeliveryAttempt {
  private final DeliveryTarget target;
  private final InetAddress address;
  private final AttemptResult result;
  private final ChannelSecurity security;
  private final TrustOutcome trustOutcome;
  private final String detail;
  private final String wouldHaveFailed;

  DeliveryAttempt(DeliveryTarget target, InetAddress address, AttemptResult result, ChannelSecurity security,
      TrustOutcome trustOutcome, String detail, String wouldHaveFailed) {
    this.target = Objects.requireNonNull(target, "target");
    this.address = address;
    this.result = Objects.requireNonNull(result, "result");
    this.security = Objects.requireNonNull(security, "security");
    this.trustOutcome = trustOutcome;
    this.detail = Objects.requireNonNull(detail, "detail");
    this.wouldHaveFailed = wouldHaveFailed;
  }

  /** The target tried. */
  public DeliveryTarget target() {
    return target;
  }

  /** The validated address connected to; empty when the target was skipped. */
  public Optional<InetAddress> address() {
    return Optional.ofNullable(address);
  }

  /** What happened. */
  public AttemptResult result() {
    return result;
  }

  /** Whether the message was delivered by this attempt. */
  public boolean isDelivered() {
    return result == AttemptResult.DELIVERED;
  }

  /** How the connection was protected. */
  public ChannelSecurity security() {
    return security;
  }

  /**
   * The trust manager's decision on the server's certificate chain, with the TLS protocol,
   * cipher suite and DANE result; empty when there was no TLS handshake.
   */
  public Optional<TrustOutcome> trustOutcome() {
    return Optional.ofNullable(trustOutcome);
  }

  /**
   * Shorthand for {@code trustOutcome().flatMap(TrustOutcome::daneResult)}: the DANE
   * verification result of the handshake (matched record and depth, or the full explanation
   * of a mismatch); empty without a handshake or without TLSA records.
   */
  public Optional<DaneResult> daneResult() {
    return trustOutcome().flatMap(TrustOutcome::daneResult);
  }

  /**
   * The evidence for a failure: the SMTP reply, the exception message, or for a DANE
   * mismatch the verifier's full explanation. Empty text on success.
   */
  public String detail() {
    return detail;
  }

  /**
   * Under {@link SmtpTlsPolicy#INSECURE_DANE_REPORT_ONLY}: what RFC 7672 enforcement would
   * have refused on this attempt (a DANE mismatch, a failed TLSA lookup). Empty otherwise.
   */
  public Optional<String> wouldHaveFailed() {
    return Optional.ofNullable(wouldHaveFailed);
  }

  /**
   * Where: {@code mx1.example.org[192.0.2.1]:25}; the address is left out for a skipped
   * target.
   */
  public String where() {
    return target.host() + (address == null ? "" : "[" + address.getHostAddress() + "]") + ":" + target.port();
  }

  /**
   * How the server was authenticated in words, e.g.
   * {@code "verified by DANE-EE(3) SPKI(1) SHA2-256(1) 6f2e...a1 at depth 0"}, with
   * "trusted" instead of "verified" when the MX RRset was insecure; {@code "cleartext"}
   * without TLS; empty when there was no session.
   */
  public String authentication() {
    if (trustOutcome == null) {
      return security == ChannelSecurity.CLEARTEXT ? "cleartext" : "";
    }
    String summary = trustOutcome.toString();
    if (security == ChannelSecurity.DANE_TRUSTED && summary.startsWith("verified")) {
      return "trusted" + summary.substring("verified".length());
    }
    return target.isRelaxed() ? summary + " (report-only, not enforced)" : summary;
  }

  /**
   * The connection in words: {@code "TLSv1.3, TLS_AES_256_GCM_SHA384, verified by ..."},
   * {@code "cleartext"}, or empty when there was no session.
   */
  public String channel() {
    StringBuilder out = new StringBuilder();
    if (trustOutcome != null && trustOutcome.accepted()) {
      trustOutcome.protocol().ifPresent(p -> out.append(p).append(", "));
      trustOutcome.cipherSuite().ifPresent(s -> out.append(s).append(", "));
    }
    return out.append(authentication()).toString();
  }

  /**
   * For example {@code "mx1.example.org[192.0.2.1]:25 DELIVERED, TLSv1.3, TLS_AES_256_GCM_SHA384,
   * verified by DANE-EE(3) SPKI(1) SHA2-256(1) 6f2e...a1 at depth 0"}, or the result with the
   * whole evidence on one line (its lines joined by {@code " | "}).
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(where()).append(' ').append(result);
    String channel = channel();
    if (!channel.isEmpty()) {
      out.append(", ").append(channel);
    }
    if (!detail.isEmpty()) {
      out.append(": ").append(SmtpFailures.oneLine(detail));
    }
    if (wouldHaveFailed != null) {
      out.append(" [report-only, enforcement would have failed: ").append(SmtpFailures.oneLine(wouldHaveFailed))
          .append(']');
    }
    return out.toString();
  }
}
