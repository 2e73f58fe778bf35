package org.dane4j.testkit.smtp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dane4j.testkit.DaneAssertions.assertThat;

import jakarta.mail.MessagingException;
import org.dane4j.core.Usage;
import org.dane4j.smtp.AttemptResult;
import org.dane4j.smtp.ChannelSecurity;
import org.dane4j.smtp.DomainDelivery;
import org.dane4j.smtp.PlanOutcome;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DomainDeliveryAssertTest {
  @RegisterExtension
  static final DaneTestEnvironment env = DaneTestEnvironment.builder()
      .domain("example.test", d -> d
          .mx(10, "mx1.example.test", mx -> mx.tlsa("3 1 1"))
          .mx(20, "mx2.example.test", mx -> mx.tlsa("2 1 1")))
      .domain("insecure.test", d -> d.unsigned().mx(10, "mx1.example.test"))
      .domain("nomail.test", d -> d.record("@ MX 0 ."))
      .build();

  @Test
  void verifiedDelivery_passesAndNamesTheMatch() {
    DomainDelivery delivery = send("example.test");

    assertThat(delivery).isDelivered().deliveredTo("mx1.example.test").isVerifiedBy(Usage.DANE_EE).atDepth(0)
        .hasAttempts(AttemptResult.DELIVERED);
  }

  @Test
  void verifiedDelivery_wrongUsage_failsWithTheSummary() {
    DomainDelivery delivery = send("example.test");

    assertThatThrownBy(() -> assertThat(delivery).isVerifiedBy(Usage.DANE_TA))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected a match by DANE-TA(2) but it was by DANE-EE(3)")
        .hasMessageContaining("example.test: delivered to mx1.example.test");
  }

  @Test
  void wrongDepth_fails() {
    DomainDelivery delivery = send("example.test");

    assertThatThrownBy(() -> assertThat(delivery).isVerifiedBy(Usage.DANE_EE).atDepth(1))
        .isInstanceOf(AssertionError.class).hasMessageContaining("at depth 1 but it was at 0");
  }

  @Test
  void mitmEverywhere_isDeferredBecauseOfDaneMismatch() {
    env.mx("mx1.example.test").presents(TestCertificates.attacker("mx1.example.test").serverSslContext());
    env.mx("mx2.example.test").presents(TestCertificates.attacker("mx2.example.test").serverSslContext());

    DomainDelivery delivery = send("example.test");

    assertThat(delivery).isDeferred().because(AttemptResult.DANE_MISMATCH)
        .hasAttempts(AttemptResult.DANE_MISMATCH, AttemptResult.DANE_MISMATCH);
    assertThatThrownBy(() -> assertThat(delivery).isDelivered())
        .isInstanceOf(AssertionError.class).hasMessageContaining("DANE_MISMATCH");
  }

  @Test
  void insecureMx_isTrustedNotVerified() {
    DomainDelivery delivery = send("insecure.test");

    assertThat(delivery).isTrustedBy(Usage.DANE_EE).over(ChannelSecurity.DANE_TRUSTED);
    assertThatThrownBy(() -> assertThat(delivery).isVerifiedBy(Usage.DANE_EE)).isInstanceOf(AssertionError.class);
  }

  @Test
  void nullMx_failsBecauseOfThePlan() {
    assertThat(send("nomail.test")).isFailed().because(PlanOutcome.NULL_MX);
  }

  private static DomainDelivery send(String domain) {
    try {
      return env.mailer().send(env.message("user@" + domain)).domain(domain);
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
