package org.dane4j.benchmarks;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.dane4j.testkit.pki.KeyType;
import org.dane4j.testkit.pki.TestCertificate;

/**
 * Many distinct certificate chains of one key type, all under one root: leaf, then
 * intermediate (as a server sends them). Every chain has its own leaf and its own
 * intermediate certificate (serial numbers differ), but the intermediates share one key and
 * the leaves share another, so that one TLSA record of each kind matches every chain.
 *
 * <p>Why distinct chains: the JDK's {@link CertificateFactory} keeps the last 750
 * certificates it parsed, keyed by their bytes, and a certificate object remembers the key
 * its signature last verified with. Cycling through more chains than that cache holds, and
 * parsing each from its bytes per use, measures a chain seen for the first time.
 */
final class TestChains {
  static final String HOST = "mx1.example.test";
  static final List<String> NAMES = List.of(HOST, "example.test");

  final TestCertificate root;
  final TestCertificate firstIntermediate;
  final TestCertificate firstLeaf;
  /** Per chain: DER of leaf, intermediate. */
  final List<byte[][]> encodings = new ArrayList<>();

  private final CertificateFactory factory;

  TestChains(KeyType keyType, int count) {
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
    root = TestCertificate.builder().commonName("Bench Root").certificateAuthority(1).keyType(keyType).build();
    KeyPair intermediateKey = TestCertificate.builder().keyType(keyType).commonName("k").build().keyPair();
    KeyPair leafKey = TestCertificate.builder().keyType(keyType).commonName("k").build().keyPair();
    TestCertificate intermediate = null;
    TestCertificate leaf = null;
    for (int i = 0; i < count; i++) {
      TestCertificate in = TestCertificate.builder().commonName("Bench Int").certificateAuthority(0).issuedBy(root)
          .keyPair(intermediateKey).serialNumber(BigInteger.valueOf(1_000_000L + i)).build();
      TestCertificate le = TestCertificate.builder().commonName(HOST).dnsNames(HOST).issuedBy(in)
          .keyPair(leafKey).serialNumber(BigInteger.valueOf(2_000_000L + i)).build();
      if (i == 0) {
        intermediate = in;
        leaf = le;
      }
      try {
        encodings.add(new byte[][] {le.certificate().getEncoded(), in.certificate().getEncoded()});
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException(e);
      }
    }
    firstIntermediate = intermediate;
    firstLeaf = leaf;
  }

  /** Chain {@code i} parsed from its bytes now: leaf, intermediate, and the root if asked. */
  List<X509Certificate> parse(int i, boolean withRoot) {
    byte[][] der = encodings.get(i % encodings.size());
    List<X509Certificate> chain = new ArrayList<>(3);
    chain.add(parse(der[0]));
    chain.add(parse(der[1]));
    if (withRoot) {
      chain.add(root.certificate());
    }
    return chain;
  }

  X509Certificate parse(byte[] der) {
    try {
      return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }
}
