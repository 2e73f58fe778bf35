package org.dane4j.testkit.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dane4j.smtp.AttemptResult;
import org.dane4j.smtp.ChannelSecurity;
import org.dane4j.smtp.DaneMailer;
import org.dane4j.smtp.DeliveryAttempt;
import org.dane4j.smtp.DomainDelivery;
import org.dane4j.smtp.SmtpTlsPolicy;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DaneTestEnvironmentTest {
  @RegisterExtension
  static final DaneTestEnvironment env = DaneTestEnvironment.builder()
      .domain("example.test", d -> d
          .mx(10, "mx1.example.test", mx -> mx.tlsa("3 1 1 auto"))
          .mx(20, "mx2.example.test", mx -> mx.tlsa("2 1 1")))
      .domain("hosted.test", d -> d.mx(10, "mx.provider.test", mx -> mx.tlsa("3 1 2 auto")))
      .domain("plain.test", d -> d.unsigned().mx(10, "mx.plain.test", mx -> mx.noTls()))
      .build();

  @Test
  void declaredDomain_isDeliveredWithDaneToTheFirstMx() throws Exception {
    DomainDelivery delivery = env.mailer().send(env.message("user@example.test")).domain("example.test");

    assertThat(delivery.delivery()).hasValueSatisfying(attempt -> {
      assertThat(attempt.security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
      assertThat(attempt.target().host()).isEqualTo("mx1.example.test");
      assertThat(attempt.address()).hasValueSatisfying(a -> assertThat(a.getHostAddress()).isEqualTo("127.0.0.2"));
    });
    assertThat(env.mx("mx1.example.test").messages()).singleElement()
        .satisfies(m -> assertThat(m.envelopeRecipients()).containsExactly("user@example.test"));
  }

  @Test
  void mailerForTheUsersOwnSession_keepsItsSettingsAndReachesTheTestServers() throws Exception {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("mail.smtp.localhost", "client.example.test");
    properties.setProperty("mail.smtp.timeout", "4000");
    DaneMailer mailer = env.mailer(jakarta.mail.Session.getInstance(properties));

    DomainDelivery delivery = mailer.send(env.message("user@example.test")).domain("example.test");

    assertThat(mailer.ehloName()).isEqualTo("client.example.test");
    assertThat(delivery.isDelivered()).isTrue();
    assertThat(delivery.delivery().orElseThrow().security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
  }

  @Test
  void daneTaAuto_isComputedFromTheIssuer() throws Exception {
    env.mx("mx1.example.test").startTlsMode(StartTlsMode.HANDSHAKE_FAILS);

    DeliveryAttempt attempt = env.mailer().send(env.message("user@example.test")).domain("example.test")
        .delivery().orElseThrow();

    assertThat(attempt.target().host()).isEqualTo("mx2.example.test");
    assertThat(attempt.authentication()).startsWith("verified by DANE-TA(2)").contains("at depth 1");
  }

  @Test
  void tlsa_isWhatIsPublishedWithAutoRecordsComputed() throws Exception {
    TestCertificate mx2 = env.certificate("mx2.example.test");

    assertThat(env.tlsa("MX2.example.test.")).containsExactly(mx2.issuer().orElseThrow().tlsa("2 1 1"));
    assertThat(env.tlsa("mx2.example.test")).doesNotContain(mx2.tlsa("2 1 1"));
    assertThat(env.tlsa("mx.plain.test")).isEmpty();
    assertThat(env.tlsa("mx1.example.test")).containsExactly(env.certificate("mx1.example.test").tlsa("3 1 1"));
  }

  @Test
  void tlsa_ofAnUndeclaredHost_isRefused() {
    assertThatThrownBy(() -> env.tlsa("mx9.example.test")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mx9.example.test");
  }

  @Test
  void mxHostOutsideTheDomain_getsAZoneOfItsOwn() throws Exception {
    DomainDelivery delivery = env.mailer().send(env.message("user@hosted.test")).domain("hosted.test");

    assertThat(delivery.delivery().orElseThrow().authentication()).startsWith("verified by DANE-EE(3) SPKI(1) SHA2-512(2)");
  }

  @Test
  void unsignedDomainWithoutTls_isDeliveredInCleartext() throws Exception {
    DomainDelivery delivery = env.mailer().send(env.message("user@plain.test")).domain("plain.test");

    assertThat(delivery.delivery().orElseThrow().security()).isEqualTo(ChannelSecurity.CLEARTEXT);
  }

  @Test
  void attackerCertificate_isRefused() throws Exception {
    env.mx("mx1.example.test").presents(TestCertificates.attacker("mx1.example.test").serverSslContext());
    env.mx("mx2.example.test").presents(TestCertificates.attacker("mx2.example.test").serverSslContext());

    DomainDelivery delivery = env.mailer().send(env.message("user@example.test")).domain("example.test");

    assertThat(delivery.isDelivered()).isFalse();
    assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
        .containsExactly(AttemptResult.DANE_MISMATCH, AttemptResult.DANE_MISMATCH);
  }

  @Test
  void reset_restoresTheDeclaredServers() throws Exception {
    env.mx("mx1.example.test").presents(TestCertificates.attacker("mx1.example.test").serverSslContext());
    env.mx("mx1.example.test").startTlsMode(StartTlsMode.HIDDEN);

    env.reset();

    DomainDelivery delivery = env.mailer().send(env.message("user@example.test")).domain("example.test");
    assertThat(delivery.delivery().orElseThrow().target().host()).isEqualTo("mx1.example.test");
    assertThat(env.mx("mx1.example.test").messages()).hasSize(1);
  }

  @Test
  void policyOverride_reportOnlyDeliversThroughAMitm() throws Exception {
    env.mx("mx1.example.test").presents(TestCertificates.attacker("mx1.example.test").serverSslContext());

    DomainDelivery delivery = env.mailer(SmtpTlsPolicy.INSECURE_DANE_REPORT_ONLY)
        .send(env.message("user@example.test")).domain("example.test");

    assertThat(delivery.delivery().orElseThrow().wouldHaveFailed()).isPresent();
  }

  @Test
  void unknownMxHost_isReportedWithTheDeclaredOnes() {
    assertThatThrownBy(() -> env.mx("nope.example.test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mx1.example.test");
  }

  @Test
  void notStarted_accessFailsWithAHint() {
    DaneTestEnvironment unstarted = DaneTestEnvironment.builder().build();

    assertThatThrownBy(unstarted::dns).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
  }

  @Test
  void outsideJunit_startAndCloseWork() throws Exception {
    try (DaneTestEnvironment own = DaneTestEnvironment.builder()
        .domain("solo.test", d -> d.mx(10, "mx.solo.test", mx -> mx.tlsa("3 1 1"))).build().start()) {
      assertThat(own.mailer().send(own.message("a@solo.test")).isFullyDelivered()).isTrue();
    }
  }
}
