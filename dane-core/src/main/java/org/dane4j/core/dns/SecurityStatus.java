package org.dane4j.core.dns;

/**
 * The DNSSEC security status of an answer, as defined by RFC 4033 section 5 and used by
 * RFC 7672 section 2.1.1.
 *
 * <p>Only {@link #SECURE} data may enable DANE. {@link #INSECURE} data is usable but
 * unauthenticated: "no trust anchor" and "provably unsigned" are the same for SMTP.
 * {@link #BOGUS} and {@link #INDETERMINATE} are lookup failures and must be treated alike
 * (RFC 7672 section 2.1.1): never as "no records".
 */
public enum SecurityStatus {
  /** Validated from a trust anchor down to the data, or the data's absence, by DNSSEC. */
  SECURE,
  /** Provably outside signed space: an insecure delegation covers the name. */
  INSECURE,
  /** Signed space, but validation failed (bad or missing signatures, DS mismatch, ...). */
  BOGUS,
  /** The status could not be determined (timeouts, SERVFAIL, unproven insecurity, ...). */
  INDETERMINATE;

  /** Whether the status makes the lookup a failure: {@link #BOGUS} or {@link #INDETERMINATE}. */
  public boolean isFailure() {
    return this == BOGUS || this == INDETERMINATE;
  }
}
