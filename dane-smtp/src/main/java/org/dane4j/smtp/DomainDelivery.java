package org.dane4j.smtp;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dane4j.smtp.internal.SmtpFailures;

/**
 * What became of a message for one recipient domain (or relay): the plan followed, every
 * attempt in order, and the outcome. Immutable.
 *
 * <p>{@link #toString()} is the line to log, e.g.
 * {@code "example.org: delivered to mx1.example.org[192.0.2.1]:25, TLSv1.3,
 * TLS_AES_256_GCM_SHA384, verified by DANE-EE(3) SPKI(1) SHA2-256(1) 6f2e...a1 at depth 0"}.
 */
public final class DomainDelivery {
  private final String domain;
  private final List<String> recipients;
  private final DeliveryStatus status;
  private final DeliveryPlan plan;
  private final List<DeliveryAttempt> attempts;
  private final String detail;

  DomainDelivery(String domain, List<String> recipients, DeliveryStatus status, DeliveryPlan plan,
      List<DeliveryAttempt> attempts, String detail) {
    this.domain = Objects.requireNonNull(domain, "domain");
    this.recipients = List.copyOf(recipients);
    this.status = Objects.requireNonNull(status, "status");
    this.plan = plan;
    this.attempts = List.copyOf(attempts);
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /** The recipient domain (or relay host). */
  public String domain() {
    return domain;
  }

  /** The recipients at this domain, as addresses. */
  public List<String> recipients() {
    return recipients;
  }

  /** Delivered, deferred or failed. */
  public DeliveryStatus status() {
    return status;
  }

  /** Whether the message was delivered. */
  public boolean isDelivered() {
    return status == DeliveryStatus.DELIVERED;
  }

  /** The plan that was followed; empty if planning itself failed. */
  public Optional<DeliveryPlan> plan() {
    return Optional.ofNullable(plan);
  }

  /** Every attempt in order, skipped targets included. */
  public List<DeliveryAttempt> attempts() {
    return attempts;
  }

  /** The successful attempt; empty unless delivered. */
  public Optional<DeliveryAttempt> delivery() {
    return attempts.stream().filter(DeliveryAttempt::isDelivered).findFirst();
  }

  /** Why the message was not delivered, in words; empty text when delivered. */
  public String detail() {
    return detail;
  }

  /** One line: where and how it was delivered, or why not with every attempt. */
  @Override
  public String toString() {
    Optional<DeliveryAttempt> delivered = delivery();
    if (delivered.isPresent()) {
      DeliveryAttempt attempt = delivered.get();
      String channel = attempt.channel();
      return domain + ": delivered to " + attempt.where() + (channel.isEmpty() ? "" : ", " + channel)
          + attempt.wouldHaveFailed().map(w -> " [report-only, enforcement would have failed: "
              + SmtpFailures.oneLine(w) + "]").orElse("");
    }
    String tried = attempts.stream().map(DeliveryAttempt::toString).collect(Collectors.joining("; "));
    return domain + ": " + status.name().toLowerCase(Locale.ROOT) + " (" + detail + ")"
        + (tried.isEmpty() ? "" : ": " + tried);
  }
}
