package org.dane4j.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Session;
import java.util.Properties;
import org.dane4j.core.dns.DnssecResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mailer's builder never ignores a setting, and never says EHLO localhost. */
class DaneMailerBuilderTest {
  private final DnssecResolver resolver = DnssecResolver.builder().upstream(new java.net.InetSocketAddress(
      "127.0.0.1", 9)).build();

  @AfterEach
  void close() {
    resolver.close();
  }

  private static Session session(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return Session.getInstance(properties);
  }

  @Test
  void smtpDaneWithShorthandOptions_isRefusedNotSilentlyIgnored() {
    SmtpDane dane = SmtpDane.builder().resolver(resolver).build();

    assertThatThrownBy(() -> DaneMailer.builder().session(session()).smtpDane(dane).port(2525).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("[port]", "SmtpDane.builder()");
    assertThatThrownBy(() -> DaneMailer.builder().session(session()).policy(SmtpTlsPolicy.MANDATORY_DANE)
        .smtpDane(dane).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("[policy]");
    assertThatThrownBy(() -> DaneMailer.builder().session(session()).smtpDane(dane).resolver(resolver)
        .policy("bank.test", SmtpTlsPolicy.MANDATORY_DANE).build())
        .hasMessageContaining("[resolver, policy(bank.test)]");
  }

  @Test
  void ehloName_defaultsToTheSessionsLocalhostProperty() {
    DaneMailer mailer = DaneMailer.builder().session(session("mail.smtp.localhost", "mta.example.org"))
        .resolver(resolver).build();

    assertThat(mailer.ehloName()).isEqualTo("mta.example.org");
  }

  @Test
  void ehloName_withoutConfiguration_isAQualifiedNameOrAnAddressLiteralNeverLocalhost() {
    DaneMailer mailer = DaneMailer.builder().session(session()).resolver(resolver).build();

    assertThat(mailer.ehloName()).doesNotStartWithIgnoringCase("localhost")
        .matches("\\[(IPv6:)?[0-9a-fA-F:.]+]|[^.\\s]+(\\.[^.\\s]+)+");
  }

  @Test
  void ehloName_setOnTheBuilder_winsAndLocalhostIsRefused() {
    DaneMailer mailer = DaneMailer.builder().session(session("mail.smtp.localhost", "other.example.org"))
        .resolver(resolver).ehloName("mta.example.org").build();

    assertThat(mailer.ehloName()).isEqualTo("mta.example.org");
    assertThatThrownBy(() -> DaneMailer.builder().ehloName("localhost"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 'localhost'");
    assertThatThrownBy(() -> DaneMailer.builder().ehloName("two words"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
