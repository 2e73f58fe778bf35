package org.dane4j.smtp;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dane4j.core.DaneResult;

/**
 * What the DANE trust manager decided about one TLS handshake: the chain the server
 * presented, the TLS requirement it was judged under, the DANE verification result (when
 * there were TLSA records to check) and whether the handshake was allowed to proceed.
 *
 * <p>{@link #toString()} is the one-line summary for a delivery report, e.g.
 * {@code "verified by DANE-EE(3) SPKI(1) SHA2-256(1) 6f2e...a1 at depth 0"}.
 *
 * @param requirement the TLS requirement of the target
 * @param peerChain the certificates the server sent, leaf first
 * @param daneResult the DANE verification result; empty when there were no TLSA records
 * @param accepted whether the trust manager accepted the chain
 * @param protocol the TLS protocol being negotiated, e.g. {@code TLSv1.3}; empty when the
 *     trust manager was called without a connection
 * @param cipherSuite the cipher suite being negotiated; empty like {@code protocol}
 */
public record TrustOutcome(TlsRequirement requirement, List<X509Certificate> peerChain,
    Optional<DaneResult> daneResult, boolean accepted, Optional<String> protocol, Optional<String> cipherSuite) {

  /** Checks for nulls and copies the chain. */
  public TrustOutcome {
    Objects.requireNonNull(requirement, "requirement");
    peerChain = List.copyOf(peerChain);
    Objects.requireNonNull(daneResult, "daneResult");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(cipherSuite, "cipherSuite");
  }

  /** Whether the server was authenticated by a matching TLSA record. */
  public boolean isDaneVerified() {
    return daneResult.map(DaneResult::isVerified).orElse(false);
  }

  /**
   * A one-line summary: {@code "verified by DANE-TA(2) ... at depth 1, name mx1.example.org"},
   * {@code "not authenticated (no usable TLSA records)"}, or {@code "DANE verification failed"}
   * (the full evidence is in {@link DaneResult#explanation()}).
   */
  @Override
  public String toString() {
    if (daneResult.isEmpty()) {
      return "not authenticated (no TLSA records)";
    }
    DaneResult result = daneResult.get();
    switch (result.status()) {
      case VERIFIED:
        return "verified by " + result.matchedRecord().orElseThrow().describe() + " at depth "
            + result.matchedDepth().orElseThrow() + result.matchedName().map(n -> ", name " + n).orElse("");
      case NO_USABLE_RECORDS:
        return "not authenticated (no usable TLSA records)";
      default:
        return accepted ? "DANE verification failed, accepted without authentication" : "DANE verification failed";
    }
  }
}
