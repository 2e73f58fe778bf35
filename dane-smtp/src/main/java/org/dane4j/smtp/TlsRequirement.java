package org.dane4j.smtp;

/**
 * What TLS a delivery target requires, decided from validated DNS data by RFC 7672
 * section 2.2. A client must hold to it on every connection to the target.
 */
public enum TlsRequirement {
  /**
   * The target has a secure TLSA RRset with usable records: TLS is mandatory and the
   * server's chain must match one of them (RFC 7672 section 2.2, 3). If it does not, try
   * the next MX host or defer; never fall back to cleartext or to unauthenticated TLS.
   */
  DANE_AUTHENTICATED,
  /**
   * The target has a secure TLSA RRset whose records are all unusable: TLS is mandatory,
   * authentication is not (RFC 7672 section 2.2). No cleartext fallback.
   */
  TLS_UNAUTHENTICATED,
  /**
   * No DANE for this target (insecure DNS, no TLSA records, an IP-literal MX): use TLS
   * when offered, without authentication, and cleartext otherwise (RFC 7672 section 2.2).
   */
  OPPORTUNISTIC,
  /**
   * A lookup for this target failed (bogus or indeterminate DNSSEC data): it must not be
   * used; try the next MX host, and defer when none is left (RFC 7672 section 2.1.2).
   */
  UNREACHABLE;

  /** Whether a connection without TLS is forbidden (STARTTLS required). */
  public boolean requiresTls() {
    return this == DANE_AUTHENTICATED || this == TLS_UNAUTHENTICATED;
  }
}
