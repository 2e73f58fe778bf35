package org.dane4j.testkit.smtp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.dane4j.testkit.smtp.ReceivedMessage.TlsInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server side of one SMTP connection of a {@link TestSmtpServer}. */
final class SmtpConnection {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpConnection.class);
  /** RFC 5321 section 4.5.3.1.6 allows 1000 octets per text line; tolerate more, not unbounded. */
  private static final int MAX_LINE = 64 * 1024;

  private final String hostname;
  private final SSLContext tls;
  private final StartTlsMode startTlsMode;
  private final String recipientRefusal;
  private final Login login;
  private boolean loggedIn;
  private final Consumer<ReceivedMessage> delivered;
  private final Consumer<Socket> opened;
  private final Misbehaviour misbehaviour;

  private volatile Socket socket;
  private InputStream in;
  private OutputStream out;
  private TlsInfo tlsInfo = TlsInfo.CLEARTEXT;
  private String from;
  private final List<String> recipients = new ArrayList<>();

  SmtpConnection(Socket socket, String hostname, SSLContext tls, StartTlsMode startTlsMode, String recipientRefusal,
      Login login, Consumer<ReceivedMessage> delivered, Consumer<Socket> opened, Misbehaviour misbehaviour) {
    this.socket = socket;
    this.hostname = hostname;
    this.tls = tls;
    this.startTlsMode = startTlsMode;
    this.recipientRefusal = recipientRefusal;
    this.login = login;
    this.delivered = delivered;
    this.opened = opened;
    this.misbehaviour = misbehaviour;
  }

  /** The credentials a server requires, and where it reports logins and cleartext attempts. */
  record Login(String username, String password, Consumer<String> succeeded, Runnable inCleartext) {
  }

  /** A {@link SmtpFault} with its pacing, and the server's close signal that ends every pause. */
  record Misbehaviour(SmtpFault fault, Duration trickleInterval, CountDownLatch closed) {
  }

  Socket currentSocket() {
    return socket;
  }

  void run() {
    try {
      useStreams();
      if (misbehaviour.fault() == SmtpFault.HUGE_GREETING) {
        hugeGreeting();
        return;
      }
      reply("220 " + hostname + " ESMTP dane4j test server");
      String line;
      while ((line = readLine()) != null) {
        if (!handle(line)) {
          break;
        }
      }
    } catch (IOException e) {
      LOG.debug("SMTP connection to {} ended: {}", hostname, e.toString());
    } finally {
      TestSmtpServer.closeQuietly(socket);
    }
  }

  private boolean offersStartTls() {
    return tls != null && startTlsMode != StartTlsMode.HIDDEN && tlsInfo.protocol().isEmpty();
  }

  /** Handles one command line; false ends the connection. */
  private boolean handle(String line) throws IOException {
    String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
    switch (verb) {
      case "EHLO":
        resetTransaction();
        if (misbehaviour.fault() == SmtpFault.ENDLESS_EHLO_REPLY_AFTER_STARTTLS && tlsInfo.protocol().isPresent()) {
          endlessReply();
          return false;
        }
        reply("250-" + hostname + " greets you\r\n" + (offersStartTls() ? "250-STARTTLS\r\n" : "")
            + (login != null && tlsInfo.protocol().isPresent() ? "250-AUTH PLAIN\r\n" : "")
            + "250-8BITMIME\r\n250 SMTPUTF8");
        return true;
      case "HELO":
        resetTransaction();
        reply("250 " + hostname);
        return true;
      case "STARTTLS":
        return startTls();
      case "AUTH":
        return authenticate(line);
      case "MAIL":
        if (login != null && !loggedIn) {
          reply("530 5.7.0 Authentication required");
          return true;
        }
        from = path(line, "MAIL FROM:");
        if (from == null) {
          reply("501 5.5.4 Syntax: MAIL FROM:<address>");
        } else {
          recipients.clear();
          reply("250 2.1.0 OK");
        }
        return true;
      case "RCPT":
        String recipient = path(line, "RCPT TO:");
        if (from == null) {
          reply("503 5.5.1 MAIL first");
        } else if (recipient == null || recipient.isEmpty()) {
          reply("501 5.5.4 Syntax: RCPT TO:<address>");
        } else if (recipientRefusal != null) {
          reply(recipientRefusal);
        } else {
          recipients.add(recipient);
          reply("250 2.1.5 OK");
        }
        return true;
      case "DATA":
        if (from == null || recipients.isEmpty()) {
          reply("503 5.5.1 MAIL and RCPT first");
          return true;
        }
        reply("354 End data with <CR><LF>.<CR><LF>");
        byte[] data = readData();
        if (data == null) {
          return false;
        }
        ReceivedMessage message = new ReceivedMessage(from, recipients, data, tlsInfo);
        delivered.accept(message);
        LOG.debug("{} accepted message {}", hostname, message);
        resetTransaction();
        if (misbehaviour.fault() == SmtpFault.TRICKLED_DATA_REPLY) {
          trickle("250 2.0.0 OK queued");
          return false;
        }
        reply("250 2.0.0 OK queued");
        return true;
      case "RSET":
        resetTransaction();
        reply("250 2.0.0 OK");
        return true;
      case "NOOP":
        reply("250 2.0.0 OK");
        return true;
      case "QUIT":
        reply("221 2.0.0 Bye");
        return false;
      default:
        reply("500 5.5.2 Command not recognized");
        return true;
    }
  }

  /** AUTH PLAIN (RFC 4616), with or without an initial response; only inside TLS. */
  private boolean authenticate(String line) throws IOException {
    String[] words = line.split(" ");
    if (login == null) {
      reply("502 5.5.1 AUTH not available");
      return true;
    }
    if (tlsInfo.protocol().isEmpty()) {
      login.inCleartext().run();
      reply("538 5.7.11 Encryption required for requested authentication mechanism");
      return true;
    }
    if (words.length < 2 || !words[1].equalsIgnoreCase("PLAIN")) {
      reply("504 5.5.4 Unrecognized authentication type");
      return true;
    }
    String response = words.length > 2 ? words[2] : null;
    if (response == null) {
      reply("334 ");
      response = readLine();
      if (response == null) {
        return false;
      }
    }
    String[] parts;
    try {
      parts = new String(Base64.getDecoder().decode(response.trim()), StandardCharsets.UTF_8)
          .split("\u0000", -1);
    } catch (IllegalArgumentException e) {
      reply("501 5.5.2 Cannot decode response");
      return true;
    }
    if (parts.length == 3 && parts[1].equals(login.username()) && parts[2].equals(login.password())) {
      loggedIn = true;
      login.succeeded().accept(parts[1]);
      reply("235 2.7.0 Authentication successful");
    } else {
      reply("535 5.7.8 Authentication credentials invalid");
    }
    return true;
  }

  private boolean startTls() throws IOException {
    if (!offersStartTls()) {
      reply("502 5.5.1 STARTTLS not available");
      return true;
    }
    reply("220 2.0.0 Ready to start TLS");
    if (startTlsMode == StartTlsMode.HANDSHAKE_FAILS) {
      return false;
    }
    SSLSocket tlsSocket = (SSLSocket) tls.getSocketFactory()
        .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
    tlsSocket.setUseClientMode(false);
    socket = tlsSocket;
    opened.accept(tlsSocket);
    tlsSocket.startHandshake();
    SSLSession session = tlsSocket.getSession();
    tlsInfo = new TlsInfo(Optional.of(session.getProtocol()), Optional.of(session.getCipherSuite()),
        requestedServerName(session));
    LOG.debug("{} completed STARTTLS: {}", hostname, tlsInfo);
    // RFC 3207 section 4.2: forget everything learnt before TLS; the client starts with EHLO.
    resetTransaction();
    useStreams();
    return true;
  }

  private static Optional<String> requestedServerName(SSLSession session) {
    if (session instanceof ExtendedSSLSession extended) {
      for (SNIServerName name : extended.getRequestedServerNames()) {
        if (name instanceof SNIHostName hostName) {
          return Optional.of(hostName.getAsciiName());
        }
      }
    }
    return Optional.empty();
  }

  private void useStreams() throws IOException {
    // Replies are single writes; without this, Nagle's algorithm and delayed ACKs add ~40 ms per reply.
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  private void resetTransaction() {
    from = null;
    recipients.clear();
  }

  /** The address between angle brackets after the prefix, or null if the syntax is wrong. */
  private static String path(String line, String prefix) {
    if (!line.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return null;
    }
    String rest = line.substring(prefix.length()).strip();
    int close = rest.indexOf('>');
    if (!rest.startsWith("<") || close < 0) {
      return null;
    }
    return rest.substring(1, close);
  }

  /** Sends one reply (possibly several lines joined by CRLF) in one write, or trickled if so configured. */
  private void reply(String line) throws IOException {
    SmtpFault fault = misbehaviour.fault();
    if (fault == SmtpFault.TRICKLED_REPLIES
        || fault == SmtpFault.TRICKLED_REPLIES_AFTER_STARTTLS && tlsInfo.protocol().isPresent()) {
      trickle(line);
      return;
    }
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** One byte per trickle interval, until the reply is out or the server closes. */
  private void trickle(String line) throws IOException {
    for (byte b : (line + "\r\n").getBytes(StandardCharsets.US_ASCII)) {
      out.write(b);
      out.flush();
      try {
        if (misbehaviour.closed().await(misbehaviour.trickleInterval().toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IOException("server closed while trickling");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while trickling", e);
      }
    }
  }

  /** "220 " and 48 MiB of text as one line; ends when the client stops reading. */
  private void hugeGreeting() throws IOException {
    out.write("220 ".getBytes(StandardCharsets.US_ASCII));
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    for (int i = 0; i < 48 * 16; i++) {
      out.write(chunk);
    }
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** {@code 250-} lines without a last line, until the client goes away or the server closes. */
  private void endlessReply() throws IOException {
    byte[] line = ("250-" + "x".repeat(72) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    while (misbehaviour.closed().getCount() > 0) {
      out.write(line);
    }
  }

  /** The message up to the lone dot, with dot-stuffing undone (RFC 5321 section 4.5.2). */
  private byte[] readData() throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    byte[] line;
    while ((line = readRawLine()) != null) {
      if (line.length == 1 && line[0] == '.') {
        return data.toByteArray();
      }
      int start = line.length > 0 && line[0] == '.' ? 1 : 0;
      data.write(line, start, line.length - start);
      data.write('\r');
      data.write('\n');
    }
    return null;
  }

  private String readLine() throws IOException {
    byte[] line = readRawLine();
    return line == null ? null : new String(line, StandardCharsets.UTF_8);
  }

  /** One line without its CRLF (or bare LF), or null at the end of the stream. */
  private byte[] readRawLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return Arrays.copyOf(bytes, length);
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("Line longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
    return null;
  }
}
