package org.dane4j.testkit.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.dane4j.core.MatchingType;
import org.dane4j.core.Selector;
import org.dane4j.core.TlsaRecord;
import org.dane4j.core.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestCertificateTest {

  @Test
  void chain_leavesOutTheSelfSignedRoot() throws Exception {
    TestCertificate leaf = TestCertificates.leaf("mx1.example.test");
    TestCertificate intermediate = leaf.issuer().orElseThrow();
    TestCertificate root = intermediate.issuer().orElseThrow();

    assertThat(leaf.chain()).containsExactly(leaf.certificate(), intermediate.certificate());
    assertThat(leaf.chainWithRoot()).containsExactly(leaf.certificate(), intermediate.certificate(), root.certificate());
    leaf.certificate().verify(intermediate.certificate().getPublicKey());
    intermediate.certificate().verify(root.certificate().getPublicKey());
    root.certificate().verify(root.certificate().getPublicKey());
  }

  @Test
  void leaf_carriesNamesAndNoCaFlag() throws Exception {
    TestCertificate leaf = TestCertificate.builder().commonName("mx1.example.test")
        .dnsNames("mx1.example.test", "*.example.test").build();

    assertThat(leaf.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=mx1.example.test");
    assertThat(leaf.certificate().getSubjectAlternativeNames())
        .extracting(entry -> (Object) entry.get(1)).containsExactly("mx1.example.test", "*.example.test");
    assertThat(leaf.certificate().getBasicConstraints()).isEqualTo(-1);
  }

  @Test
  void certificateAuthority_setsPathLength() {
    TestCertificate ca = TestCertificate.builder().commonName("CA").certificateAuthority(2).build();
    TestCertificate unlimited = TestCertificate.builder().commonName("CA").certificateAuthority(-1).build();

    assertThat(ca.certificate().getBasicConstraints()).isEqualTo(2);
    assertThat(unlimited.certificate().getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void expired_isExpiredNow() {
    X509Certificate certificate = TestCertificate.builder().expired().build().certificate();

    assertThatThrownBy(certificate::checkValidity).isInstanceOf(CertificateExpiredException.class);
  }

  @Test
  void notYetValid_isNotValidNow() {
    X509Certificate certificate = TestCertificate.builder().notYetValid().build().certificate();

    assertThatThrownBy(certificate::checkValidity).isInstanceOf(CertificateNotYetValidException.class);
  }

  @Test
  void validity_mayBeInverted() {
    Instant later = Instant.parse("2030-01-01T00:00:00Z");
    Instant earlier = Instant.parse("2020-01-01T00:00:00Z");
    X509Certificate certificate = TestCertificate.builder().validity(later, earlier).build().certificate();

    assertThat(certificate.getNotAfter()).isBefore(certificate.getNotBefore());
  }

  @Test
  void signatureTampered_failsVerification() {
    TestCertificate root = TestCertificates.root("Root");
    X509Certificate tampered = TestCertificate.builder().issuedBy(root).signatureTampered().build().certificate();

    assertThatThrownBy(() -> tampered.verify(root.certificate().getPublicKey()))
        .isInstanceOf(SignatureException.class);
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void everyKeyType_signsAndIsSigned(KeyType keyType) throws Exception {
    TestCertificate ca = TestCertificate.builder().commonName("CA").certificateAuthority(0).keyType(keyType).build();
    TestCertificate leaf = TestCertificate.builder().dnsNames("a.test").keyType(keyType).issuedBy(ca).build();

    leaf.certificate().verify(ca.certificate().getPublicKey());
    assertThat(leaf.certificate().getSigAlgName()).isEqualToIgnoringCase(keyType.signatureAlgorithm());
  }

  @Test
  void emptySubject_isAllowedWhenIssued() {
    TestCertificate certificate = TestCertificate.builder().subject("").dnsNames("a.test")
        .issuedBy(TestCertificates.root("Root")).build();

    assertThat(certificate.certificate().getSubjectX500Principal().getName()).isEmpty();
    assertThat(certificate.certificate().getCriticalExtensionOIDs()).contains("2.5.29.17");
  }

  @Test
  void emptySubject_selfSigned_isRefusedWithTheReason() {
    assertThatThrownBy(() -> TestCertificate.builder().subject("").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("non-empty subject");
  }

  @Test
  void subject_defaultsToTheFirstDnsName() {
    TestCertificate certificate = TestCertificate.builder().dnsNames("mx1.test", "mx2.test").build();

    assertThat(certificate.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=mx1.test");
  }

  @Test
  void keyPair_canBeReusedForRenewal() {
    TestCertificate first = TestCertificate.builder().dnsNames("mx1.test").build();
    TestCertificate renewed = TestCertificate.builder().dnsNames("mx1.test").keyPair(first.keyPair()).build();

    assertThat(renewed.tlsa("3 1 1")).isEqualTo(first.tlsa("3 1 1"));
    assertThat(renewed.tlsa("3 0 1")).isNotEqualTo(first.tlsa("3 0 1"));
  }

  @Test
  void certificatePem_parsesBackToTheSameCertificate() throws Exception {
    TestCertificate certificate = TestCertificates.attacker("mx1.example.test");

    X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
        new ByteArrayInputStream(certificate.certificatePem().getBytes(StandardCharsets.US_ASCII)));

    assertThat(parsed).isEqualTo(certificate.certificate());
    assertThat(certificate.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
  }

  @Test
  void tlsa_fromNumbers_equalsTlsaFromNames() {
    TestCertificate certificate = TestCertificates.attacker("mx1.example.test");

    TlsaRecord record = certificate.tlsa("2 0 2");

    assertThat(record).isEqualTo(certificate.tlsa(Usage.DANE_TA, Selector.CERT, MatchingType.SHA2_512));
    assertThat(record.data()).hasSize(64);
  }

  @Test
  void tlsa_withTextThatIsNotThreeNumbers_throws() {
    TestCertificate certificate = TestCertificates.attacker("mx1.example.test");

    assertThatThrownBy(() -> certificate.tlsa("3 1")).hasMessageContaining("\"3 1\"");
    assertThatThrownBy(() -> certificate.tlsa("3 x 1")).hasMessageContaining("\"3 x 1\"");
  }

  @Test
  void toString_neverShowsTheKey() {
    TestCertificate certificate = TestCertificates.attacker("mx1.example.test");

    assertThat(certificate.toString()).contains("CN=mx1.example.test").doesNotContain("PRIVATE");
  }

  @Test
  void serverSslContext_presentsTheChain() throws Exception {
    TestCertificate leaf = TestCertificates.leaf("mx1.example.test");

    List<X509Certificate> presented = List.of(
        ((javax.net.ssl.X509KeyManager) leaf.keyManagerFactory().getKeyManagers()[0]).getCertificateChain("key"));

    assertThat(presented).isEqualTo(leaf.chain());
    assertThat(leaf.serverSslContext().getProtocol()).isEqualTo("TLS");
  }
}
