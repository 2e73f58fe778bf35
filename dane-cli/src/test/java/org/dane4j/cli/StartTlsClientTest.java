package org.dane4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounds of the probe's SMTP client, against scripted servers. */
class StartTlsClientTest {

  /** A one-connection server that answers each command from a script (greeting under ""). */
  private static ServerSocket scripted(Map<String, String> replies) throws Exception {
    ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread thread = new Thread(() -> {
      try (Socket s = server.accept()) {
        OutputStream out = s.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        out.write(replies.get("").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String line;
        while ((line = in.readLine()) != null) {
          String reply = replies.get(line.split(" ")[0]);
          if (reply == null) {
            return;
          }
          out.write(reply.getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      } catch (Exception ignored) {
        // The client hung up.
      }
    });
    thread.setDaemon(true);
    thread.start();
    return server;
  }

  private static StartTlsClient.ProbeException probe(Map<String, String> replies) throws Exception {
    try (ServerSocket server = scripted(replies)) {
      StartTlsClient client = new StartTlsClient(Duration.ofSeconds(2), "localhost");
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
      try {
        client.fetch(address, "mx.example.test");
      } catch (StartTlsClient.ProbeException e) {
        return e;
      }
      throw new AssertionError("the probe succeeded");
    }
  }

  @Test
  void dataAfterTheStartTlsReply_isRefusedAsInjection() throws Exception {
    StartTlsClient.ProbeException e = probe(Map.of("", "220 hi\r\n", "EHLO", "250-hi\r\n250 STARTTLS\r\n",
        "STARTTLS", "220 go ahead\r\n250 injected\r\n"));

    assertThat(e.stage()).isEqualTo(StartTlsClient.Stage.STARTTLS);
    assertThat(e.getMessage()).contains("command injection");
  }

  @Test
  void overlongReplyLine_isRefused() throws Exception {
    StartTlsClient.ProbeException e = probe(Map.of("", "220 " + "x".repeat(5000) + "\r\n"));

    assertThat(e.getMessage()).isEqualTo("reply line longer than 4096 bytes");
  }

  @Test
  void endlessMultiLineReply_isRefused() throws Exception {
    StartTlsClient.ProbeException e = probe(Map.of("", "220 hi\r\n", "EHLO", "250-x\r\n".repeat(150)));

    assertThat(e.getMessage()).isEqualTo("reply longer than 100 lines");
  }

  @Test
  void greetingOtherThan220_stopsTheProbe() throws Exception {
    StartTlsClient.ProbeException e = probe(Map.of("", "554 go away\r\n"));

    assertThat(e.stage()).isEqualTo(StartTlsClient.Stage.GREETING);
    assertThat(e.getMessage()).isEqualTo("server greeting is not 220: 554 go away");
  }

  @Test
  void silentServer_timesOut() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      StartTlsClient client = new StartTlsClient(Duration.ofMillis(300), "localhost");

      assertThatThrownBy(() -> client.fetch(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), null))
          .isInstanceOf(StartTlsClient.ProbeException.class).hasMessage("timed out waiting for the server's reply");
    }
  }
}
