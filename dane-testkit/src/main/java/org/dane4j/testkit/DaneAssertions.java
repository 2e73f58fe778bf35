package org.dane4j.testkit;

import org.dane4j.core.DaneResult;
import org.dane4j.smtp.DomainDelivery;
import org.dane4j.testkit.smtp.DomainDeliveryAssert;

/**
 * The one entry point of the AssertJ assertions for dane4j: verification results and
 * deliveries. Import statically beside AssertJ's own {@code assertThat}:
 *
 * <pre>{@code
 * import static org.dane4j.testkit.DaneAssertions.assertThat;
 *
 * assertThat(verifier.verify(leaf.chain(), List.of(inter.tlsa("2 1 1")), List.of("mx1.example.test")))
 *     .isVerified()
 *     .matchedAtDepth(1)
 *     .matchedRecord(inter.tlsa("2 1 1"))
 *     .matchedName("mx1.example.test");
 *
 * assertThat(verifier.verify(attacker.chain(), records, names))
 *     .isFailed()
 *     .explanationContains("3 1 1 would be");
 *
 * DeliveryReport report = env.mailer().send(env.message("user@example.test"));
 * assertThat(report.domain("example.test")).isVerifiedBy(Usage.DANE_EE).atDepth(0);
 * }</pre>
 *
 * Every failure message includes the result's full {@link DaneResult#explanation() explanation}.
 */
public final class DaneAssertions {
  private DaneAssertions() {}

  /** Assertions on a verification result. */
  public static DaneResultAssert assertThat(DaneResult actual) {
    return new DaneResultAssert(actual);
  }

  /** Assertions on the delivery to one domain. */
  public static DomainDeliveryAssert assertThat(DomainDelivery actual) {
    return new DomainDeliveryAssert(actual);
  }
}
