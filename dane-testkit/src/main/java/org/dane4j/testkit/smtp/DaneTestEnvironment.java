package org.dane4j.testkit.smtp;

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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import org.dane4j.core.MatchingType;
import org.dane4j.core.Selector;
import org.dane4j.core.TlsaRecord;
import org.dane4j.core.Usage;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.smtp.DaneMailer;
import org.dane4j.smtp.SmtpDane;
import org.dane4j.smtp.SmtpTlsPolicy;
import org.dane4j.testkit.dns.DnsTree;
import org.dane4j.testkit.dns.TestDnsServer;
import org.dane4j.testkit.dns.ZoneBuilder;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A whole DANE mail world for a test, declared in a few lines: a signed DNS tree with each
 * domain's MX, address and TLSA records, served on loopback, and one STARTTLS
 * {@link TestSmtpServer} per MX host on its own 127.0.0.x address; plus a {@link DaneMailer}
 * that resolves through that tree only.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DaneTestEnvironment env = DaneTestEnvironment.builder()
 *     .domain("example.test", d -> d
 *         .mx(10, "mx1.example.test", mx -> mx.tlsa("3 1 1 auto"))      // computed from the chain it serves
 *         .mx(20, "mx2.example.test", mx -> mx.tlsa("2 1 1 auto")))
 *     .build();
 *
 * @Test
 * void deliversWithDane() throws Exception {
 *   DeliveryReport report = env.mailer().send(env.message("user@example.test"));
 *   assertThat(report.domain("example.test").isDelivered()).isTrue();
 * }
 *
 * @Test
 * void refusesMitm() throws Exception {
 *   env.mx("mx1.example.test").presents(TestCertificates.attacker("mx1.example.test").serverSslContext());
 *   ...
 * }
 * }</pre>
 *
 * <p>Every server listens on the same port (chosen free at build time, see {@link #port()}),
 * and the TLSA records are published under {@code _<port>._tcp.<host>}, which the mailer
 * follows. Each domain is a zone of its own below a signed zone for its top-level label;
 * an MX host outside every declared domain gets a zone for its parent domain. MX hosts
 * get 127.0.0.2, 127.0.0.3, ... in the order declared.
 *
 * <p>As a JUnit 5 extension in a static field it starts once for the test class, and after
 * each test {@link #reset()} restores the declared state (server chains and STARTTLS modes,
 * the DNS tree, no injected faults, empty message lists). In an instance field it starts and
 * stops around each test. Outside JUnit, call {@link #start()} and {@link #close()}.
 */
public final class DaneTestEnvironment
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, AutoCloseable {
  private final Map<String, DomainSpec> domains;
  private final Map<String, MxSpec> hosts;
  private final Map<String, List<TlsaRecord>> tlsa;
  private final SmtpTlsPolicy policy;
  private final int port;
  private final DnsTree tree;
  private final Map<String, TestSmtpServer> servers = new LinkedHashMap<>();
  private final List<DnssecResolver> resolvers = new ArrayList<>();
  private TestDnsServer dns;
  private boolean startedPerClass;

  private DaneTestEnvironment(Builder builder) {
    this.domains = new LinkedHashMap<>(builder.domains);
    this.hosts = new LinkedHashMap<>(builder.hosts);
    this.policy = builder.policy;
    this.port = builder.port == 0 ? freePort() : builder.port;
    this.tlsa = new LinkedHashMap<>();
    hosts.values().forEach(mx -> tlsa.put(mx.host, mx.tlsa.stream().map(spec -> record(mx, spec)).toList()));
    this.tree = buildTree();
  }

  /** A builder with no domains, the {@link SmtpTlsPolicy#DANE} policy and a free port. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the DNS server and the SMTP servers (if not yet started).
   *
   * @return this environment
   */
  public synchronized DaneTestEnvironment start() {
    if (dns != null) {
      return this;
    }
    dns = TestDnsServer.start(tree);
    try {
      for (MxSpec mx : hosts.values()) {
        servers.put(mx.host, TestSmtpServer.builder().address(mx.address).port(port).hostname(mx.host)
            .tls(mx.tls ? mx.certificate.serverSslContext() : null).startTlsMode(mx.startTlsMode).start());
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  /**
   * Restores the declared state: every server presents its declared chain in its declared
   * STARTTLS mode, accepts recipients and forgets its messages, the DNS server serves the declared tree without
   * injected faults, and the resolvers made by {@link #mailer()} are closed.
   */
  public synchronized void reset() {
    requireStarted();
    for (MxSpec mx : hosts.values()) {
      TestSmtpServer server = servers.get(mx.host);
      server.presents(mx.tls ? mx.certificate.serverSslContext() : null);
      server.startTlsMode(mx.startTlsMode);
      server.refuseRecipients(null);
      server.clearHistory();
    }
    dns.clearInjectedFaults();
    dns.serve(tree);
    dns.resetQueryCounts();
    resolvers.forEach(DnssecResolver::close);
    resolvers.clear();
  }

  /** Stops every server and closes the resolvers made by {@link #mailer()}. */
  @Override
  public synchronized void close() {
    servers.values().forEach(TestSmtpServer::close);
    servers.clear();
    resolvers.forEach(DnssecResolver::close);
    resolvers.clear();
    if (dns != null) {
      dns.close();
      dns = null;
    }
  }

  /** The port every SMTP server listens on; TLSA records are published for it. */
  public int port() {
    return port;
  }

  /** The signed DNS tree as declared. */
  public DnsTree tree() {
    return tree;
  }

  /** The DNS server (to inject faults or serve a changed tree). */
  public synchronized TestDnsServer dns() {
    requireStarted();
    return dns;
  }

  /**
   * The SMTP server of an MX host.
   *
   * @throws IllegalArgumentException if no MX host has that name
   */
  public synchronized TestSmtpServer mx(String host) {
    requireStarted();
    TestSmtpServer server = servers.get(normalize(host));
    if (server == null) {
      throw new IllegalArgumentException("No MX host " + host + "; declared: " + servers.keySet());
    }
    return server;
  }

  /**
   * The certificate an MX host presents as declared.
   *
   * @throws IllegalArgumentException if no MX host has that name
   */
  public TestCertificate certificate(String host) {
    return spec(host).certificate;
  }

  /**
   * The TLSA records published for an MX host at {@code _<port>._tcp.<host>}, in the order
   * declared, with {@code "auto"} records as computed: {@code "2 1 1 auto"} is the issuer's
   * key, which {@code certificate(host).tlsa("2 1 1")} (the certificate's own key) is not.
   * Empty for a host without TLSA records.
   *
   * @throws IllegalArgumentException if no MX host has that name
   */
  public List<TlsaRecord> tlsa(String host) {
    return tlsa.get(spec(host).host);
  }

  /**
   * A new resolver that validates from this tree's root key against the test DNS server;
   * closed by {@link #reset()} or {@link #close()}.
   */
  public synchronized DnssecResolver resolver() {
    requireStarted();
    DnssecResolver resolver = DnssecResolver.builder().upstream(dns.address()).trustAnchors(dns.trustAnchor())
        .queryTimeout(Duration.ofMillis(500)).attempts(2).lookupTimeout(Duration.ofSeconds(5)).build();
    resolvers.add(resolver);
    return resolver;
  }

  /** A planning engine with a fresh {@link #resolver()}, the environment's policy and port. */
  public SmtpDane smtpDane() {
    return smtpDane(policy);
  }

  /** A planning engine with a fresh {@link #resolver()}, the given policy and the environment's port. */
  public SmtpDane smtpDane(SmtpTlsPolicy policy) {
    return SmtpDane.builder().resolver(resolver()).policy(policy).port(port).build();
  }

  /** A mailer with a fresh {@link #smtpDane()} and short timeouts. */
  public DaneMailer mailer() {
    return DaneMailer.builder().session(session()).smtpDane(smtpDane()).build();
  }

  /** A mailer with a fresh engine under the given policy. */
  public DaneMailer mailer(SmtpTlsPolicy policy) {
    return DaneMailer.builder().session(session()).smtpDane(smtpDane(policy)).build();
  }

  /**
   * A mailer for your own Jakarta Mail session (its timeouts, {@code mail.smtp.from},
   * {@code mail.smtp.localhost}, ...) with a fresh {@link #smtpDane()}: the environment's
   * resolver, policy and port are already set, so the mail reaches the test servers.
   *
   * @param session the session every connection starts from
   */
  public DaneMailer mailer(Session session) {
    return DaneMailer.builder().session(Objects.requireNonNull(session, "session")).smtpDane(smtpDane()).build();
  }

  /** A Jakarta Mail session with five-second timeouts. */
  public Session session() {
    Properties properties = new Properties();
    properties.put("mail.smtp.connectiontimeout", "5000");
    properties.put("mail.smtp.timeout", "5000");
    properties.put("mail.smtp.writetimeout", "5000");
    return Session.getInstance(properties);
  }

  /**
   * A short text message from {@code sender@sender.test} to the recipients.
   *
   * @throws IllegalArgumentException if a recipient is not an address
   */
  public MimeMessage message(String... recipients) {
    try {
      MimeMessage message = new MimeMessage(session());
      message.setFrom(new InternetAddress("sender@sender.test"));
      for (String recipient : recipients) {
        message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
      }
      message.setSubject("dane4j test message");
      message.setText("Hello over DANE.");
      return message;
    } catch (MessagingException e) {
      throw new IllegalArgumentException("Cannot build a message to " + List.of(recipients) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
    startedPerClass = true;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (startedPerClass) {
      reset();
    } else {
      close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
    startedPerClass = false;
  }

  @Override
  public String toString() {
    return "DaneTestEnvironment[port " + port + ", domains " + domains.keySet() + ", MX hosts " + hosts.keySet() + "]";
  }

  private MxSpec spec(String host) {
    MxSpec mx = hosts.get(normalize(host));
    if (mx == null) {
      throw new IllegalArgumentException("No MX host " + host + "; declared: " + hosts.keySet());
    }
    return mx;
  }

  private void requireStarted() {
    if (dns == null) {
      throw new IllegalStateException("The environment is not started: register it as an extension or call start()");
    }
  }

  private DnsTree buildTree() {
    Map<String, Consumer<ZoneBuilder>> zones = new LinkedHashMap<>();
    Map<String, Boolean> unsigned = new LinkedHashMap<>();
    for (DomainSpec domain : domains.values()) {
      zones.put(domain.name, z -> { });
      unsigned.put(domain.name, domain.unsigned);
      addRecords(zones, domain.name, domain.records);
      for (Map.Entry<String, Integer> mx : domain.mx.entrySet()) {
        addRecords(zones, domain.name, List.of(domain.name + ". MX " + mx.getValue() + " " + mx.getKey() + "."));
      }
    }
    for (MxSpec mx : hosts.values()) {
      String zone = zoneOf(mx.host, zones.keySet());
      if (zone == null) {
        zone = mx.host.substring(mx.host.indexOf('.') + 1);
        zones.put(zone, z -> { });
      }
      List<String> records = new ArrayList<>();
      records.add(mx.host + ". A " + mx.address.getHostAddress());
      for (TlsaRecord record : tlsa.get(mx.host)) {
        records.add("_" + port + "._tcp." + mx.host + ". TLSA " + record);
      }
      addRecords(zones, zone, records);
    }
    DnsTree.Builder builder = DnsTree.builder();
    zones.keySet().stream().map(zone -> zone.substring(zone.lastIndexOf('.') + 1)).distinct()
        .filter(tld -> !zones.containsKey(tld)).forEach(tld -> builder.zone(tld + "."));
    zones.forEach((zone, records) -> builder.zone(zone + ".", z -> {
      if (unsigned.getOrDefault(zone, false)) {
        z.unsigned();
      }
      records.accept(z);
    }));
    return builder.build();
  }

  private static void addRecords(Map<String, Consumer<ZoneBuilder>> zones, String zone, List<String> records) {
    zones.merge(zone, z -> records.forEach(z::record), Consumer::andThen);
  }

  /** The longest declared zone the host is in, or null. */
  private static String zoneOf(String host, Iterable<String> zones) {
    String best = null;
    for (String zone : zones) {
      if ((host.equals(zone) || host.endsWith("." + zone)) && (best == null || zone.length() > best.length())) {
        best = zone;
      }
    }
    return best;
  }

  /** The TLSA RDATA for a spec: "3 1 1 auto" (or just "3 1 1") computes it; anything else is used as given. */
  private static TlsaRecord record(MxSpec mx, String spec) {
    String[] parts = spec.strip().split("\\s+");
    if (parts.length == 3 || (parts.length == 4 && parts[3].equalsIgnoreCase("auto"))) {
      Usage usage = Usage.of(Integer.parseInt(parts[0]));
      TestCertificate named = mx.certificate;
      if (usage == Usage.DANE_TA || usage == Usage.PKIX_TA) {
        named = mx.certificate.issuer().orElseThrow(() -> new IllegalArgumentException(
            "TLSA " + spec + " for " + mx.host + " needs an issuer, but its certificate is self-signed"));
      }
      return named.tlsa(usage, Selector.of(Integer.parseInt(parts[1])), MatchingType.of(Integer.parseInt(parts[2])));
    }
    return TlsaRecord.parse(spec);
  }

  private static String normalize(String name) {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  private static int freePort() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on 127.0.0.2: " + e.getMessage(), e);
    }
  }

  /** Declares the domains, MX hosts and options of a {@link DaneTestEnvironment}. */
  public static final class Builder {
    private final Map<String, DomainSpec> domains = new LinkedHashMap<>();
    private final Map<String, MxSpec> hosts = new LinkedHashMap<>();
    private SmtpTlsPolicy policy = SmtpTlsPolicy.DANE;
    private int port;

    private Builder() {
    }

    /**
     * Declares a mail domain (a zone of its own) and configures it.
     *
     * @param name the domain, e.g. {@code "example.test"}
     * @param configuration declares its MX hosts and options
     */
    public Builder domain(String name, Consumer<DomainSpec> configuration) {
      String domain = normalize(name);
      if (!domain.contains(".")) {
        throw new IllegalArgumentException("A mail domain needs at least two labels, not '" + name + "'");
      }
      configuration.accept(domains.computeIfAbsent(domain, d -> new DomainSpec(d, hosts)));
      return this;
    }

    /** The policy of {@link DaneTestEnvironment#mailer()}; default {@link SmtpTlsPolicy#DANE}. */
    public Builder policy(SmtpTlsPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The SMTP port of every server; default 0: a free port chosen when building. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Port must be in 0..65535, not " + port);
      }
      this.port = port;
      return this;
    }

    /** The environment, not yet started (the extension callbacks or {@link #start()} start it). */
    public DaneTestEnvironment build() {
      return new DaneTestEnvironment(this);
    }
  }

  /** One mail domain of the environment. */
  public static final class DomainSpec {
    private final String name;
    private final Map<String, MxSpec> hosts;
    private final Map<String, Integer> mx = new LinkedHashMap<>();
    private final List<String> records = new ArrayList<>();
    private boolean unsigned;

    private DomainSpec(String name, Map<String, MxSpec> hosts) {
      this.name = name;
      this.hosts = hosts;
    }

    /** An MX host with the defaults: a fresh chain for its name, STARTTLS offered, no TLSA. */
    public DomainSpec mx(int preference, String host) {
      return mx(preference, host, m -> { });
    }

    /**
     * An MX host, configured. A host named by several domains is one server.
     *
     * @param preference the MX preference
     * @param host the host name; its A record and TLSA records go into the zone that holds it
     * @param configuration its certificate, TLSA records and STARTTLS behaviour
     */
    public DomainSpec mx(int preference, String host, Consumer<MxSpec> configuration) {
      String name = normalize(host);
      MxSpec spec = hosts.computeIfAbsent(name, h -> new MxSpec(h, hostAddress(hosts.size())));
      configuration.accept(spec);
      mx.put(name, preference);
      return this;
    }

    /** Serves the domain's zone without DNSSEC (an insecure delegation). */
    public DomainSpec unsigned() {
      this.unsigned = true;
      return this;
    }

    /** Adds a record in zone-file syntax to the domain's zone, e.g. {@code "www A 127.0.0.9"}. */
    public DomainSpec record(String zoneFileLine) {
      records.add(Objects.requireNonNull(zoneFileLine, "zoneFileLine"));
      return this;
    }

    private static InetAddress hostAddress(int index) {
      if (index > 250) {
        throw new IllegalArgumentException("At most 251 MX hosts (127.0.0.2 to 127.0.0.252)");
      }
      try {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + index)});
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** One MX host: the chain its server presents, its TLSA records, its STARTTLS behaviour. */
  public static final class MxSpec {
    private final String host;
    private final InetAddress address;
    private TestCertificate certificate;
    private final List<String> tlsa = new ArrayList<>();
    private boolean tls = true;
    private StartTlsMode startTlsMode = StartTlsMode.OFFERED;

    private MxSpec(String host, InetAddress address) {
      this.host = host;
      this.address = address;
      this.certificate = TestCertificates.leaf(host);
    }

    /** The certificate (and chain) the server presents; default a fresh root, intermediate and leaf for the host. */
    public MxSpec certificate(TestCertificate certificate) {
      this.certificate = Objects.requireNonNull(certificate, "certificate");
      return this;
    }

    /**
     * Publishes a TLSA record at {@code _<port>._tcp.<host>}: {@code "3 1 1 auto"} (or
     * {@code "3 1 1"}) computes it from the certificate (usage 2 and 0: from its issuer);
     * any full record, e.g. {@code "3 1 1 6f2e..."}, is published as given.
     */
    public MxSpec tlsa(String spec) {
      tlsa.add(Objects.requireNonNull(spec, "spec"));
      return this;
    }

    /** How STARTTLS behaves; default {@link StartTlsMode#OFFERED}. */
    public MxSpec startTls(StartTlsMode mode) {
      this.startTlsMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** The server has no TLS at all (STARTTLS never offered). */
    public MxSpec noTls() {
      this.tls = false;
      return this;
    }
  }
}
