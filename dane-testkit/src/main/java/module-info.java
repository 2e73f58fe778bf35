/**
 * dane4j testkit: a test PKI, AssertJ assertions for DANE results, and (as later
 * issues add them) a signed DNS tree served on loopback and a STARTTLS SMTP server.
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
