package org.dane4j.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Session;
import java.time.Duration;
import java.util.Properties;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.dane4j.testkit.smtp.SmtpFault;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile SMTP peers that would hold the client forever: trickled replies (one byte every
 * two seconds, never silent long enough for a read timeout) and replies without end. Each
 * ends in a temporary failure that names the broken bound. The deadlines here are short so
 * the tests are fast; nothing depends on timing, because the hostile replies never finish.
 */
class DaneMailerLimitsTest {
  private static final Duration SHORT = Duration.ofMillis(300);

  private static TestCertificate mx1;

  @BeforeAll
  static void pki() {
    mx1 = TestCertificates.leaf("mx1.example.test");
  }

  private static MailWorld.Builder oneMx(SmtpFault fault) {
    return MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"))
        .server("127.0.0.2", mx1.serverSslContext(), fault);
  }

  private static DaneMailer mailer(MailWorld world, Duration connectionDeadline, Duration messageDeadline) {
    return DaneMailer.builder().session(MailWorld.session()).smtpDane(world.dane())
        .connectionDeadline(connectionDeadline).messageDeadline(messageDeadline).build();
  }

  @Test
  void trickledGreeting_isDeferredWhenTheConnectionDeadlinePasses() {
    try (MailWorld world = oneMx(SmtpFault.TRICKLED_REPLIES).start()) {
      DomainDelivery delivery = world.send(mailer(world, SHORT, Duration.ofMinutes(1)), "user@example.test")
          .domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      DeliveryAttempt attempt = delivery.attempts().get(0);
      assertThat(attempt.result()).isEqualTo(AttemptResult.CONNECTION_FAILED);
      assertThat(attempt.result().isPermanent()).isFalse();
      assertThat(attempt.detail()).startsWith("SMTP session deadline passed: connection setup (connect, greeting, "
          + "EHLO, STARTTLS) with mx1.example.test[127.0.0.2]:" + world.port() + " took longer than PT0.3S");
    }
  }

  @Test
  void trickledRepliesInsideTls_areCutByTheConnectionDeadline() {
    try (MailWorld world = oneMx(SmtpFault.TRICKLED_REPLIES_AFTER_STARTTLS).start()) {
      DomainDelivery delivery = world.send(mailer(world, SHORT, Duration.ofMinutes(1)), "user@example.test")
          .domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.attempts().get(0).result()).isEqualTo(AttemptResult.CONNECTION_FAILED);
      assertThat(delivery.attempts().get(0).detail()).startsWith("SMTP session deadline passed: connection setup");
      assertThat(world.server("127.0.0.2").messages()).isEmpty();
    }
  }

  @Test
  void trickledReplyToTheMessage_isCutByTheMessageDeadline() {
    try (MailWorld world = oneMx(SmtpFault.TRICKLED_DATA_REPLY).start()) {
      DomainDelivery delivery = world.send(mailer(world, Duration.ofMinutes(1), SHORT), "user@example.test")
          .domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      DeliveryAttempt attempt = delivery.attempts().get(0);
      assertThat(attempt.result()).isEqualTo(AttemptResult.CONNECTION_FAILED);
      assertThat(attempt.detail()).startsWith("SMTP session deadline passed: message transfer (MAIL, RCPT, DATA, "
          + "QUIT) with mx1.example.test[127.0.0.2]:" + world.port() + " took longer than PT0.3S");
    }
  }

  @Test
  void hugeGreeting_isCutAtTheLineLimit() {
    try (MailWorld world = oneMx(SmtpFault.HUGE_GREETING).start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      DeliveryAttempt attempt = delivery.attempts().get(0);
      assertThat(attempt.result()).isEqualTo(AttemptResult.CONNECTION_FAILED);
      assertThat(attempt.detail()).startsWith("a reply line from mx1.example.test[127.0.0.2]:" + world.port()
          + " in cleartext is longer than 4096 bytes");
    }
  }

  @Test
  void endlessEhloReplyInsideTls_isCutAtTheReplyLimit() {
    try (MailWorld world = oneMx(SmtpFault.ENDLESS_EHLO_REPLY_AFTER_STARTTLS).start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      DeliveryAttempt attempt = delivery.attempts().get(0);
      assertThat(attempt.result()).isEqualTo(AttemptResult.CONNECTION_FAILED);
      assertThat(attempt.detail()).startsWith("a reply from mx1.example.test[127.0.0.2]:" + world.port()
          + " inside TLS is longer than 65536 bytes");
    }
  }

  @Test
  void wellBehavedServer_deliversWithinShortDeadlines() {
    try (MailWorld world = oneMx(SmtpFault.NONE).start()) {
      DomainDelivery delivery = world.send(mailer(world, Duration.ofSeconds(20), Duration.ofSeconds(20)),
          "user@example.test").domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(delivery.delivery().orElseThrow().security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
    }
  }

  @Test
  void deadlines_mustBePositive() {
    DaneMailer.Builder builder = DaneMailer.builder();

    assertThatThrownBy(() -> builder.connectionDeadline(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The connection deadline must be positive, not PT0S");
    assertThatThrownBy(() -> builder.messageDeadline(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("message deadline");
  }

  @Test
  void sessionAskingForAProxy_isRefusedNotSilentlyIgnored() {
    Properties properties = new Properties();
    properties.setProperty("mail.smtp.socks.host", "127.0.0.9");
    Session session = Session.getInstance(properties);

    assertThatThrownBy(() -> DaneMailer.builder().session(session).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mail.smtp.socks.host=127.0.0.9", "silently ignored");
  }
}
