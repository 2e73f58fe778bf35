package org.dane4j.benchmarks;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.smtp.DaneMailer;
import org.dane4j.smtp.DeliveryReport;
import org.dane4j.smtp.SmtpDane;
import org.dane4j.testkit.dns.DnsTree;
import org.dane4j.testkit.dns.TestDnsServer;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.smtp.TestSmtpServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue item 5: delivering {@code messages} messages one after another with Jakarta Mail
 * (Angus) to the testkit's STARTTLS SMTP server on 127.0.0.2 (EC P-256 certificate), one
 * connection per message.
 *
 * <ul>
 *   <li>{@link #dane}: {@link DaneMailer}, RFC 7672 DANE: MX, A and TLSA from the warm
 *       resolver cache, DANE-EE(3 1 1) check in the handshake, a fresh TLS context per
 *       connection (so no session resumption across TLSA changes).
 *   <li>{@link #plainTrustAll}: {@link Transport#send} with STARTTLS required and a trust-all
 *       trust manager, one shared TLS context (TLS 1.3 resumption possible), the same timeouts.
 *   <li>{@link #plainTrustAllFreshContext}: as above with a new TLS context per message: the
 *       same TLS work as dane4j does (a full handshake per message).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class EndToEndBenchmark {
  private static final String MX = "mx1.example.test";

  @Param({"1000"})
  public int messages;

  private int port;
  private TestDnsServer dns;
  private TestSmtpServer smtp;
  private DnssecResolver resolver;
  private DaneMailer mailer;
  private MimeMessage message;
  private SSLSocketFactory trustAll;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    TestCertificate root = TestCertificate.builder().commonName("E2E Root").certificateAuthority(0).build();
    TestCertificate leaf = TestCertificate.builder().commonName(MX).dnsNames(MX).issuedBy(root).build();
    port = freePort();
    DnsTree tree = DnsTree.builder()
        .zone("test.")
        .zone("example.test.", z -> z.records("@ MX 10 mx1", "mx1 A 127.0.0.2",
            "_" + port + "._tcp.mx1 TLSA " + leaf.tlsa("3 1 1")))
        .build();
    dns = TestDnsServer.start(tree);
    smtp = TestSmtpServer.builder().address(InetAddress.getByName("127.0.0.2")).port(port).hostname(MX)
        .tls(leaf.serverSslContext()).start();
    resolver = DnssecResolver.builder().upstream(dns.address()).trustAnchors(dns.trustAnchor())
        .lookupTimeout(Duration.ofSeconds(10)).build();
    mailer = DaneMailer.builder().session(session()).smtpDane(SmtpDane.builder().resolver(resolver).port(port).build())
        .build();
    message = new MimeMessage(session());
    message.setFrom(new InternetAddress("sender@sender.test"));
    message.addRecipient(Message.RecipientType.TO, new InternetAddress("user@example.test"));
    message.setSubject("benchmark");
    message.setText("Hello over STARTTLS");
    trustAll = trustAllContext().getSocketFactory();
    DeliveryReport first = mailer.send(message);
    if (!first.isFullyDelivered()) {
      throw new IllegalStateException("DANE delivery failed: " + first);
    }
    deliver(session(trustAll));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    smtp.close();
    resolver.close();
    dns.close();
  }

  private Session session() {
    return session(trustAll);
  }

  private Session session(SSLSocketFactory factory) {
    Properties props = new Properties();
    props.put("mail.smtp.connectiontimeout", "30000");
    props.put("mail.smtp.timeout", "60000");
    if (factory != null) {
      props.put("mail.smtp.host", "127.0.0.2");
      props.put("mail.smtp.port", Integer.toString(port));
      props.put("mail.smtp.starttls.enable", "true");
      props.put("mail.smtp.starttls.required", "true");
      props.put("mail.smtp.ssl.checkserveridentity", "false");
      props.put("mail.smtp.ssl.socketFactory", factory);
    }
    return Session.getInstance(props);
  }

  /** dane4j: {@code messages} deliveries with DANE. */
  @Benchmark
  public int dane() throws MessagingException {
    for (int i = 0; i < messages; i++) {
      DeliveryReport report = mailer.send(message);
      if (!report.isFullyDelivered()) {
        throw new IllegalStateException("DANE delivery failed: " + report);
      }
    }
    return messages;
  }

  /** Plain STARTTLS, trust-all, shared TLS context. */
  @Benchmark
  public int plainTrustAll() throws MessagingException {
    Session session = session(trustAll);
    for (int i = 0; i < messages; i++) {
      deliver(session);
    }
    return messages;
  }

  /** Plain STARTTLS, trust-all, new TLS context per message. */
  @Benchmark
  public int plainTrustAllFreshContext() throws MessagingException {
    for (int i = 0; i < messages; i++) {
      deliver(session(trustAllContext().getSocketFactory()));
    }
    return messages;
  }

  private void deliver(Session session) throws MessagingException {
    try (Transport transport = session.getTransport("smtp")) {
      transport.connect();
      transport.sendMessage(message, message.getAllRecipients());
    }
  }

  private static SSLContext trustAllContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustAll()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
      return probe.getLocalPort();
    }
  }

  /** Accepts every server: the "encrypt, don't authenticate" baseline. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // Trusts every server: this is the unauthenticated baseline.
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
