package org.dane4j.core;

import java.util.OptionalInt;

/**
 * The matching type field of a TLSA record (RFC 6698 section 2.1.3), with the acronyms
 * of RFC 7218: how the selected content is presented in the association data.
 */
public enum MatchingType {
  /** Full(0): the selected content itself, not a digest. */
  FULL(0, "Full", null, -1),
  /** SHA2-256(1): a SHA-256 digest of the selected content (32 bytes). */
  SHA2_256(1, "SHA2-256", "SHA-256", 32),
  /** SHA2-512(2): a SHA-512 digest of the selected content (64 bytes). */
  SHA2_512(2, "SHA2-512", "SHA-512", 64),
  /** PrivMatch(255): reserved for private use. */
  PRIV_MATCH(255, "PrivMatch", null, -1),
  /** Any value without an assigned meaning; never usable. */
  UNASSIGNED(-1, "unassigned", null, -1);

  private final int value;
  private final String acronym;
  private final String jcaAlgorithm;
  private final int digestLength;

  MatchingType(int value, String acronym, String jcaAlgorithm, int digestLength) {
    this.value = value;
    this.acronym = acronym;
    this.jcaAlgorithm = jcaAlgorithm;
    this.digestLength = digestLength;
  }

  /** The value on the wire, or -1 for {@link #UNASSIGNED}. */
  public int value() {
    return value;
  }

  /** The RFC 7218 acronym, e.g. {@code SHA2-256}. */
  public String acronym() {
    return acronym;
  }

  /** Whether this matching type is a digest (SHA2-256 or SHA2-512). */
  public boolean isDigest() {
    return jcaAlgorithm != null;
  }

  /** The exact length of the association data of a digest matching type; empty for others. */
  public OptionalInt digestLength() {
    return digestLength < 0 ? OptionalInt.empty() : OptionalInt.of(digestLength);
  }

  /** The named matching type for a wire value, or {@link #UNASSIGNED}. */
  public static MatchingType of(int value) {
    for (MatchingType type : values()) {
      if (type.value == value && type != UNASSIGNED) {
        return type;
      }
    }
    return UNASSIGNED;
  }

  /** {@code SHA2-256(1)}. */
  @Override
  public String toString() {
    return this == UNASSIGNED ? acronym : acronym + "(" + value + ")";
  }
}
