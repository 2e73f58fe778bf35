package org.dane4j.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.core.dns.TlsaAnswer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * Issue item 3: one validated TLSA lookup ({@code _25._tcp.h0.example.test}) over loopback
 * against the testkit's signed tree. "Cold" starts from empty caches (a new resolver, or
 * Unbound's caches flushed; not timed), so root, {@code test.} and {@code example.test.}
 * keys are fetched and validated before the answer; "warm" repeats the lookup on a resolver
 * that has done it before.
 *
 * <p>Contenders: dane4j's {@link DnssecResolver} (the TLSA query only: the host's secure A
 * answer is given, see {@link DnsWorld#secureAddress}); dnsjava's {@link ValidatingResolver}
 * used raw; and Unbound (when installed) validating the same tree and queried over loopback.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class TlsaLookupBenchmark {
  private static final DnsAnswer<InetAddress> HOST = DnsWorld.secureAddress(DnsWorld.HOST);

  /** The signed tree and its server. */
  @State(Scope.Benchmark)
  public static class World {
    DnsWorld dns;

    @Setup(Level.Trial)
    public void start() {
      dns = new DnsWorld(0);
    }

    @TearDown(Level.Trial)
    public void stop() {
      dns.close();
    }
  }

  /** A dane4j resolver that has done the lookup before. */
  @State(Scope.Thread)
  public static class DaneWarm {
    DnssecResolver resolver;

    @Setup(Level.Trial)
    public void start(World world) {
      resolver = world.dns.newResolver();
      check(resolver.lookupTlsa(HOST, 25));
    }

    @TearDown(Level.Trial)
    public void stop() {
      resolver.close();
    }
  }

  /** A new dane4j resolver per lookup. */
  @State(Scope.Thread)
  public static class DaneCold {
    DnssecResolver resolver;

    @Setup(Level.Invocation)
    public void start(World world) {
      resolver = world.dns.newResolver();
    }

    @TearDown(Level.Invocation)
    public void stop() {
      resolver.close();
    }
  }

  /** A raw dnsjava validating resolver that has done the lookup before (it keeps keys, not answers). */
  @State(Scope.Thread)
  public static class DnsjavaWarm {
    ValidatingResolver resolver;

    @Setup(Level.Trial)
    public void start(World world) throws IOException {
      resolver = rawResolver(world.dns);
      rawLookup(resolver);
    }
  }

  /** A new raw dnsjava validating resolver per lookup. */
  @State(Scope.Thread)
  public static class DnsjavaCold {
    ValidatingResolver resolver;

    @Setup(Level.Invocation)
    public void start(World world) throws IOException {
      resolver = rawResolver(world.dns);
    }
  }

  /** Unbound validating the same tree. */
  @State(Scope.Benchmark)
  public static class UnboundServer {
    Unbound unbound;

    @Setup(Level.Trial)
    public void start(World world) throws IOException, InterruptedException {
      if (!Unbound.installed()) {
        throw new IllegalStateException("unbound is not installed (apt-get install -y unbound)");
      }
      unbound = Unbound.start(world.dns);
    }

    @TearDown(Level.Trial)
    public void stop() {
      unbound.close();
    }
  }

  /** Unbound with its caches flushed before each lookup. */
  @State(Scope.Thread)
  public static class UnboundCold {
    @Setup(Level.Invocation)
    public void flush(UnboundServer server) throws IOException, InterruptedException {
      server.unbound.flush();
    }
  }

  static ValidatingResolver rawResolver(DnsWorld dns) throws IOException {
    SimpleResolver head = new SimpleResolver(dns.server.address());
    head.setTimeout(Duration.ofSeconds(2));
    ValidatingResolver resolver = new ValidatingResolver(head);
    resolver.loadTrustAnchors(dns.tree.trustAnchorStream());
    return resolver;
  }

  static Message rawLookup(ValidatingResolver resolver) throws IOException {
    Message query = Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(DnsWorld.TLSA_NAME), Type.TLSA,
        DClass.IN));
    Message response = resolver.send(query);
    if (response.getRcode() != Rcode.NOERROR || !response.getHeader().getFlag(Flags.AD)) {
      throw new IllegalStateException("raw dnsjava lookup not secure: " + response);
    }
    return response;
  }

  static TlsaAnswer check(TlsaAnswer answer) {
    if (!answer.answer().isSecure() || answer.records().isEmpty()) {
      throw new IllegalStateException("dane4j lookup not secure: " + answer);
    }
    return answer;
  }

  /** dane4j, from its cache. */
  @Benchmark
  public TlsaAnswer daneWarm(DaneWarm state) {
    return check(state.resolver.lookupTlsa(HOST, 25));
  }

  /** dane4j, empty caches: keys from the root down, then the answer. */
  @Benchmark
  public TlsaAnswer daneCold(DaneCold state) {
    return check(state.resolver.lookupTlsa(HOST, 25));
  }

  /** Raw dnsjava ValidatingResolver, keys cached: the query and one signature check. */
  @Benchmark
  public Message dnsjavaWarm(DnsjavaWarm state) throws IOException {
    return rawLookup(state.resolver);
  }

  /** Raw dnsjava ValidatingResolver, new instance: keys from the root down, then the answer. */
  @Benchmark
  public Message dnsjavaCold(DnsjavaCold state) throws IOException {
    return rawLookup(state.resolver);
  }

  /** Unbound over loopback, answer cached. */
  @Benchmark
  public boolean unboundWarm(UnboundServer server) throws IOException {
    return requireSecure(server.unbound.isSecure(DnsWorld.TLSA_NAME));
  }

  /** Unbound over loopback, caches flushed. */
  @Benchmark
  public boolean unboundCold(UnboundServer server, UnboundCold flushed) throws IOException {
    return requireSecure(server.unbound.isSecure(DnsWorld.TLSA_NAME));
  }

  private static boolean requireSecure(boolean secure) {
    if (!secure) {
      throw new IllegalStateException("unbound answer not secure");
    }
    return true;
  }
}
