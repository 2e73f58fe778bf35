package org.dane4j.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.dane4j.smtp.AttemptResult;
import org.dane4j.smtp.DaneMailer;
import org.dane4j.smtp.DeliveryAttempt;
import org.dane4j.smtp.DeliveryStatus;
import org.dane4j.smtp.DomainDelivery;
import org.dane4j.smtp.MailWorld;
import org.dane4j.smtp.SmtpDane;
import org.dane4j.testkit.dns.DnsTree;
import org.dane4j.testkit.dns.TestDnsServer;
import org.dane4j.testkit.dns.ZoneBuilder;
import org.dane4j.testkit.smtp.StartTlsMode;
import org.dane4j.testkit.smtp.TestSmtpServer;

/**
 * The stage for STARTTLS and certificate attacks: a {@link MailWorld} (signed DNS on loopback,
 * honest {@link TestSmtpServer}s on 127.0.0.x sharing one port) plus {@link HostileSmtpServer}s
 * on that port, and a {@link DaneMailer} whose session also bounds writes to a stalling server.
 */
final class TlsAttackWorld implements AutoCloseable {
  private final MailWorld mail;
  private final Map<String, HostileSmtpServer> hostiles = new LinkedHashMap<>();

  private TlsAttackWorld(Builder builder) {
    this.mail = builder.mail.start();
    try {
      builder.hostiles.forEach((address, hostile) -> hostiles.put(address, hostile.start(address(address), port())));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  static Builder builder() {
    return new Builder();
  }

  /**
   * What RFC 7672 requires of a refused first MX: delivery deferred after exactly this one
   * attempt result, and nothing received by the server at 127.0.0.2.
   */
  static void assertDeferredAndNothingReceived(TlsAttackWorld world, DomainDelivery delivery, AttemptResult result) {
    assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
    assertThat(delivery.attempts()).extracting(DeliveryAttempt::result).containsExactly(result);
    assertThat(world.server("127.0.0.2").messages()).isEmpty();
  }

  int port() {
    return mail.port();
  }

  TestSmtpServer server(String address) {
    return mail.server(address);
  }

  HostileSmtpServer hostile(String address) {
    return hostiles.get(address);
  }

  TestDnsServer dns() {
    return mail.dns();
  }

  DnsTree tree() {
    return mail.tree();
  }

  /** A planning engine with a fresh resolver (empty cache) on this world's DNS. */
  SmtpDane dane() {
    return mail.dane();
  }

  DaneMailer mailer() {
    return DaneMailer.builder().session(session()).smtpDane(dane()).build();
  }

  /** Sends a fresh message to one recipient with a fresh mailer and returns its domain's delivery. */
  DomainDelivery send(String recipient) {
    return send(mailer(), recipient);
  }

  DomainDelivery send(DaneMailer mailer, String recipient) {
    try {
      return mailer.send(message(recipient)).domain(recipient.substring(recipient.indexOf('@') + 1));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@link MailWorld#session()} with a write timeout, against servers that stop reading. */
  static Session session() {
    Properties props = new Properties();
    props.putAll(MailWorld.session().getProperties());
    props.put("mail.smtp.writetimeout", "5000");
    return Session.getInstance(props);
  }

  /** {@link MailWorld#message} with a text that says where it must never go. */
  static MimeMessage message(String recipient) throws MessagingException {
    MimeMessage message = MailWorld.message(recipient);
    message.setSubject("attack test");
    message.setText("This text must never reach an unauthenticated server where DANE applies");
    return message;
  }

  @Override
  public void close() {
    hostiles.values().forEach(HostileSmtpServer::close);
    mail.close();
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final class Builder {
    private final MailWorld.Builder mail = MailWorld.builder();
    private final Map<String, HostileSmtpServer.Builder> hostiles = new LinkedHashMap<>();

    /** A zone configured as given; "PORT" in the records stands for the SMTP port. */
    Builder zone(String name, Consumer<ZoneBuilder> configuration, String... records) {
      mail.zone(name, configuration, records);
      return this;
    }

    Builder signedZone(String name, String... records) {
      mail.signedZone(name, records);
      return this;
    }

    Builder unsignedZone(String name, String... records) {
      mail.unsignedZone(name, records);
      return this;
    }

    int port() {
      return mail.port();
    }

    /** The owner name of the TLSA records of a host label, relative to its zone: {@code _<port>._tcp.<host>}. */
    String tlsaOwner(String relativeHost) {
      return "_" + port() + "._tcp." + relativeHost;
    }

    Builder server(String address, SSLContext tls) {
      mail.server(address, tls);
      return this;
    }

    Builder server(String address, SSLContext tls, StartTlsMode mode) {
      mail.server(address, tls, mode);
      return this;
    }

    Builder hostile(String address, HostileSmtpServer.Builder hostile) {
      hostiles.put(address, hostile);
      return this;
    }

    Builder dane(UnaryOperator<SmtpDane.Builder> options) {
      mail.dane(options);
      return this;
    }

    TlsAttackWorld start() {
      return new TlsAttackWorld(this);
    }
  }
}

