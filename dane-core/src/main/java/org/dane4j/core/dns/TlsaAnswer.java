package org.dane4j.core.dns;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dane4j.core.TlsaRecord;

/**
 * The TLSA records of one SMTP server (host and port), found by the rules of RFC 7672
 * sections 2.2.2 and 2.2.3. Immutable.
 *
 * <p>The TLSA base domain comes from the host's address lookup:
 * <ul>
 *   <li>the host is no alias: the host itself, if its address answer is secure;
 *   <li>the host is an alias: the fully CNAME-expanded name if every hop and the addresses
 *       are secure; else the original host name, if the first CNAME hop is secure;
 *   <li>otherwise (insecure addresses or an insecure first hop) TLSA is not queried
 *       ({@link #wasQueried()} is false) and the status is INSECURE: no DANE for this host
 *       (RFC 7672 section 2.2.2).
 * </ul>
 * The TLSA query goes to {@code _<port>._tcp.<base domain>}; CNAMEs of that name are
 * followed with per-hop security, without changing the base domain (section 2.2.3).
 *
 * <p>A failure in the address lookup or anywhere in the TLSA lookup is a failure of the
 * whole answer ({@link #isFailure()}): the host is then unusable (RFC 7672 section 2.1.2).
 */
public final class TlsaAnswer {
  private final String host;
  private final int port;
  private final String baseDomain;
  private final DnsAnswer<TlsaRecord> answer;

  private TlsaAnswer(String host, int port, String baseDomain, DnsAnswer<TlsaRecord> answer) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.baseDomain = baseDomain;
    this.answer = Objects.requireNonNull(answer, "answer");
  }

  /** A TLSA answer found at {@code _<port>._tcp.<baseDomain>}. */
  public static TlsaAnswer queried(String host, int port, String baseDomain, DnsAnswer<TlsaRecord> answer) {
    return new TlsaAnswer(host, port, Objects.requireNonNull(baseDomain, "baseDomain"), answer);
  }

  /**
   * No TLSA query was made: {@code answer} is either the INSECURE result for a host whose
   * addresses are insecure, or the failure that prevented the query.
   */
  public static TlsaAnswer notQueried(String host, int port, DnsAnswer<TlsaRecord> answer) {
    return new TlsaAnswer(host, port, null, answer);
  }

  /** The server host name (the MX host) whose addresses decided the base domain. */
  public String host() {
    return host;
  }

  /** The TCP port, part of the TLSA name. */
  public int port() {
    return port;
  }

  /** The TLSA base domain (RFC 7672 section 2.2.2); empty if TLSA was not queried. */
  public Optional<String> baseDomain() {
    return Optional.ofNullable(baseDomain);
  }

  /** Whether TLSA records were looked up at all. */
  public boolean wasQueried() {
    return baseDomain != null;
  }

  /** The TLSA lookup (or the reason there was none): status, outcome, records, chain, failure. */
  public DnsAnswer<TlsaRecord> answer() {
    return answer;
  }

  /** The status: SECURE TLSA data may enable DANE, INSECURE never. */
  public SecurityStatus status() {
    return answer.status();
  }

  /** The TLSA records (empty for NODATA, NXDOMAIN, not queried or failed). */
  public List<TlsaRecord> records() {
    return answer.records();
  }

  /** Whether the lookup failed: the host must be skipped (RFC 7672 section 2.1.2). */
  public boolean isFailure() {
    return answer.isFailure();
  }

  /** Why the lookup failed; empty unless {@link #isFailure()}. */
  public Optional<DnsFailure> failure() {
    return answer.failure();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TlsaAnswer)) {
      return false;
    }
    TlsaAnswer other = (TlsaAnswer) o;
    return host.equals(other.host) && port == other.port && Objects.equals(baseDomain, other.baseDomain)
        && answer.equals(other.answer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port, baseDomain, answer);
  }

  /** For example {@code "mx1.example.org:25 base mx1.example.org: _25._tcp...TLSA SECURE DATA ..."}. */
  @Override
  public String toString() {
    return host + ":" + port + (baseDomain == null ? " not queried: " : " base " + baseDomain + ": ") + answer;
  }
}
