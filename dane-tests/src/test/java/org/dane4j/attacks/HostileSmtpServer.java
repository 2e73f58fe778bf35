package org.dane4j.attacks;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An on-path attacker's SMTP endpoint for STARTTLS attacks the testkit's server has no
 * mode for: it speaks just enough ESMTP in cleartext, answers STARTTLS as scripted (an error
 * reply, {@code 220} and then cleartext, {@code 220} and a forged TLS ServerHello), and
 * records what the client revealed: every cleartext command line, every message it was
 * handed in cleartext, and the raw TLS ClientHello records it received.
 *
 * <p>It never completes a TLS handshake: whatever the attacker scripts, the client must not
 * end up sending mail to it where DANE applies.
 */
final class HostileSmtpServer implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ServerSocket serverSocket;
  private final Builder script;
  private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "hostile-smtp");
    thread.setDaemon(true);
    return thread;
  });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final List<String> cleartextMessages = new CopyOnWriteArrayList<>();
  private final List<TlsClientHello> clientHellos = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();

  private HostileSmtpServer(Builder script, InetAddress address, int port) throws IOException {
    this.script = script;
    this.serverSocket = new ServerSocket();
    serverSocket.setReuseAddress(true);
    serverSocket.bind(new InetSocketAddress(address, port));
    threads.execute(this::acceptLoop);
  }

  static Builder builder() {
    return new Builder();
  }

  /** Every command line the client sent in cleartext, in order. */
  List<String> commands() {
    return List.copyOf(commands);
  }

  /** The message data the client handed over in cleartext. */
  List<String> cleartextMessages() {
    return List.copyOf(cleartextMessages);
  }

  /** The TLS ClientHellos the client sent after STARTTLS. */
  List<TlsClientHello> clientHellos() {
    return List.copyOf(clientHellos);
  }

  /** Faults of this test server itself (a bug in the test, not an outcome of the attack). */
  List<RuntimeException> failures() {
    return List.copyOf(failures);
  }

  int connectionCount() {
    return connections.get();
  }

  @Override
  public void close() {
    try {
      serverSocket.close();
    } catch (IOException e) {
      // closing anyway
    }
    open.forEach(HostileSmtpServer::closeQuietly);
    threads.shutdown();
    try {
      threads.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (SocketException e) {
        return;
      } catch (IOException e) {
        continue;
      }
      connections.incrementAndGet();
      open.add(socket);
      threads.execute(() -> {
        try (socket) {
          socket.setSoTimeout(10_000);
          new Dialogue(socket).run();
        } catch (IOException e) {
          // the client went away: that is what most attacks provoke
        } catch (RuntimeException e) {
          failures.add(e);
        } finally {
          open.remove(socket);
        }
      });
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  /** What the attacker does when the client says STARTTLS. */
  interface StartTlsAnswer {
    /**
     * Answers the command.
     *
     * @return whether to keep reading cleartext commands afterwards
     */
    boolean answer(Dialogue dialogue) throws IOException;
  }

  /** Refuses STARTTLS with the given reply and carries on in cleartext. */
  static StartTlsAnswer refuse(String reply) {
    return dialogue -> {
      dialogue.reply(reply);
      return true;
    };
  }

  /** Says {@code 220}, reads the ClientHello, and answers it with a cleartext SMTP reply. */
  static StartTlsAnswer acceptThenKeepCleartext() {
    return dialogue -> {
      dialogue.reply("220 2.0.0 Ready to start TLS");
      dialogue.readClientHello();
      dialogue.reply("250 2.0.0 Let us just talk in cleartext");
      return true;
    };
  }

  /**
   * Says {@code 220}, reads the ClientHello, and answers with a forged ServerHello that
   * selects the given protocol version and cipher suite, as a server that supports nothing
   * better would; then waits for the client to give up.
   */
  static StartTlsAnswer serverHello(int version, int cipherSuite) {
    return dialogue -> {
      dialogue.reply("220 2.0.0 Ready to start TLS");
      dialogue.readClientHello();
      dialogue.writeRaw(forgedServerHello(version, cipherSuite));
      dialogue.drain();
      return false;
    };
  }

  /** A TLS record holding a ServerHello without extensions: version, random, no session, suite, null compression. */
  static byte[] forgedServerHello(int version, int cipherSuite) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(version >> 8);
    body.write(version);
    body.writeBytes(random);
    body.write(0);
    body.write(cipherSuite >> 8);
    body.write(cipherSuite);
    body.write(0);
    byte[] hello = body.toByteArray();
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.write(0x16);
    record.write(0x03);
    record.write(0x01);
    int length = 4 + hello.length;
    record.write(length >> 8);
    record.write(length);
    record.write(0x02);
    record.write(0);
    record.write(hello.length >> 8);
    record.write(hello.length);
    record.writeBytes(hello);
    return record.toByteArray();
  }

  /** One connection. */
  final class Dialogue {
    private final InputStream in;
    private final OutputStream out;

    private Dialogue(Socket socket) throws IOException {
      socket.setTcpNoDelay(true);
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    void run() throws IOException {
      reply("220 mx.attacker.test ESMTP");
      String line;
      while ((line = readLine()) != null) {
        commands.add(line);
        String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
        switch (verb) {
          case "EHLO":
            if (script.ehloRefusal != null) {
              reply(script.ehloRefusal);
            } else {
              List<String> lines = new ArrayList<>();
              lines.add("mx.attacker.test");
              lines.addAll(script.extensions);
              for (int i = 0; i < lines.size(); i++) {
                reply(i == lines.size() - 1 ? "250 " + lines.get(i) : "250-" + lines.get(i));
              }
            }
            break;
          case "HELO":
            reply("250 mx.attacker.test");
            break;
          case "STARTTLS":
            if (!script.startTls.answer(this)) {
              return;
            }
            break;
          case "DATA":
            reply("354 Go ahead");
            cleartextMessages.add(readData());
            reply("250 2.0.0 Stolen");
            break;
          case "QUIT":
            reply("221 2.0.0 Bye");
            return;
          default:
            reply("250 2.0.0 OK");
        }
      }
    }

    void reply(String text) throws IOException {
      out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    void writeRaw(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /** Reads one TLS record and keeps it as a ClientHello. */
    void readClientHello() throws IOException {
      DataInputStream data = new DataInputStream(in);
      byte[] header = new byte[5];
      data.readFully(header);
      int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
      byte[] body = new byte[length];
      data.readFully(body);
      byte[] record = new byte[5 + length];
      System.arraycopy(header, 0, record, 0, 5);
      System.arraycopy(body, 0, record, 5, length);
      try {
        clientHellos.add(TlsClientHello.parse(record));
      } catch (RuntimeException e) {
        throw new IllegalStateException("Unreadable ClientHello " + HexFormat.of().formatHex(record), e);
      }
    }

    /** Reads until the client closes (it sends an alert first). */
    void drain() throws IOException {
      byte[] buffer = new byte[4096];
      while (in.read(buffer) >= 0) {
        // discard
      }
    }

    private String readLine() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          String text = line.toString(StandardCharsets.ISO_8859_1);
          return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }
        line.write(b);
      }
      return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private String readData() throws IOException {
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = readLine()) != null && !line.equals(".")) {
        data.append(line).append('\n');
      }
      return data.toString();
    }
  }

  /** The attacker's script. */
  static final class Builder {
    private List<String> extensions = List.of("STARTTLS", "8BITMIME");
    private String ehloRefusal;
    private StartTlsAnswer startTls = refuse("502 5.5.1 Not implemented");

    /** The EHLO keywords advertised; default STARTTLS and 8BITMIME. */
    Builder ehlo(String... keywords) {
      this.extensions = List.of(keywords);
      return this;
    }

    /** Refuses EHLO with this reply, so that the client falls back to HELO (which has no extensions). */
    Builder refuseEhlo(String reply) {
      this.ehloRefusal = reply;
      return this;
    }

    Builder onStartTls(StartTlsAnswer answer) {
      this.startTls = answer;
      return this;
    }

    HostileSmtpServer start(InetAddress address, int port) {
      try {
        return new HostileSmtpServer(this, address, port);
      } catch (IOException e) {
        throw new UncheckedIOException("Hostile server cannot listen on " + address + ":" + port, e);
      }
    }
  }
}
