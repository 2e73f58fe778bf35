package org.dane4j.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A minimal SMTP client that fetches a server's certificate chain: connect, greeting, EHLO,
 * STARTTLS, TLS handshake, QUIT. It never sends mail. The handshake accepts any chain (it
 * only captures it): the caller verifies the chain against TLSA records itself, so that
 * every address gets its full per-depth explanation instead of a handshake abort.
 *
 * <p>Bounded: connect and read timeouts, at most {@value #MAX_LINE} bytes per reply line and
 * {@value #MAX_LINES} lines per reply. Data the server sends after its reply to STARTTLS is
 * refused (it would be read as if it had come through TLS: CVE-2011-0411 style injection).
 */
final class StartTlsClient {
  static final int MAX_LINE = 4096;
  static final int MAX_LINES = 100;

  /** Where a probe stopped. */
  enum Stage { CONNECT, GREETING, EHLO, STARTTLS_NOT_OFFERED, STARTTLS, HANDSHAKE }

  /** The failure of one probe, with the stage it reached. */
  static final class ProbeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Stage stage;

    ProbeException(Stage stage, String message) {
      super(message);
      this.stage = stage;
    }

    Stage stage() {
      return stage;
    }
  }

  /** What the server presented. */
  record Session(String greeting, List<X509Certificate> chain, String protocol, String cipherSuite) {
    Session {
      chain = List.copyOf(chain);
    }
  }

  private final Duration timeout;
  private final String heloName;

  StartTlsClient(Duration timeout, String heloName) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.heloName = Objects.requireNonNull(heloName, "heloName");
  }

  /**
   * Connects, negotiates TLS with STARTTLS and returns the chain the server sent.
   *
   * @param address where to connect
   * @param sniName the name to send as SNI (RFC 7672 section 8.1: the TLSA base domain);
   *     {@code null} for none
   */
  Session fetch(InetSocketAddress address, String sniName) throws ProbeException {
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    Socket socket = new Socket();
    try {
      try {
        socket.connect(address, millis);
        socket.setSoTimeout(millis);
      } catch (IOException e) {
        throw new ProbeException(Stage.CONNECT, "cannot connect to " + show(address) + ": " + reason(e));
      }
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      Reply greeting = read(in, Stage.GREETING);
      if (greeting.code != 220) {
        throw new ProbeException(Stage.GREETING, "server greeting is not 220: " + greeting.first());
      }
      send(out, "EHLO " + heloName, Stage.EHLO);
      Reply ehlo = read(in, Stage.EHLO);
      if (ehlo.code != 250) {
        throw new ProbeException(Stage.EHLO, "EHLO refused: " + ehlo.first());
      }
      boolean offered = false;
      for (int i = 1; i < ehlo.lines.size(); i++) {
        String keyword = ehlo.lines.get(i).substring(4).trim().toUpperCase(Locale.ROOT);
        offered |= keyword.equals("STARTTLS") || keyword.startsWith("STARTTLS ");
      }
      if (!offered) {
        quietQuit(out);
        throw new ProbeException(Stage.STARTTLS_NOT_OFFERED, "STARTTLS not offered in the EHLO reply");
      }
      send(out, "STARTTLS", Stage.STARTTLS);
      Reply ready = read(in, Stage.STARTTLS);
      if (ready.code != 220) {
        throw new ProbeException(Stage.STARTTLS, "STARTTLS refused: " + ready.first());
      }
      if (in.available() > 0) {
        throw new ProbeException(Stage.STARTTLS,
            "server sent data after its reply to STARTTLS (command injection); refusing to continue");
      }
      return handshake(socket, address, sniName, greeting.first());
    } catch (IOException e) {
      throw new ProbeException(Stage.GREETING, "connection to " + show(address) + " failed: " + reason(e));
    } finally {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Closing a probe socket: nothing to report.
      }
    }
  }

  private Session handshake(Socket socket, InetSocketAddress address, String sniName, String greeting)
      throws ProbeException {
    CapturingTrustManager capture = new CapturingTrustManager();
    try {
      // A fresh context per probe: no session resumption, so the chain is always sent.
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {capture}, null);
      String peer = sniName != null ? sniName : address.getAddress().getHostAddress();
      SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, peer, address.getPort(), true);
      SSLParameters parameters = tls.getSSLParameters();
      if (sniName != null) {
        try {
          parameters.setServerNames(List.of(new SNIHostName(sniName)));
        } catch (IllegalArgumentException e) {
          // Not a valid host name for SNI: send none.
          parameters.setServerNames(List.of());
        }
      }
      tls.setSSLParameters(parameters);
      tls.startHandshake();
      SSLSession session = tls.getSession();
      List<X509Certificate> chain = capture.chain;
      try {
        OutputStream out = tls.getOutputStream();
        out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException ignored) {
        // The chain is what we came for; a server that hangs up first is fine.
      }
      if (chain.isEmpty()) {
        throw new ProbeException(Stage.HANDSHAKE, "server sent no certificate");
      }
      return new Session(greeting, chain, session.getProtocol(), session.getCipherSuite());
    } catch (GeneralSecurityException e) {
      throw new ProbeException(Stage.HANDSHAKE, "TLS setup failed: " + reason(e));
    } catch (IOException e) {
      throw new ProbeException(Stage.HANDSHAKE, "TLS handshake failed: " + reason(e));
    }
  }

  private static void send(OutputStream out, String command, Stage stage) throws ProbeException {
    try {
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      throw new ProbeException(stage, "cannot send " + command.split(" ")[0] + ": " + reason(e));
    }
  }

  private static void quietQuit(OutputStream out) {
    try {
      out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException ignored) {
      // Leaving anyway.
    }
  }

  private record Reply(int code, List<String> lines) {
    String first() {
      return lines.get(0);
    }
  }

  /** Reads one (multi-line) SMTP reply, RFC 5321 section 4.2, within the bounds. */
  private static Reply read(InputStream in, Stage stage) throws ProbeException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = readLine(in, stage);
      if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
          || !Character.isDigit(line.charAt(2)) || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
        throw new ProbeException(stage, "malformed SMTP reply line: " + printable(line));
      }
      if (!lines.isEmpty() && !line.substring(0, 3).equals(lines.get(0).substring(0, 3))) {
        throw new ProbeException(stage, "reply code changes within a multi-line reply: " + printable(line));
      }
      lines.add(line.length() == 3 ? line + " " : line);
      if (line.length() == 3 || line.charAt(3) == ' ') {
        return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
      }
      if (lines.size() >= MAX_LINES) {
        throw new ProbeException(stage, "reply longer than " + MAX_LINES + " lines");
      }
    }
  }

  private static String readLine(InputStream in, Stage stage) throws ProbeException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new ProbeException(stage, "server closed the connection"
              + (line.size() > 0 ? " in the middle of a line" : ""));
        }
        if (b == '\n') {
          String text = line.toString(StandardCharsets.ISO_8859_1);
          return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }
        if (line.size() >= MAX_LINE) {
          throw new ProbeException(stage, "reply line longer than " + MAX_LINE + " bytes");
        }
        line.write(b);
      }
    } catch (SocketTimeoutException e) {
      throw new ProbeException(stage, "timed out waiting for the server's reply");
    } catch (IOException e) {
      throw new ProbeException(stage, "reading the reply failed: " + reason(e));
    }
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
      if (out.length() > 120) {
        return out.append("...").toString();
      }
    }
    return out.toString();
  }

  static String show(InetSocketAddress address) {
    String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private static String reason(Exception e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /** Accepts every chain and keeps it: the verdict is DaneVerifier's, after the handshake. */
  private static final class CapturingTrustManager extends X509ExtendedTrustManager {
    private volatile List<X509Certificate> chain = List.of();

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, Socket socket) {
      chain = List.of(certificates);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, SSLEngine engine) {
      chain = List.of(certificates);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType) {
      chain = List.of(certificates);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, Socket socket) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, SSLEngine engine) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
