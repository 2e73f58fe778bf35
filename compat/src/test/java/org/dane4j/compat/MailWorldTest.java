package org.dane4j.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dane4j.core.Usage.DANE_EE;

import org.dane4j.smtp.DeliveryReport;
import org.dane4j.testkit.smtp.DaneTestEnvironment;
import org.dane4j.testkit.DaneAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's testkit example, as a user's project writes it. */
class MailWorldTest {
  @RegisterExtension
  static final DaneTestEnvironment env = DaneTestEnvironment.builder()
      .domain("example.test", d -> d
          .mx(10, "mx1.example.test", mx -> mx.tlsa("3 1 1 auto")))
      .build();

  @Test
  void deliversWithDane() throws Exception {
    DeliveryReport report = env.mailer().send(env.message("user@example.test"));

    DaneAssertions.assertThat(report.domain("example.test")).isVerifiedBy(DANE_EE).atDepth(0);
    assertThat(env.mx("mx1.example.test").messages()).hasSize(1);
  }

  @Test
  void nextTest_startsWithAnEmptyMailbox() {
    // The extension's afterEach callback reset the servers after the other test.
    assertThat(env.mx("mx1.example.test").messages()).isEmpty();
  }
}
