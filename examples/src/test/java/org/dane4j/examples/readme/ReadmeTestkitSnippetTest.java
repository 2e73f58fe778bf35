package org.dane4j.examples.readme;

import static org.dane4j.core.Usage.DANE_EE;
import static org.dane4j.testkit.DaneAssertions.assertThat;

import org.dane4j.smtp.DeliveryReport;
import org.dane4j.testkit.smtp.DaneTestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's testkit snippet, verbatim: it runs as the test it shows. */
class ReadmeTestkitSnippetTest {
  @RegisterExtension
  static final DaneTestEnvironment env = DaneTestEnvironment.builder()
      .domain("example.test", d -> d
          .mx(10, "mx1.example.test", mx -> mx.tlsa("3 1 1 auto")))   // computed from the chain it serves
      .build();

  @Test
  void deliversWithDane() throws Exception {
    DeliveryReport report = env.mailer().send(env.message("user@example.test"));
    assertThat(report.domain("example.test")).isVerifiedBy(DANE_EE).atDepth(0);
  }
}
