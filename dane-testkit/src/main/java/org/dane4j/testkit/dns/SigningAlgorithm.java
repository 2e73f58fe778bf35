package org.dane4j.testkit.dns;

/**
 * The DNSSEC signing algorithm of a zone (the DNSKEY/RRSIG algorithm numbers of the
 * IANA "DNS Security Algorithm Numbers" registry).
 *
 * <p>RFC 8624 section 3.1 makes algorithms 8 and 13 "MUST" for validators, 14 and 15
 * "RECOMMENDED"; all of them need nothing beyond the JDK at run time.
 */
public enum SigningAlgorithm {
  /** ECDSA on curve P-256 with SHA-256, algorithm 13 (RFC 6605): the default, small and fast. */
  ECDSA_P256_SHA256(13),
  /** ECDSA on curve P-384 with SHA-384, algorithm 14 (RFC 6605). */
  ECDSA_P384_SHA384(14),
  /**
   * RSA/SHA-256, algorithm 8 (RFC 5702): what most of the real DNS still uses. Keys have 2048
   * bits unless {@link ZoneBuilder#rsaKeyBits(int)} says otherwise.
   */
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
