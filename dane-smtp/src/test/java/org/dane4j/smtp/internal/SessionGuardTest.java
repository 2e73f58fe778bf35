package org.dane4j.smtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The reply limits and deadlines of {@link SessionGuard} on a plain loopback connection. */
class SessionGuardTest {
  private static final Duration LONG = Duration.ofMinutes(1);

  @Test
  void manyRepliesTogetherLongerThanTheReplyLimit_areAccepted() throws Exception {
    String reply = "250-" + "x".repeat(1000) + "\r\n250 OK\r\n";
    byte[] sent = reply.repeat(200).getBytes(StandardCharsets.US_ASCII);

    assertThat(readThroughGuard(sent, LONG)).isEqualTo(sent.length);
  }

  @Test
  void lineOfExactlyTheLimit_isAccepted() throws Exception {
    byte[] sent = ("220 " + "x".repeat(SessionGuard.MAX_LINE - 6) + "\r\n").getBytes(StandardCharsets.US_ASCII);

    assertThat(readThroughGuard(sent, LONG)).isEqualTo(SessionGuard.MAX_LINE);
  }

  @Test
  void lineOneByteOverTheLimit_fails() {
    byte[] sent = ("220 " + "x".repeat(SessionGuard.MAX_LINE - 5) + "\r\n").getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> readThroughGuard(sent, LONG)).isInstanceOf(SessionGuard.ReplyTooLongException.class)
        .hasMessageStartingWith("a reply line from peer in cleartext is longer than 4096 bytes");
  }

  @Test
  void continuedReplyOverTheLimit_fails() {
    String line = "250-" + "x".repeat(1000) + "\r\n";
    byte[] sent = line.repeat(70).getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> readThroughGuard(sent, LONG)).isInstanceOf(SessionGuard.ReplyTooLongException.class)
        .hasMessageStartingWith("a reply from peer in cleartext is longer than 65536 bytes");
  }

  @Test
  void silentPeer_failsWhenTheDeadlinePassesAndSaysWhichPhase() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        SessionGuard guard = new SessionGuard("peer")) {
      guard.begin("greeting", Duration.ofMillis(100));
      Socket socket = guard.socketFactory().createSocket();
      socket.connect(server.getLocalSocketAddress(), 5000);
      try (Socket accepted = server.accept(); socket) {
        InputStream in = socket.getInputStream();

        assertThatThrownBy(in::read).isInstanceOf(SessionGuard.DeadlineExceededException.class)
            .hasMessage("SMTP session deadline passed: greeting with peer took longer than PT0.1S");
        assertThat(guard.violation()).hasValue("SMTP session deadline passed: greeting with peer took longer than "
            + "PT0.1S");
      }
    }
  }

  /** Sends the bytes from a server thread and reads them all through a guarded socket. */
  private static int readThroughGuard(byte[] sent, Duration deadline) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        SessionGuard guard = new SessionGuard("peer")) {
      guard.begin("test", deadline);
      Thread writer = new Thread(() -> {
        try (Socket accepted = server.accept(); OutputStream out = accepted.getOutputStream()) {
          out.write(sent);
        } catch (IOException e) {
          // The reader gave up: nothing to do.
        }
      });
      writer.start();
      try (Socket socket = guard.socketFactory().createSocket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        int total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
          total += n;
        }
        return total;
      } finally {
        writer.join();
      }
    }
  }
}
