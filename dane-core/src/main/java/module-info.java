/**
 * dane4j core: TLSA records, DANE chain verification (RFC 6698, RFC 7671, RFC 7672
 * section 3) and DNSSEC-validated lookups.
 */
module org.dane4j.core {
  requires org.slf4j;
  requires org.dnsjava;
  requires java.naming;

  exports org.dane4j.core;
  exports org.dane4j.core.dns;
}
