/**
 * DANE for SMTP (RFC 7672): from a recipient domain to authenticated TLS.
 *
 * <p>A sending MTA looks up the next-hop domain's MX hosts, their addresses and, for hosts
 * whose addresses are DNSSEC-secure, their TLSA records at {@code _25._tcp.<host>}. Each MX
 * host then has a {@link org.dane4j.smtp.TlsRequirement}: with secure, usable TLSA records
 * the server must present a matching chain (no cleartext, no public CA fallback); with a
 * secure set of unusable records TLS is still mandatory; without secure TLSA it is ordinary
 * opportunistic TLS; and when a lookup fails the host is skipped.
 *
 * <ul>
 *   <li>{@link org.dane4j.smtp.SmtpDane} plans a domain into a {@link org.dane4j.smtp.DeliveryPlan}
 *       of {@link org.dane4j.smtp.DeliveryTarget}s, under a {@link org.dane4j.smtp.SmtpTlsPolicy};
 *   <li>{@link org.dane4j.smtp.DaneTlsClient} (with its internal DANE trust manager) enforces a
 *       target's requirement on a socket or {@code SSLEngine} (SNI, no anonymous suites, no session
 *       resumption, DANE-only trust);
 *   <li>{@link org.dane4j.smtp.DaneMailer} does it all for a Jakarta Mail message and returns a
 *       {@link org.dane4j.smtp.DeliveryReport}.
 * </ul>
 */
package org.dane4j.smtp;
