package org.dane4j.testkit.dns;

import org.xbill.DNS.Flags;

/**
 * The flags of a DNS message header that an on-path attacker plays with (RFC 1035 section
 * 4.1.1, RFC 4035 section 3.2).
 */
public enum HeaderFlag {
  /** Authoritative Answer. */
  AA(Flags.AA),
  /**
   * TrunCation: the reply did not fit; the client must ask again over TCP (RFC 7766). Forced
   * on every reply it starves the client.
   */
  TC(Flags.TC),
  /** Recursion Desired (queries). */
  RD(Flags.RD),
  /** Recursion Available (replies). */
  RA(Flags.RA),
  /**
   * Authentic Data: "I validated this". Meaningless from an untrusted path: a validating stub
   * must ignore it (RFC 7672 section 2.1.1).
   */
  AD(Flags.AD),
  /**
   * Checking Disabled: set on a query it asks the upstream not to validate, so bogus data
   * comes back as if it were fine (RFC 4035 section 3.2.2).
   */
  CD(Flags.CD);

  private final int bit;

  HeaderFlag(int bit) {
    this.bit = bit;
  }

  /**
   * Returns dnsjava's number for the flag ({@link Flags#AD} etc.).
   *
   * @return the flag's bit number
   */
  public int dnsjavaFlag() {
    return bit;
  }
}
