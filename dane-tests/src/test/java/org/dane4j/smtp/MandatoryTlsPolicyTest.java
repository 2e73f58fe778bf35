package org.dane4j.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.dane4j.testkit.smtp.StartTlsMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link SmtpTlsPolicy#MANDATORY_TLS}: DANE where published, TLS everywhere else, never cleartext. */
class MandatoryTlsPolicyTest {
  private static TestCertificate mx;

  @BeforeAll
  static void pki() {
    mx = TestCertificates.leaf("mx.plain.test");
  }

  private static MailWorld.Builder unsigned(StartTlsMode mode) {
    return MailWorld.builder().unsignedZone("plain.test.", "@ MX 10 mx", "mx A 127.0.0.2")
        .server("127.0.0.2", mx.serverSslContext(), mode)
        .dane(b -> b.policy(SmtpTlsPolicy.MANDATORY_TLS));
  }

  @Test
  void unsignedDomain_getsTlsWithoutAuthentication() {
    try (MailWorld world = unsigned(StartTlsMode.OFFERED).start()) {
      DomainDelivery delivery = world.send("user@plain.test").domain("plain.test");

      assertThat(delivery.isDelivered()).isTrue();
      DeliveryAttempt attempt = delivery.delivery().orElseThrow();
      assertThat(attempt.security()).isEqualTo(ChannelSecurity.TLS_UNAUTHENTICATED);
      assertThat(attempt.target().reason()).isEqualTo(TargetReason.TLS_REQUIRED_BY_POLICY);
      assertThat(attempt.target().isRelaxed()).isFalse();
    }
  }

  @Test
  void unsignedDomainWithStartTlsStripped_isDeferredNeverCleartext() {
    try (MailWorld world = unsigned(StartTlsMode.HIDDEN).start()) {
      DomainDelivery delivery = world.send("user@plain.test").domain("plain.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.STARTTLS_NOT_OFFERED);
      assertThat(world.server("127.0.0.2").messages()).isEmpty();
    }
  }

  @Test
  void signedDomainWithTlsa_isStillDaneVerifiedAndAMitmRefused() {
    TestCertificate signed = TestCertificates.leaf("mx1.example.test");
    MailWorld.Builder builder = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + signed.tlsa("3 1 1"))
        .server("127.0.0.2", signed.serverSslContext())
        .dane(b -> b.policy(SmtpTlsPolicy.MANDATORY_TLS));
    try (MailWorld world = builder.start()) {
      assertThat(world.send("user@example.test").domain("example.test").delivery().orElseThrow().security())
          .isEqualTo(ChannelSecurity.DANE_VERIFIED);

      world.server("127.0.0.2").presents(TestCertificates.attacker("mx1.example.test").serverSslContext());
      DomainDelivery refused = world.send("user@example.test").domain("example.test");

      assertThat(refused.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(refused.attempts()).extracting(DeliveryAttempt::result).containsExactly(AttemptResult.DANE_MISMATCH);
    }
  }
}
