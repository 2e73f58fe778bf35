package org.dane4j.benchmarks;

import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.dane4j.core.DaneResult;
import org.dane4j.core.DaneVerifier;
import org.dane4j.core.TlsaRecord;
import org.dane4j.testkit.pki.KeyType;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue item 1: verifying a server's chain. dane4j DANE-EE(3 1 1) and DANE-TA(2 1 1, anchor
 * at depth 1 or 2) against the JDK's PKIX trust manager validating the same chain to the same
 * root, and against the floor, one SHA-256 over the leaf's SubjectPublicKeyInfo.
 *
 * <p>"Fresh" benchmarks parse the next of {@value #CHAINS} distinct chains from its bytes,
 * as JSSE does per handshake, so neither the JDK's certificate cache nor dane4j's memo can
 * answer ({@link TestChains}); {@link #parseOnly} is that parsing alone. "Memo"/"memoised"
 * benchmarks repeat one chain object: what a second handshake with the same server costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ChainVerificationBenchmark {
  // More certificates (2 per chain) than the JDK's certificate factory cache holds (750).
  static final int CHAINS = 400;

  @Param({"EC_P256", "RSA_2048"})
  public String keyType;

  private TestChains chains;
  private DaneVerifier verifier;
  private DaneVerifier verifierWithoutMemo;
  private X509TrustManager jdkTrustManager;
  private String authType;
  private List<TlsaRecord> daneEe;
  private List<TlsaRecord> daneTaDepth1;
  private List<TlsaRecord> daneTaDepth2;
  private byte[] leafSpki;
  private MessageDigest sha256;
  private List<X509Certificate> sameChain;
  private List<X509Certificate> sameChainWithRoot;
  private X509Certificate[] sameChainArray;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    chains = new TestChains(KeyType.valueOf(keyType), CHAINS);
    // A memo smaller than the number of chains: "fresh" benchmarks cycle through the chains,
    // so every verification misses the memo and pays for its key and its insertion.
    verifier = DaneVerifier.builder().cacheMaxEntries(CHAINS / 2).build();
    verifierWithoutMemo = DaneVerifier.builder().cacheMaxEntries(0).build();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("root", chains.root.certificate());
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(store);
    jdkTrustManager = (X509TrustManager) factory.getTrustManagers()[0];
    authType = keyType.startsWith("EC") ? "ECDHE_ECDSA" : "ECDHE_RSA";
    daneEe = List.of(chains.firstLeaf.tlsa("3 1 1"));
    daneTaDepth1 = List.of(chains.firstIntermediate.tlsa("2 1 1"));
    daneTaDepth2 = List.of(chains.root.tlsa("2 1 1"));
    leafSpki = chains.firstLeaf.certificate().getPublicKey().getEncoded();
    sha256 = MessageDigest.getInstance("SHA-256");
    sameChain = chains.parse(0, false);
    sameChainWithRoot = chains.parse(0, true);
    sameChainArray = sameChain.toArray(new X509Certificate[0]);
    check(verifier.verify(sameChain, daneEe, TestChains.NAMES));
    check(verifier.verify(chains.parse(1, false), daneTaDepth1, TestChains.NAMES));
    check(verifier.verify(chains.parse(2, true), daneTaDepth2, TestChains.NAMES));
    jdkTrustManager.checkServerTrusted(chains.parse(3, false).toArray(new X509Certificate[0]), authType);
  }

  private static void check(DaneResult result) {
    if (!result.isVerified()) {
      throw new IllegalStateException(result.explanation());
    }
  }

  private int nextChain() {
    next = (next + 1) % CHAINS;
    return next;
  }

  /** The floor: one SHA-256 over the leaf's SubjectPublicKeyInfo bytes. */
  @Benchmark
  public byte[] floorSha256Spki() {
    return sha256.digest(leafSpki);
  }

  /** DANE-EE(3 1 1) on a chain: the leaf's key digest compared to the record. */
  @Benchmark
  public DaneResult daneEe() {
    return verifier.verify(sameChain, daneEe, TestChains.NAMES);
  }

  /** Parsing one distinct chain (leaf and intermediate) from its bytes: part of every fresh benchmark. */
  @Benchmark
  public List<X509Certificate> parseOnly() {
    return chains.parse(nextChain(), false);
  }

  /** DANE-TA(2 1 1) at depth 1, a chain never seen: one signature check (leaf by intermediate). */
  @Benchmark
  public DaneResult daneTaDepth1Fresh() {
    return verifier.verify(chains.parse(nextChain(), false), daneTaDepth1, TestChains.NAMES);
  }

  /** As {@link #daneTaDepth1Fresh} with the memo off. */
  @Benchmark
  public DaneResult daneTaDepth1FreshNoMemo() {
    return verifierWithoutMemo.verify(chains.parse(nextChain(), false), daneTaDepth1, TestChains.NAMES);
  }

  /** DANE-TA(2 1 1) at depth 2 (the root), a chain never seen: two signature checks. */
  @Benchmark
  public DaneResult daneTaDepth2Fresh() {
    return verifier.verify(chains.parse(nextChain(), true), daneTaDepth2, TestChains.NAMES);
  }

  /** DANE-TA at depth 1, the chain verified before against the same records and names. */
  @Benchmark
  public DaneResult daneTaDepth1Memo() {
    return verifier.verify(sameChain, daneTaDepth1, TestChains.NAMES);
  }

  /** DANE-TA at depth 2, the chain verified before against the same records and names. */
  @Benchmark
  public DaneResult daneTaDepth2Memo() {
    return verifier.verify(sameChainWithRoot, daneTaDepth2, TestChains.NAMES);
  }

  /** The JDK's PKIX trust manager on a chain never seen: two signature checks to the root. */
  @Benchmark
  public Object jdkPkixFresh() throws CertificateException {
    X509Certificate[] chain = chains.parse(nextChain(), false).toArray(new X509Certificate[0]);
    jdkTrustManager.checkServerTrusted(chain, authType);
    return chain;
  }

  /** The JDK's PKIX trust manager on the same chain objects again (its certificates remember their verification). */
  @Benchmark
  public Object jdkPkixMemoised() throws CertificateException {
    jdkTrustManager.checkServerTrusted(sameChainArray, authType);
    return sameChainArray;
  }
}
