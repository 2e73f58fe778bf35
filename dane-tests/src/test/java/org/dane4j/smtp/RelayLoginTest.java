package org.dane4j.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.dane4j.testkit.smtp.StartTlsMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SMTP AUTH to a relay (smarthost, RFC 4954): credentials go only inside TLS, and only to
 * a relay whose certificate matched its TLSA records, unless the user opts out explicitly.
 */
class RelayLoginTest {
  private static final char[] PASSWORD = "s3cret".toCharArray();
  private static TestCertificate relay;

  @BeforeAll
  static void pki() {
    relay = TestCertificates.leaf("relay.provider.test");
  }

  private static MailWorld.Builder daneRelay() {
    return MailWorld.builder()
        .signedZone("provider.test.", "relay A 127.0.0.2", "_PORT._tcp.relay TLSA " + relay.tlsa("3 1 1"))
        .server("127.0.0.2", relay.serverSslContext());
  }

  private static MailWorld.Builder relayWithoutTlsa(StartTlsMode mode) {
    return MailWorld.builder()
        .signedZone("provider.test.", "relay A 127.0.0.2")
        .server("127.0.0.2", relay.serverSslContext(), mode);
  }

  private static DaneMailer.Builder mailer(MailWorld world) {
    return DaneMailer.builder().session(MailWorld.session()).smtpDane(world.dane())
        .relay("relay.provider.test", world.port()).relayLogin("alice", PASSWORD);
  }

  @Test
  void daneVerifiedRelay_getsTheLoginInsideTlsAndTheMessage() {
    try (MailWorld world = daneRelay().start()) {
      world.server("127.0.0.2").requireLogin("alice", "s3cret");

      DomainDelivery delivery = world.send(mailer(world).build(), "x@anywhere.example").domain("relay.provider.test");

      assertThat(delivery.isDelivered()).isTrue();
      assertThat(delivery.delivery().orElseThrow().security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
      assertThat(world.server("127.0.0.2").logins()).containsExactly("alice");
      assertThat(world.server("127.0.0.2").cleartextLoginAttempts()).isZero();
    }
  }

  @Test
  void relayPresentingAnotherCertificate_neverSeesTheCredentials() {
    try (MailWorld world = daneRelay().start()) {
      world.server("127.0.0.2").requireLogin("alice", "s3cret");
      world.server("127.0.0.2").presents(TestCertificates.attacker("relay.provider.test").serverSslContext());

      DomainDelivery delivery = world.send(mailer(world).build(), "x@anywhere.example").domain("relay.provider.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result).containsExactly(AttemptResult.DANE_MISMATCH);
      assertThat(world.server("127.0.0.2").logins()).isEmpty();
      assertThat(world.server("127.0.0.2").messages()).isEmpty();
    }
  }

  @Test
  void relayWithoutTlsa_credentialsAreWithheldAndNothingIsSent() {
    try (MailWorld world = relayWithoutTlsa(StartTlsMode.OFFERED).start()) {
      world.server("127.0.0.2").requireLogin("alice", "s3cret");

      DomainDelivery delivery = world.send(mailer(world).build(), "x@anywhere.example").domain("relay.provider.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.CREDENTIALS_WITHHELD);
      assertThat(delivery.toString()).contains("not DANE-authenticated", "insecureLoginWithoutDane()")
          .doesNotContain("s3cret");
      assertThat(world.server("127.0.0.2").connectionCount()).isZero();
    }
  }

  @Test
  void insecureOptIn_relayWithoutTlsa_logsInOverUnauthenticatedTls() {
    try (MailWorld world = relayWithoutTlsa(StartTlsMode.OFFERED).start()) {
      world.server("127.0.0.2").requireLogin("alice", "s3cret");

      DomainDelivery delivery = world.send(mailer(world).insecureLoginWithoutDane().build(), "x@anywhere.example")
          .domain("relay.provider.test");

      assertThat(delivery.isDelivered()).isTrue();
      assertThat(delivery.delivery().orElseThrow().security()).isEqualTo(ChannelSecurity.TLS_UNAUTHENTICATED);
      assertThat(world.server("127.0.0.2").logins()).containsExactly("alice");
    }
  }

  @Test
  void insecureOptIn_startTlsStripped_neverSendsCredentialsInCleartext() {
    try (MailWorld world = relayWithoutTlsa(StartTlsMode.HIDDEN).start()) {
      world.server("127.0.0.2").requireLogin("alice", "s3cret");

      DomainDelivery delivery = world.send(mailer(world).insecureLoginWithoutDane().build(), "x@anywhere.example")
          .domain("relay.provider.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.STARTTLS_NOT_OFFERED);
      assertThat(world.server("127.0.0.2").cleartextLoginAttempts()).isZero();
      assertThat(world.server("127.0.0.2").messages()).isEmpty();
    }
  }

  @Test
  void loginWithoutRelay_isRefused() {
    assertThatThrownBy(() -> DaneMailer.builder().session(MailWorld.session())
        .smtpDane(SmtpDane.builder().resolver(org.dane4j.core.dns.DnssecResolver.builder()
            .upstream(new java.net.InetSocketAddress("127.0.0.1", 9)).build()).build())
        .relayLogin("alice", PASSWORD).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs relay(...)");
  }
}
