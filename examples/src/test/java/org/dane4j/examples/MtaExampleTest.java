package org.dane4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.dane4j.smtp.SmtpDane;
import org.dane4j.testkit.dns.Fault;
import org.dane4j.testkit.pki.TestCertificates;
import org.dane4j.testkit.smtp.DaneTestEnvironment;
import org.dane4j.testkit.smtp.StartTlsMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link MtaExample}'s SMTP client follows the plan as RFC 7672 requires. */
class MtaExampleTest {
  private static final String MESSAGE = "Subject: test\r\n\r\nHello.";

  @RegisterExtension
  static final DaneTestEnvironment world = MtaExample.testWorld();

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  private boolean deliver(String domain) {
    SmtpDane dane = SmtpDane.builder().resolver(world.resolver()).port(world.port()).build();
    return MtaExample.deliver(dane, domain, "reports@sender.test", "ops@" + domain, MESSAGE,
        new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  private String log() {
    return log.toString(StandardCharsets.UTF_8);
  }

  @Test
  void genuineServers_firstMxGetsTheMessageOverDaneVerifiedTls() {
    assertThat(deliver("example.test")).as(log()).isTrue();

    assertThat(log()).startsWith("delivered to mx1.example.test[127.0.0.2]:" + world.port() + ", TLSv1.3, ")
        .contains("verified by DANE-EE(3) SPKI(1) SHA2-256(1)");
    assertThat(world.mx("mx1.example.test").messages()).singleElement().satisfies(message -> {
      assertThat(message.overTls()).isTrue();
      assertThat(message.tls().serverName()).hasValue("mx1.example.test");
      assertThat(message.envelopeRecipients()).containsExactly("ops@example.test");
      assertThat(message.content()).contains("Hello.");
    });
  }

  @Test
  void manInTheMiddleOnFirstMx_isRefusedWithTheEvidence_andSecondMxDelivers() {
    world.mx("mx1.example.test").presents(TestCertificates.attacker("mx1.example.test").serverSslContext());

    assertThat(deliver("example.test")).as(log()).isTrue();

    assertThat(log()).startsWith("failed at mx1.example.test[127.0.0.2]:" + world.port()
            + " (DANE_AUTHENTICATED): DANE verification failed for mx1.example.test")
        .contains("3 1 1 would be ")
        .contains("delivered to mx2.example.test[127.0.0.3]");
    assertThat(world.mx("mx1.example.test").messages()).isEmpty();
    assertThat(world.mx("mx2.example.test").messages()).hasSize(1);
  }

  @Test
  void failedTlsaLookupOnFirstMx_skipsItWithoutConnecting() {
    world.dns().inject(Fault.servfail().at("_" + world.port() + "._tcp.mx1.example.test.", "TLSA"));

    assertThat(deliver("example.test")).as(log()).isTrue();

    assertThat(log()).startsWith("skipped mx1.example.test: TLSA_LOOKUP_FAILED")
        .contains("delivered to mx2.example.test");
    assertThat(world.mx("mx1.example.test").connectionCount()).isZero();
  }

  @Test
  void startTlsStrippedOnEveryMx_isNeverSentInCleartext_andDefers() {
    world.mx("mx1.example.test").startTlsMode(StartTlsMode.HIDDEN);
    world.mx("mx2.example.test").startTlsMode(StartTlsMode.HIDDEN);

    assertThat(deliver("example.test")).as(log()).isFalse();

    assertThat(log()).contains("failed at mx1.example.test", "failed at mx2.example.test",
            "STARTTLS not offered, but TLS is required (TLSA_USABLE)")
        .endsWith("deferred: no MX host accepted the message" + System.lineSeparator());
    assertThat(world.mx("mx1.example.test").messages()).isEmpty();
    assertThat(world.mx("mx2.example.test").messages()).isEmpty();
  }

  @Test
  void unknownDomain_isUndeliverableWithThePlansReason() {
    assertThat(deliver("nowhere.test")).isFalse();

    assertThat(log()).startsWith("undeliverable: NO_SUCH_DOMAIN");
  }

  @Test
  void main_showsTheRefusedImpostorAndTheDelivery() throws Exception {
    String output = StandardOutput.capture(() -> MtaExample.main(new String[0]));

    assertThat(output).startsWith("failed at mx1.example.test").contains("would be")
        .containsPattern("delivered to mx2\\.example\\.test\\S+, TLSv1\\.[23], \\S+, verified by DANE-EE\\(3\\)");
  }
}
