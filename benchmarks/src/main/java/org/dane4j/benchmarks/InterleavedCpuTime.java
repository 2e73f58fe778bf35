package org.dane4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.dane4j.core.DaneResult;
import org.dane4j.core.DaneVerifier;
import org.dane4j.core.TlsaRecord;
import org.dane4j.testkit.pki.KeyType;

/**
 * Issue item 1 again, measured so that the comparison survives a busy machine: the
 * contenders run in interleaved rounds (A, B, C, A, B, C, ...), each batch timed by the
 * benchmark thread's own CPU time, and the median per operation over the rounds is kept.
 * Wall-clock benchmarks run one after another for seconds each, so a neighbour's build
 * starting between two of them skews their ratio; CPU time of interleaved batches does not
 * see the neighbour at all (only cache and frequency effects remain).
 *
 * <p>Each "fresh" contender cycles through its own set of distinct chains (own keys, so own
 * bytes), in order: a chain one contender verified is never handed to another, whose JDK
 * certificate object would then remember that verification, and each contender's memo
 * (smaller than its set) always misses.
 */
final class InterleavedCpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static volatile Object sink;

  private final Map<String, Op> contenders = new LinkedHashMap<>();
  private final Map<String, List<Double>> perOpNanos = new LinkedHashMap<>();

  private interface Op {
    Object run() throws Exception;
  }

  private InterleavedCpuTime(KeyType keyType) throws Exception {
    int memoSize = ChainVerificationBenchmark.CHAINS / 2;
    Cycle forParsing = new Cycle(new TestChains(keyType, ChainVerificationBenchmark.CHAINS), false);
    Cycle forDepth1 = new Cycle(new TestChains(keyType, ChainVerificationBenchmark.CHAINS), false);
    Cycle forDepth2 = new Cycle(new TestChains(keyType, ChainVerificationBenchmark.CHAINS), true);
    Cycle forJdk = new Cycle(new TestChains(keyType, ChainVerificationBenchmark.CHAINS), false);
    TestChains repeated = new TestChains(keyType, 1);
    DaneVerifier depth1Verifier = DaneVerifier.builder().cacheMaxEntries(memoSize).build();
    DaneVerifier depth2Verifier = DaneVerifier.builder().cacheMaxEntries(memoSize).build();
    DaneVerifier verifier = DaneVerifier.builder().build();
    X509TrustManager jdkFresh = jdkTrustManager(forJdk.chains);
    X509TrustManager jdkRepeated = jdkTrustManager(repeated);
    String authType = keyType == KeyType.RSA_2048 ? "ECDHE_RSA" : "ECDHE_ECDSA";
    List<TlsaRecord> ee = List.of(repeated.firstLeaf.tlsa("3 1 1"));
    List<TlsaRecord> taRepeated = List.of(repeated.firstIntermediate.tlsa("2 1 1"));
    List<TlsaRecord> ta1 = List.of(forDepth1.chains.firstIntermediate.tlsa("2 1 1"));
    List<TlsaRecord> ta2 = List.of(forDepth2.chains.root.tlsa("2 1 1"));
    byte[] spki = repeated.firstLeaf.certificate().getPublicKey().getEncoded();
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    List<X509Certificate> same = repeated.parse(0, false);
    X509Certificate[] sameArray = same.toArray(new X509Certificate[0]);
    check(verifier.verify(same, taRepeated, TestChains.NAMES));
    jdkRepeated.checkServerTrusted(sameArray, authType);
    contenders.put("floorSha256Spki", () -> sha256.digest(spki));
    contenders.put("daneEe", () -> check(verifier.verify(same, ee, TestChains.NAMES)));
    contenders.put("parseOnly", forParsing::next);
    contenders.put("daneTaDepth1Fresh", () -> check(depth1Verifier.verify(forDepth1.next(), ta1, TestChains.NAMES)));
    contenders.put("daneTaDepth2Fresh", () -> check(depth2Verifier.verify(forDepth2.next(), ta2, TestChains.NAMES)));
    contenders.put("jdkPkixFresh", () -> {
      X509Certificate[] chain = forJdk.next().toArray(new X509Certificate[0]);
      jdkFresh.checkServerTrusted(chain, authType);
      return chain;
    });
    contenders.put("daneTaDepth1Memo", () -> check(verifier.verify(same, taRepeated, TestChains.NAMES)));
    contenders.put("jdkPkixMemoised", () -> {
      jdkRepeated.checkServerTrusted(sameArray, authType);
      return sameArray;
    });
    contenders.keySet().forEach(name -> perOpNanos.put(name, new ArrayList<>()));
  }

  private static X509TrustManager jdkTrustManager(TestChains chains) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("root", chains.root.certificate());
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(store);
    return (X509TrustManager) factory.getTrustManagers()[0];
  }

  private static DaneResult check(DaneResult result) {
    if (!result.isVerified()) {
      throw new IllegalStateException(result.explanation());
    }
    return result;
  }

  /** One contender's walk through its chains, in order. */
  private static final class Cycle {
    final TestChains chains;
    private final boolean withRoot;
    private int next;

    Cycle(TestChains chains, boolean withRoot) {
      this.chains = chains;
      this.withRoot = withRoot;
    }

    List<X509Certificate> next() {
      next = (next + 1) % ChainVerificationBenchmark.CHAINS;
      return chains.parse(next, withRoot);
    }
  }

  /**
   * Median CPU nanoseconds per operation of every contender, for one key type.
   *
   * @param rounds measured rounds (after 3 unmeasured ones)
   * @param batchNanos the CPU time one batch should take
   */
  static Map<String, Double> measure(KeyType keyType, int rounds, long batchNanos) throws Exception {
    InterleavedCpuTime run = new InterleavedCpuTime(keyType);
    Map<String, Integer> batch = new LinkedHashMap<>();
    for (Map.Entry<String, Op> e : run.contenders.entrySet()) {
      batch.put(e.getKey(), calibrate(e.getValue(), batchNanos));
    }
    for (int round = -3; round < rounds; round++) {
      for (Map.Entry<String, Op> e : run.contenders.entrySet()) {
        int n = batch.get(e.getKey());
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
          sink = e.getValue().run();
        }
        long spent = THREADS.getCurrentThreadCpuTime() - start;
        if (round >= 0) {
          run.perOpNanos.get(e.getKey()).add((double) spent / n);
        }
      }
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    run.perOpNanos.forEach((name, values) -> {
      double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      medians.put(name, sorted.length % 2 == 1 ? sorted[sorted.length / 2]
          : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2);
    });
    return medians;
  }

  // How many operations fill one batch, from a short trial (which also warms the code up).
  private static int calibrate(Op op, long batchNanos) throws Exception {
    int n = 1;
    while (true) {
      long start = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        sink = op.run();
      }
      long spent = THREADS.getCurrentThreadCpuTime() - start;
      if (spent >= batchNanos / 4 || n >= 1 << 22) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) n * batchNanos / Math.max(1, spent)));
      }
      n *= 4;
    }
  }

  static String describe(Map<String, Double> medians) {
    StringBuilder out = new StringBuilder();
    medians.forEach((name, nanos) -> out.append(String.format(java.util.Locale.ROOT, "  %-22s %12.3f us CPU/op%n",
        name, nanos / 1000)));
    return out.toString();
  }

  static double ratio(Map<String, Double> medians, String top, String bottom) {
    return medians.get(top) / medians.get(bottom);
  }
}
