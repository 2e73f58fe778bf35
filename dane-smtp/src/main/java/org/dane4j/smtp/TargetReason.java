package org.dane4j.smtp;

/**
 * Why a {@link DeliveryTarget} got its {@link TlsRequirement}: the machine-readable form of
 * the decision of RFC 7672 section 2.
 */
public enum TargetReason {
  /** Secure TLSA RRset with usable records: DANE authentication is required (section 2.2). */
  TLSA_USABLE(TlsRequirement.DANE_AUTHENTICATED),
  /** Secure TLSA RRset whose records are all unusable: TLS without authentication (section 2.2). */
  TLSA_ALL_UNUSABLE(TlsRequirement.TLS_UNAUTHENTICATED),
  /** Secure denial of TLSA records: opportunistic TLS. */
  NO_TLSA(TlsRequirement.OPPORTUNISTIC),
  /** The TLSA RRset is insecure: opportunistic TLS (section 2.2). */
  TLSA_INSECURE(TlsRequirement.OPPORTUNISTIC),
  /** The host's addresses are insecure, so TLSA was not looked up (section 2.2.2). */
  ADDRESSES_INSECURE(TlsRequirement.OPPORTUNISTIC),
  /** The MX record names an IP address: no DANE for address literals (section 2.2). */
  ADDRESS_LITERAL(TlsRequirement.OPPORTUNISTIC),
  /** The policy is {@link SmtpTlsPolicy#OPPORTUNISTIC_TLS}: TLSA was not looked up. */
  DANE_DISABLED(TlsRequirement.OPPORTUNISTIC),
  /** The address lookup failed (bogus or indeterminate): the host is unusable (section 2.1.2). */
  ADDRESS_LOOKUP_FAILED(TlsRequirement.UNREACHABLE),
  /** The host name has no addresses (validated NXDOMAIN or NODATA). */
  NO_ADDRESSES(TlsRequirement.UNREACHABLE),
  /**
   * The MX record's exchange cannot be a host: a dotted-decimal name that is no IPv4 address
   * (such as {@code 999.0.0.1}), the root, characters other than letters, digits, hyphens and
   * underscores, or a TLSA base domain that cannot be sent as SNI. The host is unusable and
   * never looked up; the other MX hosts are tried (RFC 1123 section 2.1, RFC 7672 section 8.1).
   */
  INVALID_HOST_NAME(TlsRequirement.UNREACHABLE),
  /**
   * The TLSA lookup failed (bogus or indeterminate): the host is unusable (section 2.1.2);
   * under {@link SmtpTlsPolicy#INSECURE_DANE_REPORT_ONLY} it is used over unauthenticated TLS.
   */
  TLSA_LOOKUP_FAILED(TlsRequirement.UNREACHABLE),
  /**
   * The policy is {@link SmtpTlsPolicy#MANDATORY_DANE} and the host cannot be
   * DANE-authenticated (no usable secure TLSA records) (section 6).
   */
  MANDATORY_DANE_UNAVAILABLE(TlsRequirement.UNREACHABLE),
  /**
   * The policy is {@link SmtpTlsPolicy#MANDATORY_TLS} and the host has no DANE (insecure
   * DNS, no TLSA records, an address literal): TLS is required without authentication.
   */
  TLS_REQUIRED_BY_POLICY(TlsRequirement.TLS_UNAUTHENTICATED);

  private final TlsRequirement requirement;

  TargetReason(TlsRequirement requirement) {
    this.requirement = requirement;
  }

  /** The requirement RFC 7672 attaches to this reason (before a report-only policy relaxes it). */
  public TlsRequirement requirement() {
    return requirement;
  }
}
