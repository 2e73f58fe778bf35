package org.dane4j.smtp;

/**
 * How much TLS security a sender demands of a destination. Set it for all destinations
 * and override it per next-hop domain ({@link SmtpDane.Builder#policy(String, SmtpTlsPolicy)}).
 * Each constant names the closest Postfix {@code smtp_tls_security_level}.
 */
public enum SmtpTlsPolicy {
  /**
   * Opportunistic TLS without DANE: TLSA records are not looked up; TLS is used when the
   * server offers it, without authentication, and cleartext otherwise. Postfix: {@code may}.
   */
  OPPORTUNISTIC_TLS,
  /**
   * Opportunistic DANE (RFC 7672), the default: a destination with secure, usable TLSA
   * records gets authenticated TLS or nothing; one with a secure TLSA RRset of unusable
   * records gets mandatory TLS; all others get opportunistic TLS. Lookup failures skip
   * the MX host, or defer when none is left. Postfix: {@code dane}.
   */
  DANE,
  /**
   * Mandatory DANE (RFC 7672 sections 2.2.1 and 6): deliver only over DANE-authenticated
   * TLS. An insecure MX RRset, or an MX host without usable TLSA records, defers delivery.
   * Postfix: {@code dane-only}.
   */
  MANDATORY_DANE,
  /**
   * {@link #DANE} where TLSA records are published, and TLS without authentication required
   * everywhere else: never cleartext. A server that does not offer STARTTLS (or an attacker
   * who strips it) gets no mail; an attacker who presents any certificate to a host without
   * DANE still can. Postfix: {@code encrypt}, but with DANE enforced where it applies (as
   * Postfix's {@code dane} level does), not ignored.
   */
  MANDATORY_TLS,
  /**
   * For operators rolling DANE out: DANE is looked up and verified exactly as with
   * {@link #DANE}, every failure is reported, but <b>authentication is not enforced</b>: a
   * server whose certificate does not match its TLSA records still gets the mail over
   * unauthenticated TLS, and an MX host whose TLSA lookup failed (bogus or indeterminate) is
   * still used, over unauthenticated TLS.
   *
   * <p>TLS is still required wherever DANE applies: for a host with a secure TLSA RRset
   * (usable or not) and for a host whose TLSA lookup failed, STARTTLS is required and a
   * server that does not offer it (or an attacker who strips it) gets no mail; such a host
   * is skipped or the domain deferred. Hosts without DANE (insecure DNS, a secure denial of
   * TLSA) get opportunistic TLS as under {@link #DANE}. This mode gives no protection
   * against an active attacker who can present any certificate; RFC 7672 section 9.1 allows
   * it only as an audit mode that delivers "at a reduced security level", and
   * {@link DeliveryAttempt#wouldHaveFailed()} says what enforcement would have refused. No
   * Postfix equivalent (its closest is {@code may} with DANE lookups logged).
   */
  INSECURE_DANE_REPORT_ONLY
}
