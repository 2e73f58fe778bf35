package org.dane4j.smtp;

/** The outcome of delivering a message to one domain. */
public enum DeliveryStatus {
  /** Delivered to one of the domain's servers. */
  DELIVERED,
  /** Not delivered for a temporary reason: retry later (RFC 7672 section 2.1.2). */
  DEFERRED,
  /** Not deliverable: the domain refuses mail or does not exist, or a server refused permanently. */
  FAILED
}
