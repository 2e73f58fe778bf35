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
 */
final class InterleavedCpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static volatile Object sink;

  private final Map<String, Op> contenders = new LinkedHashMap<>();
  private final Map<String, List<Double>> perOpNanos = new LinkedHashMap<>();

  private interface Op {
    Object run() throws Exception;
  }

  private final TestChains chains;
  private int next;

  private InterleavedCpuTime(KeyType keyType) throws Exception {
    chains = new TestChains(keyType, ChainVerificationBenchmark.CHAINS);
    DaneVerifier verifier = DaneVerifier.builder().cacheMaxEntries(ChainVerificationBenchmark.CHAINS / 2).build();
    DaneVerifier memoVerifier = DaneVerifier.builder().build();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("root", chains.root.certificate());
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(store);
    X509TrustManager jdk = (X509TrustManager) factory.getTrustManagers()[0];
    String authType = keyType == KeyType.RSA_2048 ? "ECDHE_RSA" : "ECDHE_ECDSA";
    List<TlsaRecord> ee = List.of(chains.firstLeaf.tlsa("3 1 1"));
    List<TlsaRecord> ta1 = List.of(chains.firstIntermediate.tlsa("2 1 1"));
    List<TlsaRecord> ta2 = List.of(chains.root.tlsa("2 1 1"));
    byte[] spki = chains.firstLeaf.certificate().getPublicKey().getEncoded();
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    List<X509Certificate> same = chains.parse(0, false);
    X509Certificate[] sameArray = same.toArray(new X509Certificate[0]);
    check(memoVerifier.verify(same, ta1, TestChains.NAMES));
    jdk.checkServerTrusted(sameArray, authType);
    contenders.put("floorSha256Spki", () -> sha256.digest(spki));
    contenders.put("daneEe", () -> check(verifier.verify(same, ee, TestChains.NAMES)));
    contenders.put("parseOnly", () -> chains.parse(nextChain(), false));
    contenders.put("daneTaDepth1Fresh", () -> check(verifier.verify(chains.parse(nextChain(), false), ta1,
        TestChains.NAMES)));
    contenders.put("daneTaDepth2Fresh", () -> check(verifier.verify(chains.parse(nextChain(), true), ta2,
        TestChains.NAMES)));
    contenders.put("jdkPkixFresh", () -> {
      X509Certificate[] chain = chains.parse(nextChain(), false).toArray(new X509Certificate[0]);
      jdk.checkServerTrusted(chain, authType);
      return chain;
    });
    contenders.put("daneTaDepth1Memo", () -> check(memoVerifier.verify(same, ta1, TestChains.NAMES)));
    contenders.put("jdkPkixMemoised", () -> {
      jdk.checkServerTrusted(sameArray, authType);
      return sameArray;
    });
    contenders.keySet().forEach(name -> perOpNanos.put(name, new ArrayList<>()));
  }

  private static DaneResult check(DaneResult result) {
    if (!result.isVerified()) {
      throw new IllegalStateException(result.explanation());
    }
    return result;
  }

  private int nextChain() {
    next = (next + 1) % ChainVerificationBenchmark.CHAINS;
    return next;
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
