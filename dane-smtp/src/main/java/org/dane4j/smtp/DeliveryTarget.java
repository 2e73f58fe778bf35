package org.dane4j.smtp;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocketFactory;
import org.dane4j.core.DaneVerifier;
import org.dane4j.core.TlsaRecord;

/**
 * One SMTP server of a {@link DeliveryPlan}: an MX host (or relay) with its validated
 * addresses and what TLS it requires, decided from validated DNS data (RFC 7672 section
 * 2.2). Immutable.
 *
 * <p>A client connects only to {@link #addresses()} (they come from the validated lookup;
 * resolving the host name again would bypass it, RFC-CHECKLIST item 30), on
 * {@link #port()}, and installs {@link #tlsClient()} for STARTTLS:
 *
 * <ul>
 *   <li>{@link TlsRequirement#UNREACHABLE}: do not connect; try the next target;
 *   <li>{@link TlsRequirement#DANE_AUTHENTICATED} and {@link TlsRequirement#TLS_UNAUTHENTICATED}:
 *       STARTTLS is required; if the server does not offer it, or the handshake fails, give
 *       up on this address;
 *   <li>{@link TlsRequirement#OPPORTUNISTIC}: STARTTLS when offered, cleartext otherwise.
 * </ul>
 */
public final class DeliveryTarget {
  private final String host;
  private final int preference;
  private final int port;
  private final List<InetAddress> addresses;
  private final TlsRequirement requirement;
  private final TargetReason reason;
  private final String detail;
  private final List<TlsaRecord> tlsa;
  private final String baseDomain;
  private final List<String> referenceNames;
  private final boolean mxSecure;
  private final DaneVerifier verifier;

  DeliveryTarget(String host, int preference, int port, List<InetAddress> addresses, TlsRequirement requirement,
      TargetReason reason, String detail, List<TlsaRecord> tlsa, String baseDomain, List<String> referenceNames,
      boolean mxSecure, DaneVerifier verifier) {
    this.host = Objects.requireNonNull(host, "host");
    this.preference = preference;
    this.port = port;
    this.addresses = List.copyOf(addresses);
    this.requirement = Objects.requireNonNull(requirement, "requirement");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.detail = Objects.requireNonNull(detail, "detail");
    this.tlsa = List.copyOf(tlsa);
    this.baseDomain = baseDomain;
    this.referenceNames = List.copyOf(referenceNames);
    this.mxSecure = mxSecure;
    this.verifier = Objects.requireNonNull(verifier, "verifier");
  }

  /** The MX host name (or relay host, or address literal) as published. */
  public String host() {
    return host;
  }

  /** The MX preference (0 for the implicit MX and for a relay). */
  public int preference() {
    return preference;
  }

  /** The TCP port to connect to; the TLSA records were looked up for it ({@code _<port>._tcp}). */
  public int port() {
    return port;
  }

  /** The validated addresses to connect to, IPv4 first; empty when the target is unreachable. */
  public List<InetAddress> addresses() {
    return addresses;
  }

  /** What TLS connections to this target must provide. */
  public TlsRequirement requirement() {
    return requirement;
  }

  /**
   * Why: the RFC 7672 decision. {@code reason().requirement()} differs from
   * {@link #requirement()} only under {@link SmtpTlsPolicy#INSECURE_DANE_REPORT_ONLY}, which
   * relaxes it.
   */
  public TargetReason reason() {
    return reason;
  }

  /** Whether the requirement was relaxed by a report-only policy. */
  public boolean isRelaxed() {
    return reason.requirement() != requirement;
  }

  /** The evidence for the decision in words: DNS statuses, failures with their reasons. */
  public String detail() {
    return detail;
  }

  /** The secure TLSA RRset (usable and unusable records); empty when there is none. */
  public List<TlsaRecord> tlsa() {
    return tlsa;
  }

  /** The TLSA base domain (RFC 7672 section 2.2.2); empty when TLSA was not looked up. */
  public Optional<String> baseDomain() {
    return Optional.ofNullable(baseDomain);
  }

  /**
   * The names a DANE-TA(2) certificate may carry (RFC 7672 section 3.2.2), the TLSA base
   * domain (the SNI name) first.
   */
  public List<String> referenceNames() {
    return referenceNames;
  }

  /**
   * Whether the route to this host is authenticated: the MX RRset was secure (or there was
   * no MX lookup). When false, a DANE match protects the hop but is reported as "trusted",
   * not "verified" (RFC 7672 section 2.2.1).
   */
  public boolean isMxSecure() {
    return mxSecure;
  }

  /** Whether this target may be connected to at all. */
  public boolean isUsable() {
    return requirement != TlsRequirement.UNREACHABLE;
  }

  /**
   * A new TLS client setup for connections to this target: SNI, the DANE trust manager,
   * no session resumption. Each call returns a new instance, so its
   * {@link DaneTlsClient#latestOutcome()} belongs to the caller's connection.
   *
   * @throws IllegalStateException if the target is {@link TlsRequirement#UNREACHABLE}
   */
  public DaneTlsClient tlsClient() {
    if (!isUsable()) {
      throw new IllegalStateException("Target " + host + " is unreachable (" + reason + "): " + detail);
    }
    // SNI is the first reference name: the TLSA base domain, or the host itself without TLSA.
    return DaneTlsClient.builder().tlsa(tlsa).referenceNames(referenceNames).requirement(requirement)
        .verifier(verifier).build();
  }

  /** Shorthand for {@code tlsClient().socketFactory()}. */
  public SSLSocketFactory sslSocketFactory() {
    return tlsClient().socketFactory();
  }

  /** For example {@code "10 mx1.example.org [192.0.2.1]:25 DANE_AUTHENTICATED (TLSA_USABLE)"}. */
  @Override
  public String toString() {
    String where = addresses.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", ", "[", "]"));
    return preference + " " + host + " " + where + ":" + port + " " + requirement + " (" + reason
        + (isRelaxed() ? ", not enforced: report-only" : "") + (mxSecure ? "" : ", MX insecure") + ")";
  }
}
