package org.dane4j.core;

/**
 * Which application's DANE rules a {@link DaneVerifier} applies.
 *
 * <p>Today there is one profile, {@link #SMTP}. A profile for protocols where clients share
 * a public CA trust store (and so can use PKIX-TA(0) and PKIX-EE(1), RFC 7671 section 5.4)
 * would need that trust store as input, which this verifier deliberately does not take.
 */
public enum DaneProfile {
  /**
   * SMTP (RFC 7672): only DANE-TA(2) and DANE-EE(3) are usable; PKIX-TA(0) and PKIX-EE(1)
   * records are unusable and skipped (RFC 7672 section 3.1.3).
   */
  SMTP
}
