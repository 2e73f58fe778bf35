package org.dane4j.smtp;

/** How an SMTP connection was protected, in the terms of RFC 7672 and Postfix's logs. */
public enum ChannelSecurity {
  /**
   * TLS, the server authenticated by DANE, and the MX RRset secure: the message reached the
   * next-hop domain's real server ("Verified" in Postfix).
   */
  DANE_VERIFIED,
  /**
   * TLS, the server authenticated by DANE, but the MX RRset insecure: the hop to that host
   * is protected, but the host is not proven to be the domain's ("Trusted" in Postfix,
   * RFC 7672 section 2.2.1).
   */
  DANE_TRUSTED,
  /** TLS without authentication ("Untrusted"/"Anonymous" in Postfix). */
  TLS_UNAUTHENTICATED,
  /** No TLS. */
  CLEARTEXT,
  /** No SMTP session was established. */
  NONE
}
