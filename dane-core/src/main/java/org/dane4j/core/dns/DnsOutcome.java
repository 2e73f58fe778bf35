package org.dane4j.core.dns;

/**
 * What a DNS lookup produced. A validated NXDOMAIN or NODATA is an answer, not a failure
 * (RFC 7672 section 2.1.1); {@link #FAILED} is never "no records".
 */
public enum DnsOutcome {
  /** NOERROR with at least one record of the queried type. */
  DATA,
  /** NOERROR without records of the queried type: the name exists (RFC 2308 section 2.2). */
  NODATA,
  /** NXDOMAIN: the name does not exist (RFC 2308 section 2.1). */
  NXDOMAIN,
  /** The lookup failed; {@link DnsAnswer#failure()} says why. */
  FAILED
}
