package org.dane4j.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dane4j.testkit.smtp.DaneTestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One {@link DaneMailer} shared by several threads: every delivery verified and attributed to its own connection. */
class DaneMailerConcurrencyTest {
  @RegisterExtension
  static final DaneTestEnvironment env = DaneTestEnvironment.builder()
      .domain("example.test", d -> d.mx(10, "mx1.example.test", mx -> mx.tlsa("3 1 1")))
      .domain("other.test", d -> d.mx(10, "mx.other.test", mx -> mx.tlsa("2 1 1")))
      .build();

  @Test
  void sharedMailer_parallelSends_allVerified() throws Exception {
    DaneMailer mailer = env.mailer();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<DeliveryReport>> sends = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String recipients = i % 2 == 0 ? "a" + i + "@example.test" : "b" + i + "@other.test";
        sends.add(pool.submit(() -> mailer.send(env.message(recipients))));
      }
      for (Future<DeliveryReport> send : sends) {
        DomainDelivery delivery = send.get().domains().get(0);
        assertThat(delivery.delivery()).hasValueSatisfying(attempt -> {
          assertThat(attempt.security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
          assertThat(attempt.authentication())
              .startsWith(delivery.domain().equals("example.test") ? "verified by DANE-EE" : "verified by DANE-TA");
        });
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(env.mx("mx1.example.test").messages()).hasSize(20);
    assertThat(env.mx("mx.other.test").messages()).hasSize(20);
  }
}
