package org.dane4j.examples;

import static org.dane4j.testkit.DaneAssertions.assertThat;

import java.util.List;
import org.dane4j.core.DaneResult;
import org.dane4j.core.DaneVerifier;
import org.dane4j.core.TlsaRecord;
import org.dane4j.core.Usage;
import org.dane4j.smtp.AttemptResult;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.dane4j.testkit.smtp.DaneTestEnvironment;
import org.dane4j.testkit.smtp.StartTlsMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example of testing your own DANE setup with dane4j-testkit (add {@code dane-testkit}
 * with test scope). Two kinds of tests:
 *
 * <ul>
 *   <li>end to end: a {@link DaneTestEnvironment} declares the domain as you publish it
 *       (MX hosts, certificates, TLSA records), serves it from a signed DNS tree and STARTTLS
 *       servers on loopback, and your code or a {@code DaneMailer} delivers to it;
 *   <li>pure: {@link DaneVerifier} checks the TLSA records you publish against the chain
 *       your server sends, without any network. In your project, read both from files:
 *       {@code Pem.readCertificates(Path.of("src/test/resources/mx1-fullchain.pem"))} and
 *       {@code TlsaRecord.parse("3 1 1 ...")} with the line from your zone.
 * </ul>
 */
class MailDomainDaneTest {
  /** mx1's chain: a leaf issued by an intermediate CA under a root (the server sends leaf and intermediate). */
  private static final TestCertificate MX1 = TestCertificates.leaf("mx1.example.test");

  @RegisterExtension
  static final DaneTestEnvironment env = DaneTestEnvironment.builder()
      .domain("example.test", d -> d
          .mx(10, "mx1.example.test", mx -> mx.certificate(MX1).tlsa("3 1 1"))   // computed from MX1
          .mx(20, "mx2.example.test", mx -> mx.tlsa("2 1 1")))                   // its issuer's key
      .build();

  @Test
  void deliversToTheFirstMx_verifiedByItsOwnKey() throws Exception {
    assertThat(env.mailer().send(env.message("user@example.test")).domain("example.test"))
        .deliveredTo("mx1.example.test")
        .isVerifiedBy(Usage.DANE_EE).atDepth(0);
  }

  @Test
  void firstMxDown_secondMxVerifiedByItsIssuersKey() throws Exception {
    env.mx("mx1.example.test").startTlsMode(StartTlsMode.HANDSHAKE_FAILS);   // reset after each test

    assertThat(env.mailer().send(env.message("user@example.test")).domain("example.test"))
        .hasAttempts(AttemptResult.TLS_HANDSHAKE_FAILED, AttemptResult.DELIVERED)
        .deliveredTo("mx2.example.test")
        .isVerifiedBy(Usage.DANE_TA).atDepth(1);
  }

  @Test
  void manInTheMiddle_isDeferred() throws Exception {
    env.mx("mx1.example.test").presents(TestCertificates.attacker("mx1.example.test").serverSslContext());
    env.mx("mx2.example.test").presents(TestCertificates.attacker("mx2.example.test").serverSslContext());

    assertThat(env.mailer().send(env.message("user@example.test")).domain("example.test"))
        .isDeferred().because(AttemptResult.DANE_MISMATCH);
  }

  @Test
  void publishedRecord_matchesTheChainTheServerSends() {
    TlsaRecord published = TlsaRecord.parse(MX1.tlsa("3 1 1").toString());   // your zone's line here

    DaneResult result = DaneVerifier.builder().build()
        .verify(MX1.chain(), List.of(published), List.of("mx1.example.test", "example.test"));

    assertThat(result).isVerified().matchedRecord(published).matchedAtDepth(0).hasNoMatchedName();
  }

  @Test
  void rolloverPair_keepsTheOldAndTheNextCertificateVerified() {
    TestCertificate next = TestCertificates.leaf("mx1.example.test");   // the key you will switch to
    List<TlsaRecord> published = List.of(MX1.tlsa("3 1 1"), next.tlsa("3 1 1"));
    DaneVerifier verifier = DaneVerifier.builder().build();

    assertThat(verifier.verify(MX1.chain(), published, List.of("mx1.example.test"))).isVerified();
    assertThat(verifier.verify(next.chain(), published, List.of("mx1.example.test"))).isVerified();
  }

  @Test
  void staleRecord_failsAndTellsWhatToPublish() {
    TestCertificate renewed = TestCertificates.leaf("mx1.example.test");   // a new key, the record not updated

    DaneResult result = DaneVerifier.builder().build()
        .verify(renewed.chain(), List.of(MX1.tlsa("3 1 1")), List.of("mx1.example.test"));

    assertThat(result).isFailed()
        .explanationContains("3 1 1 would be " + renewed.tlsa("3 1 1").dataHex());
  }
}
