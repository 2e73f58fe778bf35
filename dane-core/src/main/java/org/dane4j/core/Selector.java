package org.dane4j.core;

/**
 * The selector field of a TLSA record (RFC 6698 section 2.1.2), with the acronyms of
 * RFC 7218: which part of a certificate the association data is computed over.
 */
public enum Selector {
  /** Cert(0): the whole DER-encoded certificate. */
  CERT(0, "Cert"),
  /** SPKI(1): the DER-encoded SubjectPublicKeyInfo (survives certificate renewal with the same key). */
  SPKI(1, "SPKI"),
  /** PrivSel(255): reserved for private use. */
  PRIV_SEL(255, "PrivSel"),
  /** Any value without an assigned meaning; never usable. */
  UNASSIGNED(-1, "unassigned");

  private final int value;
  private final String acronym;

  Selector(int value, String acronym) {
    this.value = value;
    this.acronym = acronym;
  }

  /** The value on the wire, or -1 for {@link #UNASSIGNED}. */
  public int value() {
    return value;
  }

  /** The RFC 7218 acronym, e.g. {@code SPKI}. */
  public String acronym() {
    return acronym;
  }

  /** The named selector for a wire value, or {@link #UNASSIGNED}. */
  public static Selector of(int value) {
    for (Selector selector : values()) {
      if (selector.value == value && selector != UNASSIGNED) {
        return selector;
      }
    }
    return UNASSIGNED;
  }

  /** {@code SPKI(1)}. */
  @Override
  public String toString() {
    return this == UNASSIGNED ? acronym : acronym + "(" + value + ")";
  }
}
