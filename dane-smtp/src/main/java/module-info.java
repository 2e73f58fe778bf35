/**
 * dane4j SMTP: the RFC 7672 delivery policy, the DANE trust manager and the Jakarta Mail
 * integration.
 */
module org.dane4j.smtp {
  requires transitive org.dane4j.core;
  requires transitive jakarta.mail;
  requires org.eclipse.angus.mail;
  requires org.slf4j;

  exports org.dane4j.smtp;
}
