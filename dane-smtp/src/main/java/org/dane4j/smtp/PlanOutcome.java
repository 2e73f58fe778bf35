package org.dane4j.smtp;

/** Whether a {@link DeliveryPlan} can be followed, and if not, why (machine-readable). */
public enum PlanOutcome {
  /** At least one target may be connected to. */
  READY(false, false),
  /** The MX lookup failed (bogus or indeterminate): delay delivery (RFC 7672 section 2.1.2). */
  MX_LOOKUP_FAILED(true, false),
  /** Mandatory DANE, but the MX RRset is not secure: delay delivery (RFC 7672 section 2.2.1). */
  MX_INSECURE_UNDER_MANDATORY_DANE(true, false),
  /** Every target is {@link TlsRequirement#UNREACHABLE}: delay delivery (RFC 7672 section 2.1.2). */
  NO_USABLE_TARGET(true, false),
  /** The domain publishes a null MX (RFC 7505): it accepts no mail. */
  NULL_MX(false, true),
  /** The domain does not exist (validated NXDOMAIN). */
  NO_SUCH_DOMAIN(false, true);

  private final boolean deferred;
  private final boolean undeliverable;

  PlanOutcome(boolean deferred, boolean undeliverable) {
    this.deferred = deferred;
    this.undeliverable = undeliverable;
  }

  /** Whether delivery must be retried later (a temporary condition). */
  public boolean isDeferred() {
    return deferred;
  }

  /** Whether the mail can never be delivered to this destination (a permanent condition). */
  public boolean isUndeliverable() {
    return undeliverable;
  }
}
