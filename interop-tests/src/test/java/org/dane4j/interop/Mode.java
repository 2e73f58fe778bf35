package org.dane4j.interop;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.dane4j.core.dns.DnssecResolver;

/** How dane4j gets validated DNS answers in the suite (RFC 7672 section 2.1.1). */
enum Mode {
  /**
   * dane4j validates DNSSEC itself, from the private root's trust anchor, over the
   * iterator-only Unbound (which passes bogus data through unchanged).
   */
  LOCAL_VALIDATION("local-validation"),
  /** dane4j trusts the AD bit of the validating Unbound on loopback (the explicit opt-in). */
  TRUSTED_AD_BIT("trusted-ad-bit");

  static final InetSocketAddress RECURSIVE_UNBOUND = new InetSocketAddress("127.53.1.2", 53);
  static final InetSocketAddress VALIDATING_UNBOUND = new InetSocketAddress("127.53.1.1", 53);

  private final String label;

  Mode(String label) {
    this.label = label;
  }

  /** The name used in DISAGREEMENTS.md and in mailbox names. */
  String label() {
    return label;
  }

  /** A resolver for this mode; the caller closes it. */
  DnssecResolver resolver(Path rootTrustAnchor) {
    return switch (this) {
      case LOCAL_VALIDATION -> DnssecResolver.builder()
          .upstream(RECURSIVE_UNBOUND)
          .trustAnchorFile(rootTrustAnchor)
          .build();
      case TRUSTED_AD_BIT -> DnssecResolver.builder()
          .trustAdBitFrom(List.of(VALIDATING_UNBOUND))
          .build();
    };
  }

  @Override
  public String toString() {
    return label;
  }
}
