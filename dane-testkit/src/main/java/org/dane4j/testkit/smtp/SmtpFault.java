package org.dane4j.testkit.smtp;

/**
 * A hostile or broken SMTP server, for testing a client's time and size limits: a
 * {@link TestSmtpServer} built with one of these misbehaves in the way named. Servers like
 * these hold a client forever unless it bounds each session (Postfix's {@code smtp_*_timeout}
 * settings) and the length of the replies it reads.
 */
public enum SmtpFault {
  /** A well-behaved server. */
  NONE,
  /**
   * Every reply, the greeting first, is sent one byte at a time with a pause between bytes
   * ({@link TestSmtpServer.Builder#trickleInterval}, default 2 seconds): a peer that is never
   * silent long enough for a read timeout, yet never finishes a reply.
   */
  TRICKLED_REPLIES,
  /** Like {@link #TRICKLED_REPLIES}, but only inside TLS: from the first reply after STARTTLS on. */
  TRICKLED_REPLIES_AFTER_STARTTLS,
  /**
   * The reply to the end of the message data ({@code 250} after the lone dot) is trickled; the
   * message is recorded first, as a slow content filter would have it.
   */
  TRICKLED_DATA_REPLY,
  /** The greeting is a single line of 48 MiB, sent as fast as the client reads it. */
  HUGE_GREETING,
  /**
   * After STARTTLS, the reply to EHLO never ends: {@code 250-} continuation lines until the
   * client goes away.
   */
  ENDLESS_EHLO_REPLY_AFTER_STARTTLS
}
