package org.dane4j.testkit.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.dane4j.testkit.pki.TestCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestSmtpServerTest {
  private static TestCertificate root;
  private static TestCertificate leaf;

  private TestSmtpServer server;

  @BeforeAll
  static void pki() {
    root = TestCertificate.builder().commonName("Test Root").certificateAuthority(1).build();
    leaf = TestCertificate.builder().commonName("mx1.example.test").dnsNames("mx1.example.test")
        .issuedBy(root).build();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void cleartext_messageIsCapturedWithEnvelopeAndRawData() throws Exception {
    server = TestSmtpServer.builder().hostname("mx1.example.test").start();

    send(session(new Properties()), "sender@example.org", "rcpt@example.test", "Hello");

    assertThat(server.messages()).singleElement().satisfies(message -> {
      assertThat(message.envelopeFrom()).isEqualTo("sender@example.org");
      assertThat(message.envelopeRecipients()).containsExactly("rcpt@example.test");
      assertThat(message.content()).contains("Subject: Hello").contains("\r\n\r\nbody of Hello");
      assertThat(message.overTls()).isFalse();
    });
  }

  @Test
  void startTls_jakartaMailDeliversOverTlsWithThePresentedChain() throws Exception {
    server = TestSmtpServer.builder().tls(leaf.serverSslContext()).start();
    Properties props = new Properties();
    props.put("mail.smtp.starttls.enable", "true");
    props.put("mail.smtp.starttls.required", "true");
    props.put("mail.smtp.ssl.socketFactory", trusting(root.certificate()).getSocketFactory());
    props.put("mail.smtp.ssl.checkserveridentity", "false");

    send(session(props), "a@example.org", "b@example.test", "Secret");

    assertThat(server.messages()).singleElement().satisfies(message -> {
      assertThat(message.overTls()).isTrue();
      assertThat(message.tls().protocol()).hasValueSatisfying(p -> assertThat(p).startsWith("TLSv1."));
      assertThat(message.tls().cipherSuite()).isPresent();
    });
  }

  @Test
  void startTls_recordsTheSniNameAndPresentsTheChain() throws Exception {
    server = TestSmtpServer.builder().tls(leaf.serverSslContext()).start();

    try (RawSmtpClient client = new RawSmtpClient(server.address())) {
      client.reply();
      assertThat(client.command("EHLO client.test")).contains("250-STARTTLS");
      SSLSocket tls = client.startTls(trusting(root.certificate()), "mx1.example.test");
      assertThat(tls.getSession().getPeerCertificates()[0]).isEqualTo(leaf.certificate());
      assertThat(client.command("EHLO client.test")).doesNotContain("STARTTLS");
      client.command("MAIL FROM:<a@example.org>");
      client.command("RCPT TO:<b@example.test>");
      client.command("DATA");
      client.send("Subject: x");
      client.send("");
      client.send(".");
      assertThat(client.reply()).startsWith("250");
    }

    assertThat(server.messages()).singleElement()
        .satisfies(message -> assertThat(message.tls().serverName()).hasValue("mx1.example.test"));
  }

  @Test
  void hidden_startTlsIsNotAdvertisedAndRefused() throws Exception {
    server = TestSmtpServer.builder().tls(leaf.serverSslContext()).startTlsMode(StartTlsMode.HIDDEN).start();

    try (RawSmtpClient client = new RawSmtpClient(server.address())) {
      client.reply();
      assertThat(client.command("EHLO client.test")).doesNotContain("STARTTLS");
      assertThat(client.command("STARTTLS")).startsWith("502");
    }
  }

  @Test
  void hidden_clientRequiringStartTlsSendsNothing() {
    server = TestSmtpServer.builder().tls(leaf.serverSslContext()).startTlsMode(StartTlsMode.HIDDEN).start();
    Properties props = new Properties();
    props.put("mail.smtp.starttls.enable", "true");
    props.put("mail.smtp.starttls.required", "true");

    assertThatThrownBy(() -> send(session(props), "a@example.org", "b@example.test", "x"))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("STARTTLS");
    assertThat(server.messages()).isEmpty();
  }

  @Test
  void handshakeFails_clientGetsTlsErrorAndNothingIsDelivered() throws Exception {
    server = TestSmtpServer.builder().tls(leaf.serverSslContext()).startTlsMode(StartTlsMode.HANDSHAKE_FAILS)
        .start();

    try (RawSmtpClient client = new RawSmtpClient(server.address())) {
      client.reply();
      assertThat(client.command("EHLO client.test")).contains("250-STARTTLS");
      assertThatThrownBy(() -> client.startTls(trusting(root.certificate()), "mx1.example.test"))
          .isInstanceOfAny(SSLException.class, IOException.class);
    }
    assertThat(server.messages()).isEmpty();
    assertThat(server.connectionCount()).isEqualTo(1);
  }

  @Test
  void noTlsContext_startTlsIsNotOffered() throws Exception {
    server = TestSmtpServer.builder().start();

    try (RawSmtpClient client = new RawSmtpClient(server.address())) {
      client.reply();
      assertThat(client.command("EHLO client.test")).doesNotContain("STARTTLS");
    }
  }

  @Test
  void dotStuffedLines_areUnstuffed() throws Exception {
    server = TestSmtpServer.builder().start();

    try (RawSmtpClient client = new RawSmtpClient(server.address())) {
      client.reply();
      client.command("HELO client.test");
      client.command("MAIL FROM:<>");
      client.command("RCPT TO:<b@example.test>");
      assertThat(client.command("DATA")).startsWith("354");
      client.send("..leading dot");
      client.send(".");
      assertThat(client.reply()).startsWith("250");
    }

    assertThat(server.messages()).singleElement().satisfies(message -> {
      assertThat(message.envelopeFrom()).isEmpty();
      assertThat(message.content()).isEqualTo(".leading dot\r\n");
    });
  }

  @Test
  void chosenLoopbackAddressAndPort_areUsed() throws Exception {
    InetAddress address = InetAddress.getByName("127.0.0.2");
    int port = freePort(address);

    server = TestSmtpServer.builder().address(address).port(port).start();

    assertThat(server.address()).isEqualTo(new InetSocketAddress(address, port));
    try (RawSmtpClient client = new RawSmtpClient(new InetSocketAddress(address, port))) {
      assertThat(client.reply()).startsWith("220 ");
    }
  }

  @Test
  void nonLoopbackAddress_isRejected() throws Exception {
    InetAddress address = InetAddress.getByName("192.0.2.1");

    assertThatThrownBy(() -> TestSmtpServer.builder().address(address))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("192.0.2.1");
  }

  @Test
  void portInUse_failsWithTheAddressInTheMessage() {
    server = TestSmtpServer.builder().start();

    assertThatThrownBy(() -> TestSmtpServer.builder().port(server.port()).start())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("127.0.0.1:" + server.port());
  }

  @Test
  void close_closesOpenConnectionsAndStopsListening() throws Exception {
    server = TestSmtpServer.builder().start();
    InetSocketAddress address = server.address();
    try (RawSmtpClient client = new RawSmtpClient(address)) {
      client.reply();

      server.close();

      assertThatThrownBy(client::reply).isInstanceOf(IOException.class);
    }
    assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void presents_changesTheChainForLaterHandshakes() throws Exception {
    TestCertificate other = TestCertificate.builder().commonName("other.example.test").issuedBy(root).build();
    server = TestSmtpServer.builder().tls(leaf.serverSslContext()).start();

    server.presents(other.serverSslContext());

    try (RawSmtpClient client = new RawSmtpClient(server.address())) {
      client.reply();
      client.command("EHLO client.test");
      SSLSocket tls = client.startTls(trusting(root.certificate()), null);
      assertThat(tls.getSession().getPeerCertificates()[0]).isEqualTo(other.certificate());
    }
  }

  private Session session(Properties props) {
    props.put("mail.smtp.host", server.address().getAddress().getHostAddress());
    props.put("mail.smtp.port", Integer.toString(server.port()));
    props.put("mail.smtp.connectiontimeout", "5000");
    props.put("mail.smtp.timeout", "5000");
    return Session.getInstance(props);
  }

  private static void send(Session session, String from, String to, String subject) throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(from));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
    message.setSubject(subject);
    message.setText("body of " + subject);
    Transport.send(message);
  }

  private static SSLContext trusting(X509Certificate anchor) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("anchor", anchor);
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static int freePort(InetAddress address) throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, address)) {
      return probe.getLocalPort();
    }
  }
}
