package org.dane4j.core;

import static org.dane4j.testkit.DaneAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.dane4j.testkit.pki.KeyType;
import org.dane4j.testkit.pki.TestCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Constraints on DANE-TA paths beyond names and dates: no MD5 or SHA-1 signatures (JSSE
 * applies no algorithm constraints to a custom X509ExtendedTrustManager, so the verifier
 * does), and no critical extension the verifier does not process (RFC 5280 section 4.2).
 */
class PathConstraintsTest {
  private static final List<String> NAMES = List.of("mx1.example.test");
  private static final DaneVerifier VERIFIER = DaneVerifier.builder().build();

  private static TestCertificate issuer;
  private static X509Certificate sha1Leaf;

  @BeforeAll
  static void pki() throws Exception {
    issuer = TestCertificate.builder().commonName("RSA Int").certificateAuthority(0).keyType(KeyType.RSA_2048).build();
    KeyPair leafKeys = KeyType.EC_P256.generate();
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
        X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), BigInteger.TEN,
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
        new X500Name("CN=mx1.example.test"), leafKeys.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName(GeneralName.dNSName, "mx1.example.test")));
    byte[] der = builder.build(new JcaContentSignerBuilder("SHA1withRSA").build(issuer.keyPair().getPrivate()))
        .getEncoded();
    sha1Leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  private static X509Certificate leafWithCriticalExtension(String oid, byte[] value) throws Exception {
    KeyPair leafKeys = KeyType.EC_P256.generate();
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
        X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), BigInteger.TWO,
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
        new X500Name("CN=mx1.example.test"), leafKeys.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName(GeneralName.dNSName, "mx1.example.test")));
    builder.addExtension(new ASN1ObjectIdentifier(oid), true, new DEROctetString(value));
    byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.keyPair().getPrivate()))
        .getEncoded();
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  @Test
  void daneTa_unknownCriticalExtension_fails() throws Exception {
    X509Certificate leaf = leafWithCriticalExtension("1.3.6.1.4.1.55555.1", new byte[] {1});

    assertThat(VERIFIER.verify(List.of(leaf, issuer.certificate()), List.of(issuer.tlsa("2 1 1")), NAMES))
        .isFailed()
        .explanationContains("has critical extensions this verifier does not process: 1.3.6.1.4.1.55555.1");
  }

  @Test
  void daneEe_unknownCriticalExtension_verifiesBecauseNoChainIsChecked() throws Exception {
    X509Certificate leaf = leafWithCriticalExtension("1.3.6.1.4.1.55555.1", new byte[] {1});
    TlsaRecord record = TlsaRecord.forCertificate(leaf, Usage.DANE_EE, Selector.SPKI, MatchingType.SHA2_256);

    assertThat(VERIFIER.verify(List.of(leaf), List.of(record), NAMES)).isVerified();
  }

  @Test
  void daneTa_manySameNameIssuersWithOneKey_searchIsBounded() {
    KeyPair loopKey = KeyType.EC_P256.generate();
    List<X509Certificate> chain = new ArrayList<>();
    TestCertificate first = null;
    for (int i = 1; i <= 12; i++) {
      TestCertificate loop = TestCertificate.builder().commonName("Loop").keyPair(loopKey).certificateAuthority(-1)
          .serialNumber(BigInteger.valueOf(i)).build();
      first = first == null ? loop : first;
      chain.add(loop.certificate());
    }
    TestCertificate leaf = TestCertificate.builder().dnsNames("mx1.example.test").issuedBy(first).build();
    TestCertificate unrelated = TestCertificate.builder().commonName("Unrelated CA").certificateAuthority(-1).build();
    chain.add(0, leaf.certificate());
    chain.add(unrelated.certificate());

    DaneResult result = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> VERIFIER.verify(chain, List.of(unrelated.tlsa("2 1 1")), NAMES));

    assertThat(result).isFailed().explanationContains("the path search stopped after");
  }

  @Test
  void daneTa_sha1SignedLeaf_fails() {
    assertThat(VERIFIER.verify(List.of(sha1Leaf, issuer.certificate()), List.of(issuer.tlsa("2 1 1")), NAMES))
        .isFailed()
        .explanationContains("CN=mx1.example.test (path depth 0) is signed with the weak algorithm SHA1withRSA");
  }

  @Test
  void daneEe_sha1SignedLeaf_verifiesBecauseNoChainIsChecked() {
    TlsaRecord record = TlsaRecord.forCertificate(sha1Leaf, Usage.DANE_EE, Selector.SPKI, MatchingType.SHA2_256);

    assertThat(VERIFIER.verify(List.of(sha1Leaf, issuer.certificate()), List.of(record), NAMES)).isVerified();
  }
}
