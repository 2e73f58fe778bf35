package org.dane4j.attacks;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.smtp.DaneMailer;
import org.dane4j.smtp.DomainDelivery;
import org.dane4j.smtp.SmtpDane;
import org.dane4j.testkit.dns.DnsTree;
import org.dane4j.testkit.dns.TestDnsServer;
import org.dane4j.testkit.dns.ZoneBuilder;
import org.dane4j.testkit.smtp.StartTlsMode;
import org.dane4j.testkit.smtp.TestSmtpServer;

/**
 * The stage for STARTTLS and certificate attacks: a signed DNS tree on loopback, honest
 * {@link TestSmtpServer}s and {@link HostileSmtpServer}s on 127.0.0.x sharing one port, and
 * a {@link DaneMailer} that plans with that port. Zones are declared with {@code PORT}
 * standing for the port in record text.
 */
final class TlsAttackWorld implements AutoCloseable {
  private final int port;
  private final DnsTree tree;
  private final TestDnsServer dns;
  private final Map<String, TestSmtpServer> servers = new LinkedHashMap<>();
  private final Map<String, HostileSmtpServer> hostiles = new LinkedHashMap<>();
  private final List<DnssecResolver> resolvers = new ArrayList<>();
  private final UnaryOperator<SmtpDane.Builder> daneOptions;

  private TlsAttackWorld(Builder builder) {
    this.port = builder.port;
    this.daneOptions = builder.daneOptions;
    DnsTree.Builder treeBuilder = DnsTree.builder().zone("test.");
    builder.zones.forEach(treeBuilder::zone);
    this.tree = treeBuilder.build();
    this.dns = TestDnsServer.start(tree);
    try {
      builder.servers.forEach((address, server) -> servers.put(address, server.port(port).start()));
      builder.hostiles.forEach((address, hostile) -> hostiles.put(address, hostile.start(address(address), port)));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  static Builder builder() {
    return new Builder();
  }

  int port() {
    return port;
  }

  TestSmtpServer server(String address) {
    return servers.get(address);
  }

  HostileSmtpServer hostile(String address) {
    return hostiles.get(address);
  }

  TestDnsServer dns() {
    return dns;
  }

  DnsTree tree() {
    return tree;
  }

  /** A planning engine with a fresh resolver (empty cache) on this world's DNS. */
  SmtpDane dane() {
    DnssecResolver resolver = DnssecResolver.builder().upstream(dns.address()).trustAnchors(dns.trustAnchor())
        .lookupTimeout(Duration.ofSeconds(5)).queryTimeout(Duration.ofMillis(500)).attempts(2).build();
    resolvers.add(resolver);
    return daneOptions.apply(SmtpDane.builder().resolver(resolver).port(port)).build();
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

  static Session session() {
    Properties props = new Properties();
    props.put("mail.smtp.connectiontimeout", "5000");
    props.put("mail.smtp.timeout", "5000");
    props.put("mail.smtp.writetimeout", "5000");
    return Session.getInstance(props);
  }

  static MimeMessage message(String recipient) throws MessagingException {
    MimeMessage message = new MimeMessage(session());
    message.setFrom(new InternetAddress("sender@sender.test"));
    message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
    message.setSubject("attack test");
    message.setText("This text must never reach an unauthenticated server where DANE applies");
    return message;
  }

  @Override
  public void close() {
    servers.values().forEach(TestSmtpServer::close);
    hostiles.values().forEach(HostileSmtpServer::close);
    resolvers.forEach(DnssecResolver::close);
    dns.close();
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final class Builder {
    private final int port = freePort();
    private final Map<String, Consumer<ZoneBuilder>> zones = new LinkedHashMap<>();
    private final Map<String, TestSmtpServer.Builder> servers = new LinkedHashMap<>();
    private final Map<String, HostileSmtpServer.Builder> hostiles = new LinkedHashMap<>();
    private UnaryOperator<SmtpDane.Builder> daneOptions = UnaryOperator.identity();

    /** A zone configured as given; "PORT" in the records stands for the SMTP port. */
    Builder zone(String name, Consumer<ZoneBuilder> configuration, String... records) {
      Consumer<ZoneBuilder> withRecords = z -> {
        configuration.accept(z);
        for (String record : records) {
          z.record(record.replace("PORT", Integer.toString(port)));
        }
      };
      zones.merge(name, withRecords, Consumer::andThen);
      return this;
    }

    Builder signedZone(String name, String... records) {
      return zone(name, z -> { }, records);
    }

    Builder unsignedZone(String name, String... records) {
      return zone(name, ZoneBuilder::unsigned, records);
    }

    int port() {
      return port;
    }

    /** The owner name of the TLSA records of a host label, relative to its zone: {@code _<port>._tcp.<host>}. */
    String tlsaOwner(String relativeHost) {
      return "_" + port + "._tcp." + relativeHost;
    }

    Builder server(String address, SSLContext tls) {
      return server(address, tls, StartTlsMode.OFFERED);
    }

    Builder server(String address, SSLContext tls, StartTlsMode mode) {
      servers.put(address, TestSmtpServer.builder().address(address(address)).tls(tls).startTlsMode(mode)
          .hostname("server-" + address));
      return this;
    }

    Builder hostile(String address, HostileSmtpServer.Builder hostile) {
      hostiles.put(address, hostile);
      return this;
    }

    Builder dane(UnaryOperator<SmtpDane.Builder> options) {
      this.daneOptions = options;
      return this;
    }

    TlsAttackWorld start() {
      return new TlsAttackWorld(this);
    }

    private static int freePort() {
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
        return probe.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
