package org.dane4j.smtp;

/** What happened on one delivery attempt (machine-readable). */
public enum AttemptResult {
  /** The server accepted the message for every recipient of the domain. */
  DELIVERED(false),
  /** The target was not connected to: a lookup for it failed ({@link TlsRequirement#UNREACHABLE}). */
  SKIPPED_UNREACHABLE(false),
  /**
   * The SMTP session failed without a refusal: connection refused or lost, timeout, greeting
   * refused, a session deadline passed, or a reply longer than the limits (the detail says which).
   */
  CONNECTION_FAILED(false),
  /** TLS was required but the server did not offer STARTTLS (possibly stripped by an attacker). */
  STARTTLS_NOT_OFFERED(false),
  /** The TLS handshake failed for a reason other than DANE authentication. */
  TLS_HANDSHAKE_FAILED(false),
  /** The server's certificate chain matched none of the usable TLSA records. */
  DANE_MISMATCH(false),
  /**
   * Relay credentials are configured, but the relay is not DANE-authenticated, so the
   * connection was not made: credentials go only to a server DANE authenticated, unless
   * {@code DaneMailer.Builder.insecureLoginWithoutDane()} allows unauthenticated TLS.
   */
  CREDENTIALS_WITHHELD(false),
  /** The server refused the message or recipients with a temporary (4xx) reply. */
  REJECTED_TEMPORARILY(false),
  /** The server refused the message or recipients with a permanent (5xx) reply. */
  REJECTED_PERMANENTLY(true);

  private final boolean permanent;

  AttemptResult(boolean permanent) {
    this.permanent = permanent;
  }

  /** Whether the result ends delivery to the domain for good (no other MX host is tried). */
  public boolean isPermanent() {
    return permanent;
  }
}
