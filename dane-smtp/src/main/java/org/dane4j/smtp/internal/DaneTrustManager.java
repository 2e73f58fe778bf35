package org.dane4j.smtp.internal;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.dane4j.core.DaneResult;
import org.dane4j.core.DaneVerifier;
import org.dane4j.core.TlsaRecord;
import org.dane4j.smtp.TlsRequirement;
import org.dane4j.smtp.TrustOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TLS client trust manager that authenticates an SMTP server by DANE (RFC 7672 section 3)
 * and by nothing else: it is bound to one delivery target's TLSA records, reference names
 * and {@link TlsRequirement}, and never consults the JDK's PKIX trust store.
 *
 * <ul>
 *   <li>{@link TlsRequirement#DANE_AUTHENTICATED}: the chain must match a usable TLSA
 *       record; otherwise the handshake fails with a {@link CertificateException} whose
 *       message is the verifier's full explanation (every record, the digest every
 *       certificate would have, per depth).
 *   <li>{@link TlsRequirement#TLS_UNAUTHENTICATED} and {@link TlsRequirement#OPPORTUNISTIC}:
 *       any chain is accepted (RFC 7672 section 2.2). TLSA records given anyway are still
 *       checked, and the result is recorded, so a report can say what would have failed.
 * </ul>
 *
 * <p>The check is pure and quick: no DNS lookups, no network (RFC 7672 section 2.1: all
 * lookups happen while planning). Every decision is recorded as a {@link TrustOutcome},
 * available from {@link #outcome()}, including the rejected ones.
 *
 * <p>Because this class extends {@link X509ExtendedTrustManager}, JSSE adds no host name
 * check of its own, even when the client sets an endpoint identification algorithm (Jakarta
 * Mail sets {@code LDAPS}): DANE-EE(3) is deliberately not name-checked (RFC 7672 section
 * 3.1.1), and DANE-TA(2) names are checked by the verifier against the reference names
 * (RFC 7672 section 3.2.2).
 *
 * <p>This trust manager authenticates servers only; the client-side methods throw. It is
 * thread-safe, but {@link #outcome()} holds only the latest handshake: use one instance per
 * connection (as {@link DaneTlsClient} does) to attribute outcomes exactly.
 */
public final class DaneTrustManager extends X509ExtendedTrustManager {
  private static final Logger LOG = LoggerFactory.getLogger(DaneTrustManager.class);
  private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

  private final List<TlsaRecord> tlsa;
  private final List<String> referenceNames;
  private final TlsRequirement requirement;
  private final DaneVerifier verifier;
  private volatile TrustOutcome outcome;

  private DaneTrustManager(List<TlsaRecord> tlsa, List<String> referenceNames, TlsRequirement requirement,
      DaneVerifier verifier) {
    this.tlsa = tlsa;
    this.referenceNames = referenceNames;
    this.requirement = requirement;
    this.verifier = verifier;
  }

  /** A builder; TLSA records, reference names and the requirement must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The TLSA records the server is checked against. */
  public List<TlsaRecord> tlsa() {
    return tlsa;
  }

  /** The reference names for DANE-TA(2) name checks, the TLSA base domain first. */
  public List<String> referenceNames() {
    return referenceNames;
  }

  /** The TLS requirement the chain is judged under. */
  public TlsRequirement requirement() {
    return requirement;
  }

  /** The verifier the chain is checked with. */
  public DaneVerifier verifier() {
    return verifier;
  }

  /** The decision on the latest handshake checked by this trust manager; empty before the first. */
  public Optional<TrustOutcome> outcome() {
    return Optional.ofNullable(outcome);
  }

  /**
   * Checks the server's chain against the TLSA records under the requirement (see the class
   * description) and records the outcome.
   *
   * @throws CertificateException if DANE authentication is required and fails; the message
   *     is the verifier's full explanation
   */
  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain, null);
  }

  /**
   * Checks the server's chain against the TLSA records under the requirement (see the class
   * description) and records the outcome.
   *
   * @throws CertificateException if DANE authentication is required and fails; the message
   *     is the verifier's full explanation
   */
  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, socket instanceof SSLSocket tls ? tls.getHandshakeSession() : null);
  }

  /**
   * Checks the server's chain against the TLSA records under the requirement (see the class
   * description) and records the outcome.
   *
   * @throws CertificateException if DANE authentication is required and fails; the message
   *     is the verifier's full explanation
   */
  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, engine == null ? null : engine.getHandshakeSession());
  }

  /** Always throws: this trust manager authenticates SMTP servers, not clients. */
  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw clientUnsupported();
  }

  /** Always throws: this trust manager authenticates SMTP servers, not clients. */
  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw clientUnsupported();
  }

  /** Always throws: this trust manager authenticates SMTP servers, not clients. */
  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw clientUnsupported();
  }

  /** None: DANE names its trust anchors in DNS, not in a list of CAs. */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return NO_ISSUERS.clone();
  }

  /** The requirement, reference names and TLSA records, for logs. */
  @Override
  public String toString() {
    return "DaneTrustManager[" + requirement + ", names " + referenceNames + ", TLSA " + tlsa + "]";
  }

  private void check(X509Certificate[] chain, SSLSession handshake) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("Server " + serverName() + " sent no certificate");
    }
    for (int depth = 0; depth < chain.length; depth++) {
      if (chain[depth] == null) {
        // List.of would throw a bare NullPointerException inside the handshake.
        throw new CertificateException("Server " + serverName() + " chain has no certificate at depth " + depth
            + " of " + chain.length);
      }
    }
    List<X509Certificate> peerChain = List.of(chain);
    Optional<DaneResult> result;
    try {
      result = tlsa.isEmpty() ? Optional.empty() : Optional.of(verifier.verify(peerChain, tlsa, referenceNames));
    } catch (RuntimeException e) {
      // Nothing may escape the handshake unexplained; a verifier fault fails closed.
      throw new CertificateException("DANE verification for " + serverName() + " could not be completed: " + e, e);
    }
    boolean accepted = requirement != TlsRequirement.DANE_AUTHENTICATED
        || result.map(DaneResult::isVerified).orElse(false);
    TrustOutcome decided = new TrustOutcome(requirement, peerChain, result, accepted,
        Optional.ofNullable(handshake).map(SSLSession::getProtocol),
        Optional.ofNullable(handshake).map(SSLSession::getCipherSuite));
    this.outcome = decided;
    LOG.debug("{} for {} ({}): {}", accepted ? "Accepted chain" : "Rejected chain", serverName(), requirement,
        decided);
    if (!accepted) {
      throw new CertificateException(result.map(DaneResult::explanation)
          .orElse("No TLSA records to authenticate " + serverName()));
    }
  }

  /** A trust manager with the same configuration and no outcome yet, for one more connection. */
  public DaneTrustManager forNextConnection() {
    return new DaneTrustManager(tlsa, referenceNames, requirement, verifier);
  }

  private String serverName() {
    return referenceNames.isEmpty() ? "(unnamed server)" : referenceNames.get(0);
  }

  private static CertificateException clientUnsupported() {
    return new CertificateException("DaneTrustManager authenticates SMTP servers only, not TLS clients");
  }

  /** Options of a {@link DaneTrustManager}. */
  public static final class Builder {
    private List<TlsaRecord> tlsa = List.of();
    private List<String> referenceNames;
    private TlsRequirement requirement;
    private DaneVerifier verifier;

    private Builder() {
    }

    /** The target's TLSA records (empty for a target without DANE); copied. */
    public Builder tlsa(Collection<TlsaRecord> records) {
      this.tlsa = List.copyOf(records);
      return this;
    }

    /**
     * The reference names for DANE-TA(2) name checks (RFC 7672 section 3.2.2), the TLSA
     * base domain first; copied. Required.
     */
    public Builder referenceNames(Collection<String> names) {
      this.referenceNames = List.copyOf(names);
      return this;
    }

    /** The target's TLS requirement. Required; {@link TlsRequirement#UNREACHABLE} is refused. */
    public Builder requirement(TlsRequirement requirement) {
      Objects.requireNonNull(requirement, "requirement");
      if (requirement == TlsRequirement.UNREACHABLE) {
        throw new IllegalArgumentException("An UNREACHABLE target must not be connected to, so it has no trust manager");
      }
      this.requirement = requirement;
      return this;
    }

    /**
     * The verifier; default a new one with the SMTP profile and the system clock. Share one
     * verifier between trust managers (as {@link SmtpDane} does) rather than building one each.
     */
    public Builder verifier(DaneVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * The trust manager.
     *
     * @throws IllegalStateException if the reference names or the requirement are missing,
     *     or if DANE authentication is required without any TLSA record
     */
    public DaneTrustManager build() {
      if (referenceNames == null || referenceNames.isEmpty()) {
        throw new IllegalStateException("Reference names are required (the TLSA base domain at least)");
      }
      if (requirement == null) {
        throw new IllegalStateException("The TLS requirement is required");
      }
      if (requirement == TlsRequirement.DANE_AUTHENTICATED && tlsa.isEmpty()) {
        throw new IllegalStateException("DANE_AUTHENTICATED needs TLSA records to authenticate "
            + referenceNames.get(0));
      }
      return new DaneTrustManager(tlsa, referenceNames, requirement,
          verifier == null ? DaneVerifier.builder().build() : verifier);
    }
  }
}
