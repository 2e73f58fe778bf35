package org.dane4j.testkit.dns;

/**
 * How a signed zone proves that a name or a record type does not exist (authenticated
 * denial of existence).
 *
 * <p>A validator only believes "no such name" (NXDOMAIN) or "no such type" (NODATA) when
 * the answer carries signed records that span the gap in the zone's sorted name list.
 * Without them an attacker could delete a TLSA answer and switch DANE off.
 */
public enum Denial {
  /**
   * NSEC (RFC 4034 section 4, RFC 4035 section 3.1.3): each name links to the next name in
   * canonical order and lists its types. Simple, but lets anyone walk the zone.
   */
  NSEC,
  /**
   * NSEC3 (RFC 5155): the same chain over hashed names, with SHA-1, no opt-out, an empty
   * salt and 0 extra iterations by default as RFC 9276 section 3.1 advises; see {@link
   * ZoneBuilder#nsec3Parameters(int, String)} for other values.
   */
  NSEC3
}
