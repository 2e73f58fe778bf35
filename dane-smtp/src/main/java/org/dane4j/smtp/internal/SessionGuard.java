package org.dane4j.smtp.internal;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Time and size bounds for one SMTP client connection made by Eclipse Angus Mail, which
 * has only per-read and per-write timeouts and reads reply lines of any length: a peer
 * that sends one byte every few seconds, or a greeting of 48 MB, would hold the client
 * for as long as it likes.
 *
 * <ul>
 *   <li>A deadline per phase ({@link #begin}): when it passes, a watchdog closes the socket,
 *       which ends any blocked read, write, connect or TLS handshake, and every later I/O call
 *       fails with a {@link DeadlineExceededException}.
 *   <li>Reply lines longer than {@link #MAX_LINE} bytes and replies longer than
 *       {@link #MAX_REPLY} bytes fail with a {@link ReplyTooLongException}, in cleartext and
 *       inside TLS.
 * </ul>
 *
 * <p>Angus Mail gets the guarded plain socket through {@link #socketFactory()}
 * ({@code mail.smtp.socketFactory}) and the guarded TLS socket through
 * {@link #tlsSocketFactory(SSLSocketFactory)} ({@code mail.smtp.ssl.socketFactory}). The
 * first limit broken is kept as {@link #violation()}, because the JDK's TLS layer and Angus
 * may wrap or replace the exception on its way out.
 */
public final class SessionGuard implements AutoCloseable {
  /**
   * The longest reply line accepted, CRLF included: eight times the 512 octets of RFC 5321
   * section 4.5.3.1.5, room for servers that exceed it, not for a denial of service.
   */
  public static final int MAX_LINE = 4096;
  /** The longest reply accepted, all its lines together (a long EHLO reply is ~1 KB). */
  public static final int MAX_REPLY = 64 * 1024;

  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private final String peer;
  private GuardedSocket socket;
  private volatile long deadlineNanos = Long.MAX_VALUE;
  private volatile String phase = "no phase";
  private volatile Duration limit = Duration.ZERO;
  private volatile String violation;
  private volatile boolean tlsStarted;
  private ScheduledFuture<?> alarm;

  /**
   * A guard for one connection.
   *
   * @param peer where the connection goes, for messages, e.g. {@code mx1.example.org[192.0.2.1]:25}
   */
  public SessionGuard(String peer) {
    this.peer = peer;
  }

  /**
   * Starts a phase that must end within the limit, e.g. the connection setup (connect,
   * greeting, EHLO, STARTTLS) or the message transfer. Replaces the previous phase's deadline.
   */
  public synchronized void begin(String phaseName, Duration phaseLimit) {
    if (alarm != null) {
      alarm.cancel(false);
    }
    this.phase = phaseName;
    this.limit = phaseLimit;
    long nanos = phaseLimit.toNanos();
    this.deadlineNanos = System.nanoTime() + nanos;
    this.alarm = WATCHDOG.schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
  }

  /** The first limit this connection broke, in words; empty while none was. */
  public Optional<String> violation() {
    return Optional.ofNullable(violation);
  }

  /** A factory of the one plain socket of this connection, for {@code mail.smtp.socketFactory}. */
  public SocketFactory socketFactory() {
    return new PlainFactory();
  }

  /**
   * Wraps the TLS socket factory (for {@code mail.smtp.ssl.socketFactory}) so that reply
   * lengths stay bounded inside TLS too.
   */
  public SSLSocketFactory tlsSocketFactory(SSLSocketFactory tls) {
    return new TlsFactory(tls);
  }

  /** Stops the watchdog. The socket is closed by its owner. */
  @Override
  public synchronized void close() {
    if (alarm != null) {
      alarm.cancel(false);
      alarm = null;
    }
  }

  @Override
  public String toString() {
    return "SessionGuard[" + peer + ", " + phase + " within " + limit + (violation == null ? "" : ", " + violation)
        + "]";
  }

  private void expire() {
    record(deadlineMessage());
    GuardedSocket current;
    synchronized (this) {
      current = socket;
    }
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        // Closing is best effort; the next I/O call fails on the deadline anyway.
      }
    }
  }

  private String deadlineMessage() {
    return "SMTP session deadline passed: " + phase + " with " + peer + " took longer than " + limit;
  }

  private void record(String problem) {
    synchronized (this) {
      if (violation == null) {
        violation = problem;
      }
    }
  }

  /** Throws if the deadline has passed; called before every I/O call. */
  private void checkDeadline() throws DeadlineExceededException {
    if (System.nanoTime() - deadlineNanos >= 0) {
      record(deadlineMessage());
      throw new DeadlineExceededException(violation);
    }
  }

  /** The exception to throw for a failed I/O call: the recorded violation if there is one. */
  private IOException translate(IOException failure) {
    String problem = violation;
    if (problem == null || failure instanceof DeadlineExceededException || failure instanceof ReplyTooLongException) {
      return failure;
    }
    DeadlineExceededException deadline = new DeadlineExceededException(problem);
    deadline.initCause(failure);
    return deadline;
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "dane4j-smtp-deadlines");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** A phase deadline passed: the connection was closed. */
  public static final class DeadlineExceededException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    DeadlineExceededException(String message) {
      super(message);
    }
  }

  /** The server sent a reply line or reply longer than the limits. */
  public static final class ReplyTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    ReplyTooLongException(String message) {
      super(message);
    }
  }

  /**
   * Follows SMTP replies byte by byte (RFC 5321 section 4.2.1: a line whose fourth byte is
   * {@code -} is continued by the next) and counts the current line and reply.
   */
  private final class ReplyLimiter {
    private final String where;
    private int lineLength;
    private int replyLength;
    private boolean continued;

    ReplyLimiter(String where) {
      this.where = where;
    }

    void accept(byte[] bytes, int offset, int length) throws ReplyTooLongException {
      for (int i = offset; i < offset + length; i++) {
        byte b = bytes[i];
        lineLength++;
        replyLength++;
        if (lineLength == 4) {
          continued = b == '-';
        }
        if (lineLength > MAX_LINE) {
          throw tooLong("a reply line", MAX_LINE);
        }
        if (replyLength > MAX_REPLY) {
          throw tooLong("a reply", MAX_REPLY);
        }
        if (b == '\n') {
          if (!continued || lineLength < 4) {
            replyLength = 0;
          }
          lineLength = 0;
          continued = false;
        }
      }
    }

    private ReplyTooLongException tooLong(String what, int max) {
      String problem = what + " from " + peer + " " + where + " is longer than " + max
          + " bytes (RFC 5321 section 4.5.3.1.5 allows 512 per line)";
      record(problem);
      return new ReplyTooLongException(problem);
    }
  }

  /** Checks the deadline before each read, translates failures, and limits replies while {@code limiter} is set. */
  private final class GuardedInput extends FilterInputStream {
    private final ReplyLimiter limiter;
    private final boolean plain;

    GuardedInput(InputStream in, ReplyLimiter limiter, boolean plain) {
      super(in);
      this.limiter = limiter;
      this.plain = plain;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      checkDeadline();
      int n;
      try {
        n = in.read(buffer, offset, length);
      } catch (IOException e) {
        throw translate(e);
      }
      // Below TLS the bytes are TLS records, not replies: the TLS socket's stream counts those.
      if (n > 0 && !(plain && tlsStarted)) {
        limiter.accept(buffer, offset, n);
      }
      return n;
    }
  }

  /** Checks the deadline before each write and translates failures (a watchdog close ends a blocked write). */
  private final class GuardedOutput extends FilterOutputStream {
    GuardedOutput(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      checkDeadline();
      try {
        out.write(buffer, offset, length);
      } catch (IOException e) {
        throw translate(e);
      }
    }

    @Override
    public void flush() throws IOException {
      checkDeadline();
      try {
        out.flush();
      } catch (IOException e) {
        throw translate(e);
      }
    }
  }

  /** The plain TCP socket: a real socket whose streams are guarded (TLS is layered over them). */
  private final class GuardedSocket extends Socket {
    private InputStream input;
    private OutputStream output;

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      checkDeadline();
      try {
        super.connect(endpoint, timeout);
      } catch (IOException e) {
        throw translate(e);
      }
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (input == null) {
        input = new GuardedInput(super.getInputStream(), new ReplyLimiter("in cleartext"), true);
      }
      return input;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (output == null) {
        output = new GuardedOutput(super.getOutputStream());
      }
      return output;
    }
  }

  private final class PlainFactory extends SocketFactory {
    @Override
    public Socket createSocket() {
      GuardedSocket created = new GuardedSocket();
      synchronized (SessionGuard.this) {
        socket = created;
      }
      return created;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      throw unconnectedOnly();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      throw unconnectedOnly();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      throw unconnectedOnly();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      throw unconnectedOnly();
    }

    private IOException unconnectedOnly() {
      // A connected socket would be made without the guard's connect check; Angus asks for an unconnected one.
      return new IOException("The guarded SMTP socket factory creates unconnected sockets only");
    }
  }

  private final class TlsFactory extends SSLSocketFactory {
    private final SSLSocketFactory tls;

    TlsFactory(SSLSocketFactory tls) {
      this.tls = tls;
    }

    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
      // STARTTLS: from here on the plain stream carries TLS records, the TLS stream the replies.
      tlsStarted = true;
      SSLSocket layered = (SSLSocket) tls.createSocket(plain, host, port, autoClose);
      return new LimitedSslSocket(layered, in -> new GuardedInput(in, new ReplyLimiter("inside TLS"), false));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      throw startTlsOnly();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      throw startTlsOnly();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      throw startTlsOnly();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      throw startTlsOnly();
    }

    private IOException startTlsOnly() {
      return new IOException("The guarded TLS socket factory only layers TLS over the guarded plain socket (STARTTLS)");
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return tls.getSupportedCipherSuites();
    }
  }
}
