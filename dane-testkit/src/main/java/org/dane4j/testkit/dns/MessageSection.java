package org.dane4j.testkit.dns;

import org.xbill.DNS.Section;

/**
 * The record sections of a DNS message (RFC 1035 section 4.1), as {@link Rule}s name them.
 */
public enum MessageSection {
  /** The records that answer the question. */
  ANSWER(Section.ANSWER),
  /** The records that point towards an authority: NS, SOA, and the NSEC/NSEC3 denial proofs. */
  AUTHORITY(Section.AUTHORITY),
  /** Helpful extras (glue); the EDNS OPT pseudo-record lives here too and rules leave it alone. */
  ADDITIONAL(Section.ADDITIONAL);

  private final int number;

  MessageSection(int number) {
    this.number = number;
  }

  /**
   * Returns dnsjava's number for the section ({@link Section#ANSWER} etc.).
   *
   * @return 1, 2 or 3
   */
  public int dnsjavaSection() {
    return number;
  }
}
