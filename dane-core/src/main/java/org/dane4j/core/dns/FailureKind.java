package org.dane4j.core.dns;

/**
 * Why a lookup failed. The kinds are kept apart because operators act on them differently:
 * a timeout is a network problem, a bogus answer is a signing problem or an attack.
 */
public enum FailureKind {
  /** DNSSEC validation failed: the data is bogus (RFC 4033 section 5). */
  BOGUS(SecurityStatus.BOGUS),
  /** No answer from any upstream within the query timeout, after all attempts. */
  TIMEOUT(SecurityStatus.INDETERMINATE),
  /** The upstream resolver answered SERVFAIL without a validation verdict of ours. */
  SERVFAIL(SecurityStatus.INDETERMINATE),
  /** The upstream answered with another error code (REFUSED, NOTIMP, FORMERR, ...). */
  UPSTREAM_ERROR(SecurityStatus.INDETERMINATE),
  /** The reply could not be parsed or does not fit the question. */
  MALFORMED(SecurityStatus.INDETERMINATE),
  /**
   * A negative answer arrived without validation, and the name could not be proven to lie
   * in unsigned space; it may be forged (RFC 7672 section 2.1.1 "indeterminate").
   */
  UNPROVEN_INSECURITY(SecurityStatus.INDETERMINATE),
  /** A CNAME chain loops or is longer than the limit. */
  CNAME_CHAIN(SecurityStatus.INDETERMINATE),
  /** Sending or receiving failed for another network reason. */
  NETWORK_ERROR(SecurityStatus.INDETERMINATE),
  /** The caller's thread was interrupted while waiting for a blocking lookup. */
  INTERRUPTED(SecurityStatus.INDETERMINATE);

  private final SecurityStatus status;

  FailureKind(SecurityStatus status) {
    this.status = status;
  }

  /** The security status an answer with this failure has: BOGUS or INDETERMINATE. */
  public SecurityStatus status() {
    return status;
  }
}
