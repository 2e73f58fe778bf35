package org.dane4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dane4j.testkit.DaneAssertions.assertThat;

import org.dane4j.core.Usage;
import org.dane4j.smtp.ChannelSecurity;
import org.dane4j.smtp.DeliveryReport;
import org.dane4j.smtp.PlanOutcome;
import org.dane4j.testkit.smtp.DaneTestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JakartaMailExample} delivers as its comments say. */
class JakartaMailExampleTest {
  @RegisterExtension
  static final DaneTestEnvironment world = JakartaMailExample.testWorld();

  @Test
  void send_eachDomainGetsTheTlsItsDnsAndPolicyCallFor() throws Exception {
    DeliveryReport report = JakartaMailExample.send(world.resolver(), world.port());

    assertThat(report.domain("example.test")).isVerifiedBy(Usage.DANE_EE).atDepth(0);
    assertThat(report.domain("legacy.test")).over(ChannelSecurity.TLS_UNAUTHENTICATED);
    assertThat(report.domain("bank.test")).isVerifiedBy(Usage.DANE_TA).atDepth(1);
    assertThat(world.mx("mx.bank.test").messages()).singleElement()
        .satisfies(message -> assertThat(message.envelopeFrom()).isEqualTo("reports@sender.test"));
  }

  @Test
  void send_bankWithoutDnssec_isDeferredByMandatoryDane_whileOtherDomainsStillGetMail() throws Exception {
    try (DaneTestEnvironment insecureBank = DaneTestEnvironment.builder()
        .domain("example.test", d -> d.mx(10, "mx.example.test", mx -> mx.tlsa("3 1 1")))
        .domain("legacy.test", d -> d.unsigned().mx(10, "mail.legacy.test"))
        .domain("bank.test", d -> d.unsigned().mx(10, "mx.bank.test"))
        .build().start()) {
      DeliveryReport report = JakartaMailExample.send(insecureBank.resolver(), insecureBank.port());

      assertThat(report.domain("bank.test")).isDeferred().because(PlanOutcome.MX_INSECURE_UNDER_MANDATORY_DANE);
      assertThat(report.domain("legacy.test")).isDelivered();
      assertThat(insecureBank.mx("mx.bank.test").connectionCount()).isZero();
    }
  }

  @Test
  void main_printsOneLinePerDomain() throws Exception {
    String output = StandardOutput.capture(() -> JakartaMailExample.main(new String[0]));

    assertThat(output.lines())
        .satisfiesExactly(
            line -> assertThat(line).startsWith("example.test: delivered to mx.example.test")
                .contains("verified by DANE-EE(3)"),
            line -> assertThat(line).startsWith("legacy.test: delivered to mail.legacy.test")
                .endsWith("not authenticated (no TLSA records)"),
            line -> assertThat(line).startsWith("bank.test: delivered to mx.bank.test")
                .contains("verified by DANE-TA(2)"));
  }
}
