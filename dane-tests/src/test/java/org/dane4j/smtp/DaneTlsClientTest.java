package org.dane4j.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.dane4j.core.TlsaRecord;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.dane4j.testkit.smtp.TestSmtpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DaneTlsClientTest {
  private static final List<String> NAMES = List.of("mx1.example.test", "example.test");

  private static TestCertificate leaf;
  private static TestCertificate intermediate;

  private TestSmtpServer server;

  @BeforeAll
  static void pki() {
    leaf = TestCertificates.leaf("mx1.example.test");
    intermediate = leaf.issuer().orElseThrow();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void startTls_daneEe_verifiesAndSendsTheBaseDomainAsSni() throws Exception {
    server = TestSmtpServer.builder().tls(leaf.serverSslContext()).start();
    DaneTlsClient client = daneClient(leaf.tlsa("3 1 1"));

    try (SSLSocket tls = startTls(client, null)) {
      assertThat(client.outcome(tls)).hasValueSatisfying(outcome -> assertThat(outcome.isDaneVerified()).isTrue());
      assertThat(tls.getSSLParameters().getServerNames()).hasSize(1);
      deliver(tls);
    }
    assertThat(server.messages()).singleElement()
        .satisfies(message -> assertThat(message.tls().serverName()).hasValue("mx1.example.test"));
  }

  @Test
  void startTls_attackerCertificate_handshakeFailsWithTheExplanation() throws Exception {
    server = TestSmtpServer.builder().tls(TestCertificates.attacker("mx1.example.test").serverSslContext()).start();
    DaneTlsClient client = daneClient(leaf.tlsa("3 1 1"));

    assertThatThrownBy(() -> startTls(client, null))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("DANE verification failed for mx1.example.test")
        .hasMessageContaining("would be");
    assertThat(client.latestOutcome()).hasValueSatisfying(outcome -> assertThat(outcome.accepted()).isFalse());
  }

  @Test
  void endpointIdentificationLdaps_daneEeLeafWithWrongName_stillVerifies() throws Exception {
    TestCertificate wrongName = TestCertificates.leaf("unrelated.example.net");
    server = TestSmtpServer.builder().tls(wrongName.serverSslContext()).start();
    DaneTlsClient client = daneClient(wrongName.tlsa("3 1 1"));

    try (SSLSocket tls = startTls(client, "LDAPS")) {
      assertThat(tls.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("LDAPS");
      assertThat(client.outcome(tls).orElseThrow().isDaneVerified()).isTrue();
    }
  }

  @Test
  void endpointIdentificationLdaps_daneTaLeafWithWrongName_isRejectedByDane4j() throws Exception {
    TestCertificate wrongName = TestCertificate.builder().dnsNames("www.example.test").issuedBy(intermediate).build();
    server = TestSmtpServer.builder().tls(wrongName.serverSslContext()).start();
    DaneTlsClient client = daneClient(intermediate.tlsa("2 1 1"));

    assertThatThrownBy(() -> startTls(client, "LDAPS"))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("DANE verification failed");
  }

  @Test
  void tlsaChange_betweenConnectionsToTheSameHostAndPort_isVerifiedAgain() throws Exception {
    server = TestSmtpServer.builder().tls(leaf.serverSslContext()).start();
    DaneTlsClient before = daneClient(leaf.tlsa("3 1 1"));
    try (SSLSocket tls = startTls(before, null)) {
      deliver(tls);
    }
    DaneTlsClient after = daneClient(TestCertificates.leaf("mx1.example.test").tlsa("3 1 1"));

    assertThatThrownBy(() -> startTls(after, null))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("DANE verification failed");
  }

  @Test
  void sameClient_secondConnection_isCheckedAgainNotResumed() throws Exception {
    server = TestSmtpServer.builder().tls(leaf.serverSslContext()).start();
    DaneTlsClient client = daneClient(leaf.tlsa("3 1 1"));
    TrustOutcome first;
    try (SSLSocket tls = startTls(client, null)) {
      deliver(tls);
      first = client.outcome(tls).orElseThrow();
    }

    try (SSLSocket tls = startTls(client, null)) {
      assertThat(client.outcome(tls)).isPresent().get().isNotSameAs(first);
    }
  }

  @Test
  void jakartaMail_startTlsWithCheckServerIdentity_deliversWithDaneEe() throws Exception {
    TestCertificate wrongName = TestCertificates.leaf("unrelated.example.net");
    server = TestSmtpServer.builder().tls(wrongName.serverSslContext()).start();
    DaneTlsClient client = daneClient(wrongName.tlsa("3 1 1"));
    Properties props = new Properties();
    props.put("mail.smtp.host", server.address().getAddress().getHostAddress());
    props.put("mail.smtp.port", Integer.toString(server.port()));
    props.put("mail.smtp.starttls.enable", "true");
    props.put("mail.smtp.starttls.required", "true");
    props.put("mail.smtp.ssl.checkserveridentity", "true");
    props.put("mail.smtp.ssl.socketFactory", client.socketFactory());
    MimeMessage message = new MimeMessage(Session.getInstance(props));
    message.setFrom(new InternetAddress("a@example.org"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("b@example.test"));
    message.setText("hello");

    Transport.send(message);

    assertThat(server.messages()).singleElement().satisfies(m -> assertThat(m.overTls()).isTrue());
    assertThat(client.latestOutcome().orElseThrow().isDaneVerified()).isTrue();
  }

  @Test
  void jakartaMail_attackerCertificate_isNotDelivered() {
    server = TestSmtpServer.builder().tls(TestCertificates.attacker("mx1.example.test").serverSslContext()).start();
    DaneTlsClient client = daneClient(leaf.tlsa("3 1 1"));
    Properties props = new Properties();
    props.put("mail.smtp.host", server.address().getAddress().getHostAddress());
    props.put("mail.smtp.port", Integer.toString(server.port()));
    props.put("mail.smtp.starttls.enable", "true");
    props.put("mail.smtp.starttls.required", "true");
    props.put("mail.smtp.ssl.socketFactory", client.socketFactory());

    assertThatThrownBy(() -> {
      MimeMessage message = new MimeMessage(Session.getInstance(props));
      message.setFrom(new InternetAddress("a@example.org"));
      message.setRecipient(Message.RecipientType.TO, new InternetAddress("b@example.test"));
      message.setText("hello");
      Transport.send(message);
    }).isInstanceOf(MessagingException.class);
    assertThat(server.messages()).isEmpty();
  }

  @Test
  void parameters_offerOnlyTls12Or13AndAuthenticatingSuites() {
    SSLParameters parameters = daneClient(leaf.tlsa("3 1 1")).sslParameters();

    assertThat(parameters.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(parameters.getCipherSuites()).isNotEmpty()
        .noneMatch(suite -> suite.contains("_anon_") || suite.contains("_NULL_"));
  }

  @Test
  void socketFactory_suitesExcludeAnonymousAndNull() {
    assertThat(daneClient(leaf.tlsa("3 1 1")).socketFactory().getSupportedCipherSuites())
        .noneMatch(suite -> suite.contains("_anon_") || suite.contains("_NULL_"));
  }

  @Test
  void authenticatesServer_rejectsAnonymousAndNullSuites() {
    assertThat(DaneTlsClient.authenticatesServer("TLS_ECDH_anon_WITH_AES_128_CBC_SHA")).isFalse();
    assertThat(DaneTlsClient.authenticatesServer("TLS_RSA_WITH_NULL_SHA256")).isFalse();
    assertThat(DaneTlsClient.authenticatesServer("TLS_AES_128_GCM_SHA256")).isTrue();
  }

  @Test
  void serverName_defaultsToTheFirstReferenceNameWithoutTrailingDot() {
    DaneTlsClient client = DaneTlsClient.builder().tlsa(List.of(leaf.tlsa("3 1 1")))
        .referenceNames(List.of("mx1.example.test.", "example.test."))
        .requirement(TlsRequirement.DANE_AUTHENTICATED).build();

    assertThat(client.serverName()).hasValue("mx1.example.test");
  }

  @Test
  void serverName_addressLiteralTarget_sendsNoSni() {
    DaneTlsClient client = DaneTlsClient.builder().referenceNames(List.of("192.0.2.1"))
        .requirement(TlsRequirement.OPPORTUNISTIC).build();

    assertThat(client.serverName()).isEmpty();
    assertThat(client.sslParameters().getServerNames()).isEmpty();
  }

  @Test
  void sslEngine_daneEe_handshakeVerifies() throws Exception {
    DaneTlsClient client = daneClient(leaf.tlsa("3 1 1"));
    SSLEngine clientEngine = client.createEngine("127.0.0.1", 25);
    SSLEngine serverEngine = leaf.serverSslContext().createSSLEngine();
    serverEngine.setUseClientMode(false);

    handshake(clientEngine, serverEngine);

    assertThat(clientEngine.getSSLParameters().getServerNames()).hasSize(1);
    assertThat(client.outcome(clientEngine).orElseThrow().isDaneVerified()).isTrue();
  }

  @Test
  void sslEngine_attacker_handshakeFails() throws Exception {
    DaneTlsClient client = daneClient(leaf.tlsa("3 1 1"));
    SSLEngine clientEngine = client.createEngine("127.0.0.1", 25);
    SSLEngine serverEngine = TestCertificates.attacker("mx1.example.test").serverSslContext().createSSLEngine();
    serverEngine.setUseClientMode(false);

    assertThatThrownBy(() -> handshake(clientEngine, serverEngine))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("DANE verification failed");
  }

  private static DaneTlsClient daneClient(TlsaRecord record) {
    return DaneTlsClient.builder().tlsa(List.of(record)).referenceNames(NAMES)
        .requirement(TlsRequirement.DANE_AUTHENTICATED).build();
  }

  /** Connects in cleartext, says EHLO, issues STARTTLS and completes the handshake. */
  private SSLSocket startTls(DaneTlsClient client, String endpointIdentification) throws IOException {
    Socket plain = new Socket(server.address().getAddress(), server.port());
    try {
      plain.setSoTimeout(5000);
      BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = plain.getOutputStream();
      reply(in);
      command(out, in, "EHLO client.test");
      assertThat(command(out, in, "STARTTLS")).startsWith("220");
      SSLSocket tls = (SSLSocket) client.socketFactory()
          .createSocket(plain, server.address().getAddress().getHostAddress(), server.port(), true);
      if (endpointIdentification != null) {
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(endpointIdentification);
        tls.setSSLParameters(parameters);
      }
      tls.startHandshake();
      return tls;
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  private static void deliver(SSLSocket tls) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
    OutputStream out = tls.getOutputStream();
    command(out, in, "EHLO client.test");
    command(out, in, "MAIL FROM:<a@example.org>");
    command(out, in, "RCPT TO:<b@example.test>");
    command(out, in, "DATA");
    assertThat(command(out, in, "Subject: test\r\n\r\nbody\r\n.")).startsWith("250");
    command(out, in, "QUIT");
  }

  private static String command(OutputStream out, BufferedReader in, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return reply(in);
  }

  private static String reply(BufferedReader in) throws IOException {
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("connection closed");
      }
    } while (line.length() > 3 && line.charAt(3) == '-');
    return line;
  }

  /** Runs a TLS handshake between two engines in memory. */
  private static void handshake(SSLEngine client, SSLEngine server) throws IOException {
    int size = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
    ByteBuffer toServer = ByteBuffer.allocate(size * 4);
    ByteBuffer toClient = ByteBuffer.allocate(size * 4);
    ByteBuffer empty = ByteBuffer.allocate(0);
    ByteBuffer sink = ByteBuffer.allocate(size * 4);
    client.beginHandshake();
    server.beginHandshake();
    for (int round = 0; round < 100; round++) {
      step(client, empty, toServer, toClient, sink);
      step(server, empty, toClient, toServer, sink);
      if (done(client) && done(server)) {
        return;
      }
    }
    throw new IOException("handshake did not finish");
  }

  private static boolean done(SSLEngine engine) {
    HandshakeStatus status = engine.getHandshakeStatus();
    return status == HandshakeStatus.FINISHED || status == HandshakeStatus.NOT_HANDSHAKING;
  }

  private static void step(SSLEngine engine, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer sink)
      throws IOException {
    HandshakeStatus status = engine.getHandshakeStatus();
    while (status == HandshakeStatus.NEED_TASK) {
      engine.getDelegatedTask().run();
      status = engine.getHandshakeStatus();
    }
    if (status == HandshakeStatus.NEED_WRAP) {
      engine.wrap(empty, out);
    } else if (status == HandshakeStatus.NEED_UNWRAP) {
      in.flip();
      engine.unwrap(in, sink);
      in.compact();
      sink.clear();
    }
    while (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
      engine.getDelegatedTask().run();
    }
  }
}
