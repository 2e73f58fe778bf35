package org.dane4j.core.dns;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The reason a lookup failed: its {@link FailureKind}, the Extended DNS Error code of
 * RFC 8914 where the validator or upstream gave one, and a human-readable explanation
 * that names the evidence (which query, which upstream, the validator's reason text).
 * Immutable.
 */
public final class DnsFailure {
  private final FailureKind kind;
  private final int extendedDnsError;
  private final String reason;

  private DnsFailure(FailureKind kind, int extendedDnsError, String reason) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.extendedDnsError = extendedDnsError;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** A failure without an Extended DNS Error code. */
  public static DnsFailure of(FailureKind kind, String reason) {
    return new DnsFailure(kind, -1, reason);
  }

  /**
   * A failure with an Extended DNS Error code (RFC 8914 section 4).
   *
   * @throws IllegalArgumentException if the code is outside 0..65535
   */
  public static DnsFailure of(FailureKind kind, int extendedDnsError, String reason) {
    if (extendedDnsError < 0 || extendedDnsError > 0xFFFF) {
      throw new IllegalArgumentException("Extended DNS Error code must be 0..65535, got " + extendedDnsError);
    }
    return new DnsFailure(kind, extendedDnsError, reason);
  }

  /** What kind of failure this is. */
  public FailureKind kind() {
    return kind;
  }

  /** The security status of the failed answer: BOGUS or INDETERMINATE. */
  public SecurityStatus status() {
    return kind.status();
  }

  /** The Extended DNS Error info-code (RFC 8914), if one was given. */
  public OptionalInt extendedDnsError() {
    return extendedDnsError < 0 ? OptionalInt.empty() : OptionalInt.of(extendedDnsError);
  }

  /** The explanation: what failed, where, and the validator's or upstream's own text. */
  public String reason() {
    return reason;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DnsFailure)) {
      return false;
    }
    DnsFailure other = (DnsFailure) o;
    return kind == other.kind && extendedDnsError == other.extendedDnsError && reason.equals(other.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, extendedDnsError, reason);
  }

  /** For example {@code "BOGUS (EDE 7): signature expired for example.org./A"}. */
  @Override
  public String toString() {
    return kind + (extendedDnsError < 0 ? "" : " (EDE " + extendedDnsError + ")") + ": " + reason;
  }
}
