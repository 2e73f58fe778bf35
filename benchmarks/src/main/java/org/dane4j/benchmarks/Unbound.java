package org.dane4j.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A private Unbound on loopback that validates from the testkit tree's trust anchor and
 * forwards to the testkit's DNS server: the same validated lookup dane4j does, done by the
 * validating resolver most MTAs sit behind. Started by the benchmark, stopped in its
 * tear-down; never used by the tests.
 */
final class Unbound implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/sbin/unbound");
  private static final Path CONTROL = Path.of("/usr/sbin/unbound-control");

  private final Path directory;
  private final Process process;
  private final SimpleResolver client;
  private final int port;

  private Unbound(Path directory, Process process, int port) {
    this.directory = directory;
    this.process = process;
    this.port = port;
    this.client = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    client.setEDNS(0, 1232, Flags.DO, List.of());
    client.setTimeout(Duration.ofSeconds(5));
  }

  /** Whether Unbound is installed here. */
  static boolean installed() {
    return Files.isExecutable(BINARY) && Files.isExecutable(CONTROL);
  }

  /** Starts Unbound forwarding to the world's DNS server, with the world's trust anchor. */
  static Unbound start(DnsWorld world) throws IOException, InterruptedException {
    Path directory = Files.createTempDirectory("dane4j-unbound");
    int port = freePort();
    int controlPort = freePort();
    Files.writeString(directory.resolve("anchor"), world.tree.trustAnchor(), StandardCharsets.US_ASCII);
    String config = String.join("\n",
        "server:",
        "  interface: 127.0.0.1",
        "  port: " + port,
        "  do-ip6: no",
        "  do-daemonize: no",
        "  username: \"\"",
        "  chroot: \"\"",
        "  directory: \"" + directory + "\"",
        "  pidfile: \"" + directory.resolve("unbound.pid") + "\"",
        "  use-syslog: no",
        "  logfile: \"" + directory.resolve("unbound.log") + "\"",
        "  verbosity: 0",
        "  num-threads: 1",
        "  module-config: \"validator iterator\"",
        "  trust-anchor-file: \"" + directory.resolve("anchor") + "\"",
        "  do-not-query-localhost: no",
        "  local-zone: \"test.\" nodefault",
        "  prefetch: no",
        "  aggressive-nsec: no",
        "  access-control: 127.0.0.0/8 allow",
        "remote-control:",
        "  control-enable: yes",
        "  control-interface: 127.0.0.1",
        "  control-port: " + controlPort,
        "  control-use-cert: no",
        "forward-zone:",
        "  name: \".\"",
        "  forward-addr: 127.0.0.1@" + world.server.port(),
        "");
    Path file = directory.resolve("unbound.conf");
    Files.writeString(file, config, StandardCharsets.US_ASCII);
    Process process = new ProcessBuilder(BINARY.toString(), "-d", "-c", file.toString())
        .redirectErrorStream(true).redirectOutput(directory.resolve("stdout").toFile()).start();
    Unbound unbound = new Unbound(directory, process, port);
    try {
      unbound.awaitSecureAnswer();
      return unbound;
    } catch (IOException | InterruptedException | RuntimeException e) {
      unbound.close();
      throw e;
    }
  }

  private void awaitSecureAnswer() throws IOException, InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (!process.isAlive()) {
        throw new IOException("unbound exited: " + Files.readString(directory.resolve("stdout")));
      }
      try {
        if (isSecure(DnsWorld.TLSA_NAME)) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(100);
    }
    throw new IOException("unbound gave no secure answer for " + DnsWorld.TLSA_NAME + " (port " + port + ")");
  }

  /** One validated TLSA query over loopback; whether the answer came back secure (AD). */
  boolean isSecure(String name) throws IOException {
    Message query = Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(name), Type.TLSA, 1));
    query.getHeader().setFlag(Flags.AD);
    Message response = client.send(query);
    return response.getRcode() == Rcode.NOERROR && response.getHeader().getFlag(Flags.AD)
        && !response.getSection(1).isEmpty();
  }

  /** Empties the message, RRset, key and infrastructure caches (not timed by the benchmarks). */
  void flush() throws IOException, InterruptedException {
    control("flush_zone", ".");
    control("flush_infra", "all");
    control("flush_requestlist");
  }

  private void control(String... command) throws IOException, InterruptedException {
    String[] argv = new String[command.length + 3];
    argv[0] = CONTROL.toString();
    argv[1] = "-c";
    argv[2] = directory.resolve("unbound.conf").toString();
    System.arraycopy(command, 0, argv, 3, command.length);
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("unbound-control " + String.join(" ", command) + " failed: " + out);
    }
  }

  private static int freePort() throws IOException {
    for (int i = 0; i < 20; i++) {
      int port;
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = tcp.getLocalPort();
      }
      try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException e) {
        // Taken over UDP: try another.
      }
    }
    throw new IOException("no free loopback port for both UDP and TCP");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(directory)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
