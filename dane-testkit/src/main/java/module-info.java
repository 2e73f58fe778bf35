/**
 * dane4j testkit: everything a test of DANE for SMTP needs, offline on loopback.
 *
 * <ul>
 *   <li>{@code org.dane4j.testkit.pki}: test certificates and chains (root, intermediate,
 *       leaf, attacker) and the TLSA records that match them;
 *   <li>{@code org.dane4j.testkit.dns}: a DNSSEC-signed DNS tree served by an in-process
 *       DNS server, with faults to inject (expired or missing signatures, SERVFAIL,
 *       dropped or truncated replies, ...);
 *   <li>{@code org.dane4j.testkit.smtp}: a STARTTLS SMTP server, a JUnit 5 extension that
 *       puts MX hosts behind a signed tree with their TLSA records, and assertions on
 *       delivery reports;
 *   <li>{@code org.dane4j.testkit}: AssertJ assertions on DANE verification results, and a
 *       {@link org.dane4j.testkit.TestClock} that moves only when told to.
 * </ul>
 */
module org.dane4j.testkit {
  requires transitive org.dane4j.core;
  requires transitive org.dane4j.smtp;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires transitive org.assertj.core;
  requires org.slf4j;
  requires org.dnsjava;
  requires transitive org.junit.jupiter.api;

  exports org.dane4j.testkit.dns;

  exports org.dane4j.testkit;
  exports org.dane4j.testkit.pki;
  exports org.dane4j.testkit.smtp;
}
