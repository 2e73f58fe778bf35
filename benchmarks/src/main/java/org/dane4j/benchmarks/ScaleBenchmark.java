package org.dane4j.benchmarks;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue item 4: validated TLSA lookups at scale through dane4j's asynchronous API.
 *
 * {@link #distinctNames}: {@code names} distinct TLSA names in {@code bulk.test.}, at most
 * {@value #IN_FLIGHT} in flight, from a new resolver (so each answer is fetched and its
 * signature checked); one operation is the whole set, lookups per second are
 * {@code names / score}. Any failed or insecure answer fails the run. Memory per cached
 * answer is measured by {@link CacheMemory}; many parallel lookups over few names by
 * {@link ParallelLookupBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class ScaleBenchmark {
  static final int IN_FLIGHT = 64;

  @Param({"10000"})
  public int names;

  private DnsWorld world;
  private List<DnsAnswer<InetAddress>> bulk;
  private DnssecResolver fresh;

  @Setup(Level.Trial)
  public void setUp() {
    world = new DnsWorld(names);
    bulk = DnsWorld.bulkHosts(names);
  }

  @Setup(Level.Iteration)
  public void newResolver() {
    fresh = world.newResolver();
  }

  @TearDown(Level.Iteration)
  public void closeResolver() {
    fresh.close();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    world.close();
  }

  /** All distinct names, bounded concurrency, new resolver. */
  @Benchmark
  public int distinctNames() throws InterruptedException {
    return bounded(fresh, bulk, IN_FLIGHT);
  }

  /** Looks up every host's TLSA with at most {@code inFlight} outstanding; fails on any non-secure answer. */
  static int bounded(DnssecResolver resolver, List<DnsAnswer<InetAddress>> targets, int inFlight)
      throws InterruptedException {
    Semaphore permits = new Semaphore(inFlight);
    AtomicInteger secure = new AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (DnsAnswer<InetAddress> target : targets) {
      permits.acquire();
      resolver.lookupTlsaAsync(target, 25).whenComplete((answer, error) -> {
        record(answer, error, secure, failures);
        permits.release();
      });
    }
    permits.acquire(inFlight);
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.size() + " lookups failed, e.g. " + failures.get(0));
    }
    return secure.get();
  }

  /** Starts {@code count} lookups at once, cycling over the targets, and waits for all. */
  static int parallel(DnssecResolver resolver, List<DnsAnswer<InetAddress>> targets, int count) {
    AtomicInteger secure = new AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<?>[] all = new CompletableFuture<?>[count];
    for (int i = 0; i < count; i++) {
      all[i] = resolver.lookupTlsaAsync(targets.get(i % targets.size()), 25).toCompletableFuture()
          .whenComplete((answer, error) -> record(answer, error, secure, failures));
    }
    CompletableFuture.allOf(all).join();
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.size() + " lookups failed, e.g. " + failures.get(0));
    }
    return secure.get();
  }

  private static void record(TlsaAnswer answer, Throwable error, AtomicInteger secure, List<String> failures) {
    if (error != null) {
      failures.add(error.toString());
    } else if (!answer.answer().isSecure() || answer.records().isEmpty()) {
      failures.add(answer.toString());
    } else {
      secure.incrementAndGet();
    }
  }
}
