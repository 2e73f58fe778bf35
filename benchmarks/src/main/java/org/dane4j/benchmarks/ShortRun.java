package org.dane4j.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dane4j.testkit.pki.KeyType;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The short run behind {@code benchmarks/run.sh}: every benchmark of the issue with few
 * iterations, then the ratios that the targets are stated in, with the machine's load
 * beside them. Absolute times depend on the machine and its load; the ratios much less.
 *
 * <p>Arguments: {@code --full} for the longer run of docs/PERFORMANCE.md (all chain
 * benchmarks, both key types in the trust manager, 10,000 distinct names, 1,000 messages in
 * one measured pass, more iterations).
 */
public final class ShortRun {
  private final boolean full;
  private final List<RunResult> results = new ArrayList<>();

  private ShortRun(boolean full) {
    this.full = full;
  }

  public static void main(String[] args) throws Exception {
    boolean full = List.of(args).contains("--full");
    if (List.of(args).contains("--cpu-only")) {
      System.out.print(new ShortRun(full).interleaved());
      return;
    }
    new ShortRun(full).run();
  }

  // Item 1 in interleaved rounds timed by CPU time (InterleavedCpuTime): the target verdicts.
  private String interleaved() throws Exception {
    StringBuilder out = new StringBuilder();
    out.append("\n-- chain verification, interleaved rounds, median CPU time per operation --\n");
    for (KeyType keyType : List.of(KeyType.EC_P256, KeyType.RSA_2048)) {
      Map<String, Double> cpu = InterleavedCpuTime.measure(keyType, full ? 21 : 9, 100_000_000L);
      out.append(keyType).append(":\n").append(InterleavedCpuTime.describe(cpu));
      line(out, "  DANE-EE / floor", InterleavedCpuTime.ratio(cpu, "daneEe", "floorSha256Spki"), "<= 3");
      line(out, "  DANE-TA depth 1 fresh / JDK PKIX fresh",
          InterleavedCpuTime.ratio(cpu, "daneTaDepth1Fresh", "jdkPkixFresh"), "<= 0.55");
      line(out, "  DANE-TA depth 2 fresh / JDK PKIX fresh",
          InterleavedCpuTime.ratio(cpu, "daneTaDepth2Fresh", "jdkPkixFresh"), "");
      line(out, "  DANE-TA memo hit (us)", cpu.get("daneTaDepth1Memo") / 1000, "< 2");
      line(out, "  JDK PKIX memoised (us)", cpu.get("jdkPkixMemoised") / 1000, "");
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String label, double value, String target) {
    out.append(String.format(Locale.ROOT, "%-58s %10.3f   %s%n", label, value, verdict(value, target)));
  }

  private void run() throws Exception {
    String loadBefore = load();
    boolean unbound = Unbound.installed();
    String chainSet = full ? "ChainVerificationBenchmark"
        : "ChainVerificationBenchmark\\.(floorSha256Spki|daneEe|daneTaDepth1Fresh|daneTaDepth2Fresh|daneTaDepth1Memo"
        + "|jdkPkixFresh)$";
    run(chainSet, timed(5, full ? 8 : 5, 1));
    run("TrustManagerBenchmark", timed(5, full ? 8 : 5, 1).param("keyType", full
        ? new String[] {"EC_P256", "RSA_2048"} : new String[] {"EC_P256"}));
    run("TlsaLookupBenchmark\\.(dane|dnsjava)", timed(3, full ? 8 : 5, 1));
    if (unbound) {
      run("TlsaLookupBenchmark\\.unbound", timed(3, full ? 8 : 5, 1));
    } else {
      System.out.println("NOTE: unbound is not installed (apt-get install -y unbound): no Unbound column.");
    }
    run("ParallelLookupBenchmark", single(full ? 3 : 2, full ? 10 : 5));
    run("ScaleBenchmark", single(0, 1).param("names", full ? "10000" : "2000"));
    run("EndToEndBenchmark", single(full ? 0 : 1, full ? 1 : 3).param("messages", full ? "1000" : "50"));
    int memoryNames = full ? 10_000 : 2_000;
    long bytesPerAnswer = CacheMemory.bytesPerAnswer(memoryNames);
    String cpu = interleaved();
    report(loadBefore, load(), unbound, memoryNames, bytesPerAnswer, cpu);
  }

  private ChainedOptionsBuilder timed(int warmups, int measurements, int seconds) {
    return new OptionsBuilder().forks(1).warmupIterations(warmups).measurementIterations(measurements)
        .warmupTime(TimeValue.seconds(seconds)).measurementTime(TimeValue.seconds(seconds));
  }

  private ChainedOptionsBuilder single(int warmups, int measurements) {
    return new OptionsBuilder().forks(1).warmupIterations(warmups).measurementIterations(measurements);
  }

  private void run(String pattern, ChainedOptionsBuilder options) throws RunnerException {
    Collection<RunResult> run = new Runner(options.include(pattern).build()).run();
    results.addAll(run);
  }

  private void report(String loadBefore, String loadAfter, boolean unbound, int memoryNames, long bytesPerAnswer,
      String cpu) {
    StringBuilder out = new StringBuilder();
    out.append("\n== dane4j benchmarks (").append(full ? "full" : "short").append(" run) ==\n");
    out.append("JVM ").append(System.getProperty("java.vm.version")).append(", ")
        .append(Runtime.getRuntime().availableProcessors()).append(" CPUs; load before: ").append(loadBefore)
        .append("; after: ").append(loadAfter).append('\n');
    out.append("\n-- measurements: median of the iterations [min .. max] --\n");
    for (RunResult r : results) {
      Result<?> p = r.getPrimaryResult();
      String params = r.getParams().getParamsKeys().isEmpty() ? "" : " " + r.getParams().getParamsKeys().stream()
          .map(k -> k + "=" + r.getParams().getParam(k)).reduce((a, b) -> a + "," + b).orElse("");
      out.append(String.format(Locale.ROOT, "%-62s %12.3f [%.3f .. %.3f] %s%n", shortName(r) + params, median(r),
          p.getStatistics().getMin(), p.getStatistics().getMax(), p.getScoreUnit()));
    }
    out.append("\n-- ratios and targets --\n");
    for (String key : List.of("EC_P256", "RSA_2048")) {
      ratio(out, "DANE-EE / floor (SHA-256 of SPKI), " + key, "ChainVerificationBenchmark.daneEe", key,
          "ChainVerificationBenchmark.floorSha256Spki", key, "<= 3");
      ratio(out, "DANE-TA depth 1 fresh / JDK PKIX fresh, " + key, "ChainVerificationBenchmark.daneTaDepth1Fresh", key,
          "ChainVerificationBenchmark.jdkPkixFresh", key, "<= 0.55");
      ratio(out, "DANE-TA depth 2 fresh / JDK PKIX fresh, " + key, "ChainVerificationBenchmark.daneTaDepth2Fresh", key,
          "ChainVerificationBenchmark.jdkPkixFresh", key, "(same signatures)");
      value(out, "DANE-TA depth 1 memo hit (us), " + key, "ChainVerificationBenchmark.daneTaDepth1Memo", key, "< 2");
      value(out, "DANE-TA depth 2 memo hit (us), " + key, "ChainVerificationBenchmark.daneTaDepth2Memo", key, "< 2");
      ratio(out, "trust manager DANE-TA / JDK, new server, " + key, "TrustManagerBenchmark.daneTaNewServer", key,
          "TrustManagerBenchmark.jdkNewServer", key, "");
      ratio(out, "trust manager DANE-TA / JDK, same server, " + key, "TrustManagerBenchmark.daneTaSameServer", key,
          "TrustManagerBenchmark.jdkSameServer", key, "");
      ratio(out, "trust manager DANE-EE / JDK, same server, " + key, "TrustManagerBenchmark.daneEeSameServer", key,
          "TrustManagerBenchmark.jdkSameServer", key, "");
    }
    value(out, "TLSA lookup dane4j warm (us)", "TlsaLookupBenchmark.daneWarm", null, "< 2");
    ratio(out, "TLSA lookup dane4j cold / raw dnsjava cold", "TlsaLookupBenchmark.daneCold", null,
        "TlsaLookupBenchmark.dnsjavaCold", null, "");
    ratio(out, "TLSA lookup dane4j warm / raw dnsjava warm", "TlsaLookupBenchmark.daneWarm", null,
        "TlsaLookupBenchmark.dnsjavaWarm", null, "");
    if (unbound) {
      ratio(out, "TLSA lookup dane4j cold / Unbound cold", "TlsaLookupBenchmark.daneCold", null,
          "TlsaLookupBenchmark.unboundCold", null, "<= 1.5");
      ratio(out, "TLSA lookup dane4j warm / Unbound warm", "TlsaLookupBenchmark.daneWarm", null,
          "TlsaLookupBenchmark.unboundWarm", null, "");
    }
    RunResult scale = find("ScaleBenchmark.distinctNames", null);
    if (scale != null) {
      int names = Integer.parseInt(scale.getParams().getParam("names"));
      double seconds = median(scale) / 1000;
      out.append(String.format(Locale.ROOT, "%-58s %10.0f   (%d names, %d in flight, no failures)%n",
          "distinct-name TLSA lookups per second", names / seconds, names, ScaleBenchmark.IN_FLIGHT));
    }
    value(out, "2,000 parallel lookups, warm (ms)", "ParallelLookupBenchmark.parallelWarm", null, "< 100");
    value(out, "2,000 parallel lookups, cold (ms)", "ParallelLookupBenchmark.parallelCold", null, "");
    out.append(String.format(Locale.ROOT, "%-58s %10d   (%d answers)%n", "heap per cached TLSA answer (bytes)",
        bytesPerAnswer, memoryNames));
    ratio(out, "end to end: DANE / plain STARTTLS trust-all (shared context)", "EndToEndBenchmark.dane", null,
        "EndToEndBenchmark.plainTrustAll", null, "<= 1.05");
    ratio(out, "end to end: DANE / plain STARTTLS trust-all (context per message)", "EndToEndBenchmark.dane", null,
        "EndToEndBenchmark.plainTrustAllFreshContext", null, "");
    out.append(cpu);
    System.out.print(out);
    try {
      Path file = Path.of("benchmarks", "target", "short-run.txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, out, StandardCharsets.UTF_8);
      System.out.println("\n(written to " + file + ")");
    } catch (IOException e) {
      System.out.println("\n(could not write the report file: " + e + ")");
    }
  }

  private void ratio(StringBuilder out, String label, String top, String topKey, String bottom, String bottomKey,
      String target) {
    RunResult a = find(top, topKey);
    RunResult b = find(bottom, bottomKey);
    if (a == null || b == null) {
      out.append(String.format(Locale.ROOT, "%-58s %10s%n", label, "(not run)"));
      return;
    }
    double ratio = median(a) / median(b);
    out.append(String.format(Locale.ROOT, "%-58s %10.3f   %s%n", label, ratio, verdict(ratio, target)));
  }

  private void value(StringBuilder out, String label, String benchmark, String key, String target) {
    RunResult r = find(benchmark, key);
    if (r == null) {
      out.append(String.format(Locale.ROOT, "%-58s %10s%n", label, "(not run)"));
      return;
    }
    double score = median(r);
    out.append(String.format(Locale.ROOT, "%-58s %10.3f   %s%n", label, score, verdict(score, target)));
  }

  // Medians, not means: on a shared machine a few iterations are slowed by other processes.
  private static double median(RunResult r) {
    return r.getPrimaryResult().getStatistics().getPercentile(50);
  }

  private static String verdict(double value, String target) {
    if (target.startsWith("<= ") || target.startsWith("< ")) {
      double limit = Double.parseDouble(target.substring(target.indexOf(' ') + 1));
      return "target " + target + ": " + (value <= limit ? "MET" : "MISSED");
    }
    return target;
  }

  private RunResult find(String benchmark, String keyType) {
    for (RunResult r : results) {
      String name = shortName(r);
      if (name.equals(benchmark)
          && (keyType == null || keyType.equals(r.getParams().getParam("keyType")))) {
        return r;
      }
    }
    return null;
  }

  private static String shortName(RunResult r) {
    String name = r.getParams().getBenchmark();
    int method = name.lastIndexOf('.');
    int type = name.lastIndexOf('.', method - 1);
    return name.substring(type + 1);
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
