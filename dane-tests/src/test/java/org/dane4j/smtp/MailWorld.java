package org.dane4j.smtp;

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
import org.dane4j.testkit.dns.DnsTree;
import org.dane4j.testkit.dns.TestDnsServer;
import org.dane4j.testkit.dns.ZoneBuilder;
import org.dane4j.testkit.smtp.SmtpFault;
import org.dane4j.testkit.smtp.StartTlsMode;
import org.dane4j.testkit.smtp.TestSmtpServer;

/**
 * A signed DNS tree, SMTP servers on 127.0.0.x sharing one port, and a {@link DaneMailer}
 * that plans with that port: a test declares zones (with {@code PORT} standing for the
 * port in record text) and servers, then sends.
 */
public final class MailWorld implements AutoCloseable {
  private final int port;
  private final DnsTree tree;
  private final TestDnsServer dns;
  private final Map<String, TestSmtpServer> servers;
  private final List<DnssecResolver> resolvers = new ArrayList<>();
  private final UnaryOperator<SmtpDane.Builder> daneOptions;

  private MailWorld(Builder builder) {
    this.port = builder.port;
    this.daneOptions = builder.daneOptions;
    DnsTree.Builder treeBuilder = DnsTree.builder().zone("test.");
    builder.zones.forEach(treeBuilder::zone);
    this.tree = treeBuilder.build();
    this.dns = TestDnsServer.start(tree);
    this.servers = new LinkedHashMap<>();
    try {
      builder.servers.forEach((address, server) -> servers.put(address, server.port(port).start()));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Starts declaring a world.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the SMTP port of every server.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Returns the honest server on an address.
   *
   * @param address the server's 127.0.0.x literal
   * @return the server, or null when none was declared there
   */
  public TestSmtpServer server(String address) {
    return servers.get(address);
  }

  /**
   * Returns the DNS server of this world.
   *
   * @return the running DNS server
   */
  public TestDnsServer dns() {
    return dns;
  }

  /**
   * Returns the signed tree the DNS server started with.
   *
   * @return the tree
   */
  public DnsTree tree() {
    return tree;
  }

  /** A fresh resolver (empty cache) on this world's DNS, closed with the world. */
  DnssecResolver resolver() {
    DnssecResolver resolver = DnssecResolver.builder().upstream(dns.address()).trustAnchors(dns.trustAnchor())
        .lookupTimeout(Duration.ofSeconds(5)).queryTimeout(Duration.ofMillis(500)).attempts(2).build();
    resolvers.add(resolver);
    return resolver;
  }

  /**
   * Returns a planning engine with a fresh {@link #resolver()}.
   *
   * @return the engine, using this world's port and DANE options
   */
  public SmtpDane dane() {
    return daneOptions.apply(SmtpDane.builder().resolver(resolver()).port(port)).build();
  }

  DaneMailer mailer() {
    return mailer(dane());
  }

  DaneMailer mailer(SmtpDane dane) {
    return DaneMailer.builder().session(session()).smtpDane(dane).build();
  }

  /** Sends a fresh message to the recipients with a fresh mailer. */
  DeliveryReport send(String... recipients) {
    return send(mailer(), recipients);
  }

  DeliveryReport send(DaneMailer mailer, String... recipients) {
    try {
      return mailer.send(message(recipients));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns a mail session with connect and read timeouts of five seconds.
   *
   * @return a new session
   */
  public static Session session() {
    Properties props = new Properties();
    props.put("mail.smtp.connectiontimeout", "5000");
    props.put("mail.smtp.timeout", "5000");
    return Session.getInstance(props);
  }

  /**
   * Returns a short text message from sender@sender.test.
   *
   * @param recipients the addresses it goes to
   * @return a new message
   * @throws MessagingException when an address cannot be parsed
   */
  public static MimeMessage message(String... recipients) throws MessagingException {
    MimeMessage message = new MimeMessage(session());
    message.setFrom(new InternetAddress("sender@sender.test"));
    for (String recipient : recipients) {
      message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
    }
    message.setSubject("DANE test");
    message.setText("Hello over DANE");
    return message;
  }

  /** Stops the servers and the resolvers made here. */
  @Override
  public void close() {
    servers.values().forEach(TestSmtpServer::close);
    resolvers.forEach(DnssecResolver::close);
    dns.close();
  }

  /** Declares zones, servers and DANE options; {@link #start()} starts the world. */
  public static final class Builder {
    private final int port = freePort();
    private final Map<String, Consumer<ZoneBuilder>> zones = new LinkedHashMap<>();
    private final Map<String, TestSmtpServer.Builder> servers = new LinkedHashMap<>();
    private UnaryOperator<SmtpDane.Builder> daneOptions = UnaryOperator.identity();

    /**
     * Adds a zone configured as given; "PORT" in the records stands for the SMTP port.
     *
     * @param name the zone's name
     * @param configuration what to set on the zone
     * @param records records in presentation format
     * @return this builder
     */
    public Builder zone(String name, Consumer<ZoneBuilder> configuration, String... records) {
      Consumer<ZoneBuilder> withRecords = z -> {
        configuration.accept(z);
        for (String record : records) {
          z.record(record.replace("PORT", Integer.toString(port)));
        }
      };
      zones.merge(name, withRecords, Consumer::andThen);
      return this;
    }

    /**
     * Adds a signed zone.
     *
     * @param name the zone's name
     * @param records records in presentation format, "PORT" standing for the SMTP port
     * @return this builder
     */
    public Builder signedZone(String name, String... records) {
      return zone(name, z -> { }, records);
    }

    /**
     * Adds an unsigned zone.
     *
     * @param name the zone's name
     * @param records records in presentation format, "PORT" standing for the SMTP port
     * @return this builder
     */
    public Builder unsignedZone(String name, String... records) {
      return zone(name, ZoneBuilder::unsigned, records);
    }

    /**
     * Returns the SMTP port every server listens on and the TLSA names use.
     *
     * @return the port
     */
    public int port() {
      return port;
    }

    /**
     * Adds an honest server offering STARTTLS.
     *
     * @param address the server's 127.0.0.x literal
     * @param tls the server's certificate and key
     * @return this builder
     */
    public Builder server(String address, SSLContext tls) {
      return server(address, tls, StartTlsMode.OFFERED);
    }

    /**
     * Adds an honest server.
     *
     * @param address the server's 127.0.0.x literal
     * @param tls the server's certificate and key
     * @param mode whether and how STARTTLS is offered
     * @return this builder
     */
    public Builder server(String address, SSLContext tls, StartTlsMode mode) {
      try {
        servers.put(address, TestSmtpServer.builder().address(InetAddress.getByName(address)).tls(tls)
            .startTlsMode(mode).hostname("server-" + address));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    /** A server that misbehaves as the fault says, with STARTTLS offered. */
    Builder server(String address, SSLContext tls, SmtpFault fault) {
      server(address, tls);
      servers.get(address).fault(fault);
      return this;
    }

    /**
     * Sets the options of every planning engine.
     *
     * @param options what to set on each {@link SmtpDane.Builder}
     * @return this builder
     */
    public Builder dane(UnaryOperator<SmtpDane.Builder> options) {
      this.daneOptions = options;
      return this;
    }

    /**
     * Starts the DNS server and the SMTP servers.
     *
     * @return the running world
     */
    public MailWorld start() {
      return new MailWorld(this);
    }

    /** A port free on 127.0.0.2 (servers on other 127.x addresses rarely collide with it). */
    private static int freePort() {
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
        return probe.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
