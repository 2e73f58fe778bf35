package org.dane4j.testkit.smtp;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractObjectAssert;
import org.dane4j.core.DaneResult;
import org.dane4j.core.TlsaRecord;
import org.dane4j.core.Usage;
import org.dane4j.smtp.AttemptResult;
import org.dane4j.smtp.ChannelSecurity;
import org.dane4j.smtp.DeliveryAttempt;
import org.dane4j.smtp.DeliveryStatus;
import org.dane4j.smtp.DomainDelivery;
import org.dane4j.smtp.PlanOutcome;

/**
 * AssertJ assertions for a {@link DomainDelivery}; obtain one with
 * {@link org.dane4j.testkit.DaneAssertions#assertThat(DomainDelivery)}. Every failure message quotes the
 * delivery's one-line summary with all attempts, so a failing test shows what happened.
 */
public final class DomainDeliveryAssert extends AbstractObjectAssert<DomainDeliveryAssert, DomainDelivery> {

  /**
   * Assertions on one domain's delivery; usually reached through
   * {@link org.dane4j.testkit.DaneAssertions#assertThat(DomainDelivery)}.
   *
   * @param actual the delivery under test
   */
  public DomainDeliveryAssert(DomainDelivery actual) {
    super(actual, DomainDeliveryAssert.class);
  }

  /** Verifies that the message was delivered. */
  public DomainDeliveryAssert isDelivered() {
    return hasStatus(DeliveryStatus.DELIVERED);
  }

  /** Verifies that delivery was deferred (a temporary failure). */
  public DomainDeliveryAssert isDeferred() {
    return hasStatus(DeliveryStatus.DEFERRED);
  }

  /** Verifies that delivery failed permanently. */
  public DomainDeliveryAssert isFailed() {
    return hasStatus(DeliveryStatus.FAILED);
  }

  /** Verifies the status. */
  public DomainDeliveryAssert hasStatus(DeliveryStatus expected) {
    isNotNull();
    if (actual.status() != expected) {
      failWithMessage("Expected %s to be %s but was %s:%n%s", actual.domain(), expected, actual.status(), actual);
    }
    return this;
  }

  /** Verifies that the message was delivered to this MX host (or relay). */
  public DomainDeliveryAssert deliveredTo(String host) {
    isDelivered();
    String to = delivery().target().host();
    if (!to.equalsIgnoreCase(host)) {
      failWithMessage("Expected delivery to %s but it went to %s:%n%s", host, to, actual);
    }
    return this;
  }

  /** Verifies how the delivering connection was protected. */
  public DomainDeliveryAssert over(ChannelSecurity expected) {
    isDelivered();
    if (delivery().security() != expected) {
      failWithMessage("Expected delivery over %s but it was %s:%n%s", expected, delivery().security(), actual);
    }
    return this;
  }

  /**
   * Verifies that the message was delivered over DANE-verified TLS (secure MX RRset) and
   * that a record of this usage matched.
   */
  public DomainDeliveryAssert isVerifiedBy(Usage usage) {
    over(ChannelSecurity.DANE_VERIFIED);
    return matchedUsage(usage);
  }

  /**
   * Verifies that the message was delivered over DANE-authenticated TLS to a host from an
   * insecure MX RRset ("trusted", RFC 7672 section 2.2.1) by a record of this usage.
   */
  public DomainDeliveryAssert isTrustedBy(Usage usage) {
    over(ChannelSecurity.DANE_TRUSTED);
    return matchedUsage(usage);
  }

  /** After {@link #isVerifiedBy} or {@link #isTrustedBy}: the depth the record matched at. */
  public DomainDeliveryAssert atDepth(int expected) {
    isDelivered();
    int depth = daneResult().matchedDepth().orElse(-1);
    if (depth != expected) {
      failWithMessage("Expected a DANE match at depth %d but it was at %d:%n%s", expected, depth, actual);
    }
    return this;
  }

  /**
   * Verifies that delivery did not happen and that an attempt ended with this result, e.g.
   * {@link AttemptResult#DANE_MISMATCH}.
   */
  public DomainDeliveryAssert because(AttemptResult expected) {
    isNotNull();
    if (actual.isDelivered() || actual.attempts().stream().noneMatch(a -> a.result() == expected)) {
      failWithMessage("Expected %s to be refused because of %s but it was:%n%s", actual.domain(), expected, actual);
    }
    return this;
  }

  /** Verifies that delivery did not happen because the plan could not be followed for this reason. */
  public DomainDeliveryAssert because(PlanOutcome expected) {
    isNotNull();
    PlanOutcome outcome = actual.plan().map(p -> p.outcome()).orElse(null);
    if (actual.isDelivered() || outcome != expected) {
      failWithMessage("Expected %s to be refused because of %s but the plan said %s:%n%s", actual.domain(), expected,
          outcome, actual);
    }
    return this;
  }

  /** Verifies the results of all attempts, in order. */
  public DomainDeliveryAssert hasAttempts(AttemptResult... expected) {
    isNotNull();
    List<AttemptResult> results = actual.attempts().stream().map(DeliveryAttempt::result)
        .collect(Collectors.toList());
    if (!results.equals(Arrays.asList(expected))) {
      failWithMessage("Expected attempts %s but they were %s:%n%s", Arrays.asList(expected), results, actual);
    }
    return this;
  }

  private DomainDeliveryAssert matchedUsage(Usage usage) {
    Usage matched = daneResult().matchedRecord().map(TlsaRecord::usage).orElse(null);
    if (matched != usage) {
      failWithMessage("Expected a match by %s but it was by %s:%n%s", usage, matched, actual);
    }
    return this;
  }

  private DeliveryAttempt delivery() {
    return actual.delivery().orElseThrow();
  }

  private DaneResult daneResult() {
    return delivery().daneResult().orElseThrow(() -> new AssertionError(
        "Expected a DANE result, but the delivering connection had none: " + actual));
  }
}
