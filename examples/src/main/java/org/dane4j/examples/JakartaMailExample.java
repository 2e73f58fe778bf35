package org.dane4j.examples;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.smtp.DaneMailer;
import org.dane4j.smtp.DeliveryReport;
import org.dane4j.smtp.DomainDelivery;
import org.dane4j.smtp.SmtpTlsPolicy;
import org.dane4j.testkit.smtp.DaneTestEnvironment;

/**
 * An application sending mail with Jakarta Mail and DANE: build a {@link DaneMailer} once,
 * then {@code mailer.send(message)} delivers to each recipient domain's MX hosts and reports
 * per domain how (or why not).
 *
 * <p>{@link #send} is the production code. {@link #main} runs them
 * offline against a test world: {@code example.test} publishes DANE records,
 * {@code legacy.test} has no DNSSEC (opportunistic TLS, as most of the internet), and
 * {@code bank.test} is sent to under mandatory DANE.
 */
public final class JakartaMailExample {
  private JakartaMailExample() {
  }

  /**
   * Sends one message to three domains with DANE and prints the report, one line per domain.
   *
   * @param resolver the DNSSEC-validating resolver: {@code DnssecResolver.system()} in
   *     production (close it at shutdown)
   * @param smtpPort the MX hosts' SMTP port: 25 in production (leave {@code .port(...)} out)
   * @throws MessagingException if the message cannot be built
   */
  static DeliveryReport send(DnssecResolver resolver, int smtpPort) throws MessagingException {
    Properties properties = new Properties();
    properties.put("mail.smtp.from", "reports@sender.test");    // the envelope sender
    properties.put("mail.smtp.localhost", "mail.sender.test");  // the EHLO name
    Session session = Session.getInstance(properties);          // your usual session

    // Build the mailer once and share it: it is immutable and thread-safe.
    DaneMailer mailer = DaneMailer.builder()
        .session(session)
        .resolver(resolver)                                   // production: DnssecResolver.system()
        .port(smtpPort)                                       // production: leave out (port 25)
        .policy(SmtpTlsPolicy.DANE)                           // the default: RFC 7672 opportunistic DANE
        .policy("bank.test", SmtpTlsPolicy.MANDATORY_DANE)    // this partner: DANE-verified TLS or nothing
        .build();

    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("reports@sender.test"));
    message.setRecipients(Message.RecipientType.TO, "ops@example.test, ops@legacy.test, audit@bank.test");
    message.setSubject("Nightly report");
    message.setText("All systems nominal.");

    DeliveryReport report = mailer.send(message);   // never throws for delivery problems: see the report
    for (DomainDelivery delivery : report.domains()) {
      // delivery.status() is DELIVERED, DEFERRED (queue and retry later) or FAILED (bounce)
      System.out.println(delivery);
    }
    return report;
  }

  /**
   * Runs the example offline against the test world.
   *
   * @throws MessagingException if the message cannot be built
   */
  public static void main(String[] args) throws MessagingException {
    try (DaneTestEnvironment world = testWorld().start()) {
      send(world.resolver(), world.port());
    }
  }

  /** The three domains of the example, each with one MX host on loopback. */
  static DaneTestEnvironment testWorld() {
    return DaneTestEnvironment.builder()
        .domain("example.test", d -> d.mx(10, "mx.example.test", mx -> mx.tlsa("3 1 1")))
        .domain("legacy.test", d -> d.unsigned().mx(10, "mail.legacy.test"))
        .domain("bank.test", d -> d.mx(10, "mx.bank.test", mx -> mx.tlsa("2 1 1")))
        .build();
  }
}
