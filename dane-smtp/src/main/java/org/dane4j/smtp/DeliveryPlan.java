package org.dane4j.smtp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dane4j.core.dns.SecurityStatus;

/**
 * How to deliver to one next-hop domain (or relay): the {@link DeliveryTarget}s in MX
 * preference order (never reordered by TLSA, RFC 7672 section 2.2.1), or why there is
 * nothing to deliver to. Immutable.
 *
 * <pre>{@code
 * DeliveryPlan plan = dane.plan("example.org").toCompletableFuture().join();
 * if (!plan.isReady()) {
 *   defer(plan.detail());                         // plan.outcome() is machine-readable
 * }
 * for (DeliveryTarget target : plan.targets()) {
 *   if (!target.isUsable()) continue;             // a lookup failed: next MX
 *   ...
 * }
 * }</pre>
 */
public final class DeliveryPlan {
  private final String domain;
  private final SmtpTlsPolicy policy;
  private final int port;
  private final PlanOutcome outcome;
  private final String detail;
  private final SecurityStatus mxStatus;
  private final List<DeliveryTarget> targets;

  DeliveryPlan(String domain, SmtpTlsPolicy policy, int port, PlanOutcome outcome, String detail,
      SecurityStatus mxStatus, List<DeliveryTarget> targets) {
    this.domain = Objects.requireNonNull(domain, "domain");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.port = port;
    this.outcome = Objects.requireNonNull(outcome, "outcome");
    this.detail = Objects.requireNonNull(detail, "detail");
    this.mxStatus = mxStatus;
    this.targets = List.copyOf(targets);
  }

  /** The next-hop domain (or relay host) the plan is for. */
  public String domain() {
    return domain;
  }

  /** The policy that applied to this destination. */
  public SmtpTlsPolicy policy() {
    return policy;
  }

  /** The SMTP port of every target. */
  public int port() {
    return port;
  }

  /** Whether the plan can be followed, or why not. */
  public PlanOutcome outcome() {
    return outcome;
  }

  /** Whether at least one target may be connected to. */
  public boolean isReady() {
    return outcome == PlanOutcome.READY;
  }

  /** The evidence for the outcome in words, e.g. the failed lookup with its reason. */
  public String detail() {
    return detail;
  }

  /** The reason the plan cannot be followed, in words; empty when it is ready. */
  public Optional<String> deferReason() {
    return isReady() ? Optional.empty() : Optional.of(outcome + ": " + detail);
  }

  /** The security status of the MX lookup; empty for a relay (no MX lookup). */
  public Optional<SecurityStatus> mxStatus() {
    return Optional.ofNullable(mxStatus);
  }

  /** The targets in MX preference order, unusable ones included (with their reasons). */
  public List<DeliveryTarget> targets() {
    return targets;
  }

  /** For example {@code "example.org (DANE): READY, MX SECURE: [10 mx1.example.org ...]"}. */
  @Override
  public String toString() {
    return domain + " (" + policy + "): " + outcome + (mxStatus == null ? "" : ", MX " + mxStatus)
        + (detail.isEmpty() ? "" : ", " + detail) + ": " + targets;
  }
}
