package org.dane4j.testkit.smtp;

import org.dane4j.smtp.DomainDelivery;

/**
 * Entry point of the AssertJ assertions for delivery reports. Import statically beside
 * AssertJ's own {@code assertThat}:
 *
 * <pre>{@code
 * import static org.dane4j.testkit.smtp.DeliveryAssertions.assertThat;
 *
 * DeliveryReport report = env.mailer().send(env.message("user@example.test"));
 * assertThat(report.domain("example.test")).isVerifiedBy(Usage.DANE_EE).atDepth(0);
 *
 * env.mx("mx1.example.test").presents(TestCertificates.attacker("mx1.example.test").serverSslContext());
 * assertThat(env.mailer().send(env.message("user@example.test")).domain("example.test"))
 *     .isDeferred().because(AttemptResult.DANE_MISMATCH);
 * }</pre>
 */
public final class DeliveryAssertions {
  private DeliveryAssertions() {
  }

  /** Assertions on the delivery to one domain. */
  public static DomainDeliveryAssert assertThat(DomainDelivery actual) {
    return new DomainDeliveryAssert(actual);
  }
}
