package org.dane4j.testkit.smtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMTP server for tests, in process and on loopback, that speaks just enough ESMTP
 * (EHLO/HELO, STARTTLS, MAIL, RCPT, DATA, RSET, NOOP, QUIT) to receive mail from a real
 * client, and records every message it accepts.
 *
 * <p>With a TLS context it offers STARTTLS (RFC 3207) and presents that context's chain,
 * typically {@code TestCertificate.serverSslContext()} from the test PKI. The
 * {@link StartTlsMode} simulates a stripping attacker ({@link StartTlsMode#HIDDEN}) or a
 * broken handshake ({@link StartTlsMode#HANDSHAKE_FAILS}); an {@link SmtpFault} makes it a
 * hostile peer that trickles its replies or sends replies without end. Each accepted message carries
 * the envelope, the raw data and the TLS state it arrived with, including the SNI name
 * the client sent.
 *
 * <pre>{@code
 * try (TestSmtpServer mx = TestSmtpServer.builder()
 *     .address(InetAddress.getByName("127.0.0.2")).port(2525)
 *     .hostname("mx1.example.test")
 *     .tls(leaf.serverSslContext())
 *     .start()) {
 *   // ... send mail to 127.0.0.2:2525 ...
 *   assertThat(mx.messages()).singleElement().matches(ReceivedMessage::overTls);
 * }
 * }</pre>
 *
 * <p>The server is ready when {@link Builder#start()} returns, and {@link #close()} stops it
 * and every open connection, waiting for their threads. A message is recorded before the
 * client receives the {@code 250} reply to its data, so no waiting is needed after a
 * successful send. Thread-safe.
 */
public final class TestSmtpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TestSmtpServer.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final String hostname;
  private final ServerSocket serverSocket;
  private final ExecutorService threads;
  private final Set<Socket> openConnections = ConcurrentHashMap.newKeySet();
  private final List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile SSLContext tls;
  private volatile StartTlsMode startTlsMode;
  private volatile String recipientRefusal;
  private volatile SmtpFault fault;
  private volatile SmtpConnection.Login login;
  private final List<String> logins = new CopyOnWriteArrayList<>();
  private final AtomicInteger cleartextLogins = new AtomicInteger();
  private final Duration trickleInterval;
  /** Counted down by {@link #close()}: ends the pauses of trickling connections at once. */
  private final CountDownLatch closed = new CountDownLatch(1);

  private TestSmtpServer(Builder builder) throws IOException {
    this.hostname = builder.hostname;
    this.fault = builder.fault;
    this.trickleInterval = builder.trickleInterval;
    this.tls = builder.tls;
    this.startTlsMode = builder.startTlsMode;
    this.recipientRefusal = builder.recipientRefusal;
    this.serverSocket = new ServerSocket();
    try {
      serverSocket.setReuseAddress(true);
      serverSocket.bind(new InetSocketAddress(builder.address, builder.port));
    } catch (IOException e) {
      serverSocket.close();
      throw new IOException("Test SMTP server cannot listen on " + builder.address.getHostAddress() + ":"
          + builder.port + ": " + e.getMessage(), e);
    }
    String name = "test-smtp-" + INSTANCES.incrementAndGet();
    AtomicInteger threadNumber = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, name + "-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    threads.execute(this::acceptLoop);
    LOG.debug("Test SMTP server {} listening on {} ({})", hostname, address(), startTlsMode);
  }

  /** A builder with the defaults: 127.0.0.1, an ephemeral port, no TLS. */
  public static Builder builder() {
    return new Builder();
  }

  /** The address and port the server listens on. */
  public InetSocketAddress address() {
    return (InetSocketAddress) serverSocket.getLocalSocketAddress();
  }

  /** The port the server listens on (the ephemeral one if none was chosen). */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /** The host name the server uses in its greeting and EHLO reply. */
  public String hostname() {
    return hostname;
  }

  /** The messages accepted so far, oldest first (a snapshot). */
  public List<ReceivedMessage> messages() {
    return List.copyOf(messages);
  }

  /** Forgets the messages and the connection count so far (for a server shared by several tests). */
  public void clearHistory() {
    messages.clear();
    connections.set(0);
  }

  /** How many SMTP connections the server has accepted so far. */
  public int connectionCount() {
    return connections.get();
  }

  /**
   * Presents another TLS context from the next STARTTLS on, e.g. an attacker's certificate
   * in the middle of a test. {@code null} stops offering STARTTLS.
   */
  public void presents(SSLContext context) {
    this.tls = context;
  }

  /**
   * Refuses every RCPT TO of the next connections with this reply, e.g.
   * {@code "550 5.1.1 No such user"} or {@code "450 4.2.0 Try again later"}; {@code null}
   * accepts recipients again.
   *
   * @throws IllegalArgumentException if the reply does not start with a 4xx or 5xx code
   */
  public void refuseRecipients(String reply) {
    this.recipientRefusal = checkRefusal(reply);
  }

  /**
   * Requires SMTP AUTH (RFC 4954) from the next connections, like a submission relay: the
   * server offers {@code AUTH PLAIN} only inside TLS (RFC 4954 section 4), answers an AUTH
   * in cleartext with 538 (and counts it, see {@link #cleartextLoginAttempts()}), and refuses
   * MAIL before a successful login with 530. {@code null} for both turns it off.
   *
   * @param username the accepted user name
   * @param password the accepted password
   */
  public void requireLogin(String username, String password) {
    this.login = username == null && password == null ? null
        : new SmtpConnection.Login(Objects.requireNonNull(username, "username"),
            Objects.requireNonNull(password, "password"), logins::add, cleartextLogins::incrementAndGet);
  }

  /** The user names that logged in successfully, in order. */
  public List<String> logins() {
    return List.copyOf(logins);
  }

  /** How many AUTH commands came before TLS: credentials a client exposed in cleartext. */
  public int cleartextLoginAttempts() {
    return cleartextLogins.get();
  }

  /** Changes the STARTTLS behaviour for the next connections. */
  public void startTlsMode(StartTlsMode mode) {
    this.startTlsMode = Objects.requireNonNull(mode, "mode");
  }

  /** Changes how the server misbehaves for the next connections. */
  public void fault(SmtpFault fault) {
    this.fault = Objects.requireNonNull(fault, "fault");
  }

  /** Stops listening, closes every open connection and waits for the server's threads. */
  @Override
  public void close() {
    closed.countDown();
    try {
      serverSocket.close();
    } catch (IOException e) {
      LOG.debug("Closing the listening socket of {} failed", hostname, e);
    }
    for (Socket socket : new ArrayList<>(openConnections)) {
      closeQuietly(socket);
    }
    threads.shutdown();
    try {
      if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "TestSmtpServer " + hostname + " on " + address().getAddress().getHostAddress() + ":" + port();
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (SocketException e) {
        return;
      } catch (IOException e) {
        LOG.debug("Accept failed on {}", this, e);
        continue;
      }
      connections.incrementAndGet();
      openConnections.add(socket);
      SmtpConnection connection = new SmtpConnection(socket, hostname, tls, startTlsMode, recipientRefusal, login,
          messages::add, openConnections::add, new SmtpConnection.Misbehaviour(fault, trickleInterval, closed));
      try {
        threads.execute(() -> {
          try {
            connection.run();
          } finally {
            openConnections.remove(socket);
            openConnections.remove(connection.currentSocket());
          }
        });
      } catch (RuntimeException e) {
        closeQuietly(socket);
        return;
      }
    }
  }

  private static String checkRefusal(String reply) {
    if (reply != null && !reply.matches("[45]\\d\\d( .*)?")) {
      throw new IllegalArgumentException("A refusal is a 4xx or 5xx SMTP reply, not '" + reply + "'");
    }
    return reply;
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("Closing {} failed", socket, e);
    }
  }

  /** Options of a {@link TestSmtpServer}; {@link #start()} binds the socket. */
  public static final class Builder {
    private InetAddress address = InetAddress.getLoopbackAddress();
    private int port;
    private String hostname = "localhost";
    private SSLContext tls;
    private StartTlsMode startTlsMode = StartTlsMode.OFFERED;
    private String recipientRefusal;
    private SmtpFault fault = SmtpFault.NONE;
    private Duration trickleInterval = Duration.ofSeconds(2);

    private Builder() {
    }

    /** How the server misbehaves; default {@link SmtpFault#NONE}. */
    public Builder fault(SmtpFault fault) {
      this.fault = Objects.requireNonNull(fault, "fault");
      return this;
    }

    /**
     * The pause between two bytes of a trickled reply ({@link SmtpFault#TRICKLED_REPLIES});
     * default 2 seconds, short enough for any read timeout.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder trickleInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("The trickle interval must be positive, not " + interval);
      }
      this.trickleInterval = interval;
      return this;
    }

    /** The loopback address to listen on, e.g. 127.0.0.2; default 127.0.0.1. */
    public Builder address(InetAddress address) {
      Objects.requireNonNull(address, "address");
      if (!address.isLoopbackAddress()) {
        throw new IllegalArgumentException("Test SMTP servers listen on loopback only, not " + address.getHostAddress());
      }
      this.address = address;
      return this;
    }

    /** The port to listen on; default 0, an ephemeral port (see {@link TestSmtpServer#port()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Port must be in 0..65535, not " + port);
      }
      this.port = port;
      return this;
    }

    /** The host name in the greeting and the EHLO reply; default {@code localhost}. */
    public Builder hostname(String hostname) {
      this.hostname = Objects.requireNonNull(hostname, "hostname");
      return this;
    }

    /**
     * The TLS context whose key manager presents the server's chain after STARTTLS;
     * default {@code null}: STARTTLS is not offered at all.
     */
    public Builder tls(SSLContext context) {
      this.tls = context;
      return this;
    }

    /** How STARTTLS behaves when a TLS context is set; default {@link StartTlsMode#OFFERED}. */
    public Builder startTlsMode(StartTlsMode mode) {
      this.startTlsMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Refuses every RCPT TO with this reply (see {@link TestSmtpServer#refuseRecipients});
     * default {@code null}: recipients are accepted.
     */
    public Builder refuseRecipients(String reply) {
      this.recipientRefusal = checkRefusal(reply);
      return this;
    }

    /**
     * Binds the socket and starts accepting connections.
     *
     * @throws UncheckedIOException if the address and port cannot be bound; the message
     *     names them
     */
    public TestSmtpServer start() {
      try {
        return new TestSmtpServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
  }
}
