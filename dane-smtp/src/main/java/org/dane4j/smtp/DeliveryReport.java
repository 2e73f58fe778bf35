package org.dane4j.smtp;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The result of {@link DaneMailer#send}: one {@link DomainDelivery} per recipient domain,
 * in the order the domains first appear among the recipients. Immutable.
 */
public final class DeliveryReport {
  private final List<DomainDelivery> domains;

  DeliveryReport(List<DomainDelivery> domains) {
    this.domains = List.copyOf(domains);
  }

  /** Every domain's delivery. */
  public List<DomainDelivery> domains() {
    return domains;
  }

  /**
   * The delivery to one domain.
   *
   * @throws IllegalArgumentException if no recipient was at that domain
   */
  public DomainDelivery domain(String domain) {
    return domains.stream().filter(d -> d.domain().equalsIgnoreCase(domain)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No recipient at " + domain + "; domains: "
            + domains.stream().map(DomainDelivery::domain).collect(Collectors.toList())));
  }

  /** Whether every domain got the message. */
  public boolean isFullyDelivered() {
    return domains.stream().allMatch(DomainDelivery::isDelivered);
  }

  /** One line per domain. */
  @Override
  public String toString() {
    return domains.stream().map(DomainDelivery::toString).collect(Collectors.joining("\n"));
  }
}
