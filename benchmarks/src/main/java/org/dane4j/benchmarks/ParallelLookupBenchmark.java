package org.dane4j.benchmarks;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.DnssecResolver;
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

/**
 * Issue item 4, burst: {@value #PARALLEL} TLSA lookups started at once over the
 * {@value DnsWorld#HOSTS} names of {@code example.test.}, then all awaited; on a resolver
 * that has them cached ({@link #parallelWarm}) or on a new one ({@link #parallelCold}, where
 * concurrent lookups of one name share one resolution). Any failure fails the run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class ParallelLookupBenchmark {
  static final int PARALLEL = 2000;

  private DnsWorld world;
  private List<DnsAnswer<InetAddress>> hosts;
  private DnssecResolver warm;
  private DnssecResolver fresh;

  @Setup(Level.Trial)
  public void setUp() {
    world = new DnsWorld(0);
    hosts = new ArrayList<>();
    for (int i = 0; i < DnsWorld.HOSTS; i++) {
      hosts.add(DnsWorld.secureAddress("h" + i + ".example.test"));
    }
    warm = world.newResolver();
    ScaleBenchmark.parallel(warm, hosts, PARALLEL);
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
    warm.close();
    world.close();
  }

  /** 2,000 lookups at once, all cached. */
  @Benchmark
  public int parallelWarm() {
    return ScaleBenchmark.parallel(warm, hosts, PARALLEL);
  }

  /** 2,000 lookups at once, new resolver. */
  @Benchmark
  public int parallelCold() {
    return ScaleBenchmark.parallel(fresh, hosts, PARALLEL);
  }
}
