package org.dane4j.testkit.dns;

/**
 * The DNSSEC signing algorithm of a zone (the DNSKEY/RRSIG algorithm numbers of the
 * IANA "DNS Security Algorithm Numbers" registry).
 *
 * <p>All three are "MUST implement" for validators per RFC 8624 section 3.1 (Ed25519:
 * "RECOMMENDED") and need nothing beyond the JDK at run time.
 */
public enum SigningAlgorithm {
  /** ECDSA on curve P-256 with SHA-256, algorithm 13 (RFC 6605): the default, small and fast. */
  ECDSA_P256_SHA256(13),
  /** RSA/SHA-256, algorithm 8 (RFC 5702), 2048-bit keys: what most of the real DNS still uses. */
  RSA_SHA256(8),
  /** Ed25519, algorithm 15 (RFC 8080). */
  ED25519(15);

  private final int number;

  SigningAlgorithm(int number) {
    this.number = number;
  }

  /**
   * Returns the algorithm number that appears in DNSKEY, RRSIG and DS records.
   *
   * @return the IANA algorithm number
   */
  public int number() {
    return number;
  }
}
