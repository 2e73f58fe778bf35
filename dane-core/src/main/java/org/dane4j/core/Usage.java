package org.dane4j.core;

/**
 * The certificate usage field of a TLSA record (RFC 6698 section 2.1.1), with the
 * acronyms of RFC 7218.
 *
 * <p>Only {@link #DANE_TA} and {@link #DANE_EE} are usable for SMTP (RFC 7672 section
 * 3.1.3): the PKIX usages depend on a set of public CAs that SMTP clients do not share,
 * so an SMTP client treats them as unusable. {@link #UNASSIGNED} stands for any value
 * that has no name; the record's raw value is kept in {@link TlsaRecord#usageValue()}.
 */
public enum Usage {
  /** PKIX-TA(0): CA constraint, validated against the client's public trust store. */
  PKIX_TA(0, "PKIX-TA"),
  /** PKIX-EE(1): service certificate constraint, also PKIX-validated. */
  PKIX_EE(1, "PKIX-EE"),
  /** DANE-TA(2): trust anchor assertion; the named certificate or key issues the chain. */
  DANE_TA(2, "DANE-TA"),
  /** DANE-EE(3): domain-issued certificate; the leaf itself is named. */
  DANE_EE(3, "DANE-EE"),
  /** PrivCert(255): reserved for private use. */
  PRIV_CERT(255, "PrivCert"),
  /** Any value without an assigned meaning; never usable. */
  UNASSIGNED(-1, "unassigned");

  private final int value;
  private final String acronym;

  Usage(int value, String acronym) {
    this.value = value;
    this.acronym = acronym;
  }

  /** The value on the wire, or -1 for {@link #UNASSIGNED}. */
  public int value() {
    return value;
  }

  /** The RFC 7218 acronym, e.g. {@code DANE-EE}. */
  public String acronym() {
    return acronym;
  }

  /** The named usage for a wire value, or {@link #UNASSIGNED}. */
  public static Usage of(int value) {
    for (Usage usage : values()) {
      if (usage.value == value && usage != UNASSIGNED) {
        return usage;
      }
    }
    return UNASSIGNED;
  }

  /** {@code DANE-EE(3)}. */
  @Override
  public String toString() {
    return this == UNASSIGNED ? acronym : acronym + "(" + value + ")";
  }
}
