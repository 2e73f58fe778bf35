/** Runnable dane4j examples and the demo. */
module org.dane4j.examples {
  requires org.dane4j.core;
  requires org.dane4j.smtp;
  requires org.dane4j.testkit;
  requires jakarta.mail;
}
