package org.dane4j.testkit.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** A line-by-line SMTP client for driving the test server exactly. */
final class RawSmtpClient implements AutoCloseable {
  private Socket socket;
  private BufferedReader in;
  private OutputStream out;

  RawSmtpClient(InetSocketAddress address) throws IOException {
    socket = new Socket();
    socket.connect(address, 5000);
    socket.setSoTimeout(5000);
    streams();
  }

  private void streams() throws IOException {
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
  }

  /** Reads one (possibly multi-line) reply and returns it with lines joined by newlines. */
  String reply() throws IOException {
    StringBuilder reply = new StringBuilder();
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("Connection closed after: " + reply);
      }
      reply.append(reply.length() == 0 ? "" : "\n").append(line);
    } while (line.length() > 3 && line.charAt(3) == '-');
    return reply.toString();
  }

  String command(String line) throws IOException {
    send(line);
    return reply();
  }

  void send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Sends STARTTLS and performs the client handshake with the SNI name, if any. */
  SSLSocket startTls(SSLContext context, String sniName) throws IOException {
    String reply = command("STARTTLS");
    if (!reply.startsWith("220")) {
      throw new IOException("STARTTLS refused: " + reply);
    }
    SSLSocket tls = (SSLSocket) context.getSocketFactory()
        .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
    if (sniName != null) {
      SSLParameters parameters = tls.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(sniName)));
      tls.setSSLParameters(parameters);
    }
    tls.startHandshake();
    socket = tls;
    streams();
    return tls;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
