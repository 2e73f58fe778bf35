/**
 * DNSSEC-validated DNS lookups for DANE: {@link org.dane4j.core.dns.DnssecResolver}.
 *
 * <p>DANE is only as strong as the DNS data behind it. A TLSA record may switch on
 * certificate checks only when DNSSEC proves it authentic ({@link
 * org.dane4j.core.dns.SecurityStatus#SECURE}); an unsigned zone ({@code INSECURE}) means
 * plain opportunistic TLS; and a lookup that fails ({@code BOGUS} or {@code INDETERMINATE})
 * must never be mistaken for "no TLSA records", or an attacker who breaks the lookup
 * switches DANE off (RFC 7672 section 2.1). The types here keep these cases apart:
 * {@link org.dane4j.core.dns.DnsAnswer} carries status, {@link
 * org.dane4j.core.dns.DnsOutcome outcome} (data, NODATA, NXDOMAIN, failed), records, TTL,
 * the CNAME chain with each hop's status, and a {@link org.dane4j.core.dns.DnsFailure} that
 * says why a lookup failed. {@link org.dane4j.core.dns.MxAnswer} and {@link
 * org.dane4j.core.dns.TlsaAnswer} add what MX and TLSA answers mean for SMTP delivery.
 */
package org.dane4j.core.dns;
