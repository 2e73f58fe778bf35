package org.dane4j.benchmarks;

import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.dane4j.core.DaneVerifier;
import org.dane4j.smtp.TlsRequirement;
import org.dane4j.smtp.internal.DaneTrustManager;
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
 * Issue item 2: the trust-manager call as JSSE makes it, {@code checkServerTrusted(chain,
 * authType, sslSocket)} during a TLS 1.3 client handshake ({@link HandshakeSocket}), dane4j's
 * {@link DaneTrustManager} (DANE-EE 3 1 1, DANE-TA 2 1 1 at the intermediate) against the
 * JDK's default PKIX trust manager with the HTTPS name check.
 *
 * <p>"New server" parses the next of many distinct chains from its bytes (nothing cached
 * anywhere, see {@link TestChains}); "same server" passes the same certificate objects again,
 * which is what JSSE does on a repeat handshake with one server, since its certificate
 * factory returns the object it parsed before for the same bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class TrustManagerBenchmark {
  @Param({"EC_P256", "RSA_2048"})
  public String keyType;

  private TestChains chains;
  private X509ExtendedTrustManager jdk;
  private DaneTrustManager daneEe;
  private DaneTrustManager daneTa;
  private HandshakeSocket socket;
  private String authType;
  private X509Certificate[] sameChain;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    chains = new TestChains(KeyType.valueOf(keyType), ChainVerificationBenchmark.CHAINS);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("root", chains.root.certificate());
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(store);
    jdk = (X509ExtendedTrustManager) factory.getTrustManagers()[0];
    DaneVerifier verifier = DaneVerifier.builder().cacheMaxEntries(ChainVerificationBenchmark.CHAINS / 2).build();
    daneEe = DaneTrustManager.builder().tlsa(List.of(chains.firstLeaf.tlsa("3 1 1")))
        .referenceNames(TestChains.NAMES).requirement(TlsRequirement.DANE_AUTHENTICATED).verifier(verifier).build();
    daneTa = DaneTrustManager.builder().tlsa(List.of(chains.firstIntermediate.tlsa("2 1 1")))
        .referenceNames(TestChains.NAMES).requirement(TlsRequirement.DANE_AUTHENTICATED).verifier(verifier).build();
    socket = new HandshakeSocket(TestChains.HOST, "HTTPS");
    authType = keyType.startsWith("EC") ? "ECDHE_ECDSA" : "ECDHE_RSA";
    sameChain = chains.parse(0, false).toArray(new X509Certificate[0]);
    jdk.checkServerTrusted(sameChain, authType, socket);
    daneEe.checkServerTrusted(sameChain, authType, socket);
    daneTa.checkServerTrusted(sameChain, authType, socket);
  }

  private X509Certificate[] newServerChain() {
    next = (next + 1) % ChainVerificationBenchmark.CHAINS;
    return chains.parse(next, false).toArray(new X509Certificate[0]);
  }

  /** The JDK's PKIX trust manager, a server never seen. */
  @Benchmark
  public Object jdkNewServer() throws CertificateException {
    X509Certificate[] chain = newServerChain();
    jdk.checkServerTrusted(chain, authType, socket);
    return chain;
  }

  /** The JDK's PKIX trust manager, the same server again. */
  @Benchmark
  public Object jdkSameServer() throws CertificateException {
    jdk.checkServerTrusted(sameChain, authType, socket);
    return sameChain;
  }

  /** dane4j DANE-EE(3 1 1), a server never seen. */
  @Benchmark
  public Object daneEeNewServer() throws CertificateException {
    X509Certificate[] chain = newServerChain();
    daneEe.checkServerTrusted(chain, authType, socket);
    return chain;
  }

  /** dane4j DANE-EE(3 1 1), the same server again. */
  @Benchmark
  public Object daneEeSameServer() throws CertificateException {
    daneEe.checkServerTrusted(sameChain, authType, socket);
    return sameChain;
  }

  /** dane4j DANE-TA(2 1 1), a server never seen. */
  @Benchmark
  public Object daneTaNewServer() throws CertificateException {
    X509Certificate[] chain = newServerChain();
    daneTa.checkServerTrusted(chain, authType, socket);
    return chain;
  }

  /** dane4j DANE-TA(2 1 1), the same server again. */
  @Benchmark
  public Object daneTaSameServer() throws CertificateException {
    daneTa.checkServerTrusted(sameChain, authType, socket);
    return sameChain;
  }
}
