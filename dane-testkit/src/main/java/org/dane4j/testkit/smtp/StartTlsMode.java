package org.dane4j.testkit.smtp;

/**
 * How a {@link TestSmtpServer} handles STARTTLS (RFC 3207). The non-default modes
 * simulate the attacks and faults a DANE client must survive.
 */
public enum StartTlsMode {
  /** STARTTLS is advertised in the EHLO response and the handshake presents the configured chain. */
  OFFERED,
  /**
   * STARTTLS is not advertised and the command is refused, as when an active attacker
   * strips it from the EHLO response (RFC 7672 section 1.3). Mail is accepted in cleartext.
   */
  HIDDEN,
  /**
   * STARTTLS is advertised and accepted with {@code 220}, then the server closes the
   * connection instead of completing the TLS handshake.
   */
  HANDSHAKE_FAILS
}
