package org.dane4j.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The client side of an SMTP dialogue, for tests that drive their own connection (and
 * STARTTLS) instead of going through Jakarta Mail: one command, one reply.
 */
final class SmtpDialogue {
  private final BufferedReader in;
  private final OutputStream out;

  private SmtpDialogue(Socket socket) throws IOException {
    this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    this.out = socket.getOutputStream();
  }

  /** A dialogue over a connected socket, plain or TLS. */
  static SmtpDialogue over(Socket socket) throws IOException {
    return new SmtpDialogue(socket);
  }

  /**
   * Reads the next reply and returns its last line (continuation lines are skipped).
   *
   * @throws IOException if the server closes the connection first
   */
  String reply() throws IOException {
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("connection closed");
      }
    } while (line.length() > 3 && line.charAt(3) == '-');
    return line;
  }

  /** Sends one command line and returns the last line of its reply. */
  String command(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return reply();
  }
}
