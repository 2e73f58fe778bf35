package org.dane4j.core;

import static org.dane4j.testkit.DaneAssertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dane4j.testkit.pki.KeyType;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Odd certificates and odd record data give a result with a reason, never an exception. */
class OddCertificatesTest {
  private static final List<String> NAMES = List.of("mx1.example.test");
  private static final DaneVerifier VERIFIER = DaneVerifier.builder().build();

  private static TestCertificate chainOf(KeyType keyType) {
    TestCertificate root = TestCertificate.builder().commonName("Root " + keyType).certificateAuthority(1)
        .keyType(keyType).build();
    TestCertificate intermediate = TestCertificate.builder().commonName("Int " + keyType).certificateAuthority(0)
        .keyType(keyType).issuedBy(root).build();
    return TestCertificate.builder().dnsNames("mx1.example.test").keyType(keyType).issuedBy(intermediate).build();
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void everyKeyType_daneEe_verifies(KeyType keyType) {
    TestCertificate leaf = chainOf(keyType);

    assertThat(VERIFIER.verify(leaf.chain(), List.of(leaf.tlsa("3 1 2")), NAMES)).isVerified();
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void everyKeyType_daneTaWithOutOfBandRootKey_verifies(KeyType keyType) {
    TestCertificate leaf = chainOf(keyType);
    TestCertificate root = leaf.issuer().orElseThrow().issuer().orElseThrow();

    assertThat(VERIFIER.verify(leaf.chain(), List.of(root.tlsa("2 1 0")), NAMES)).isVerified().matchedAtDepth(2);
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void everyKeyType_mismatch_failsWithExplanation(KeyType keyType) {
    TestCertificate leaf = chainOf(keyType);

    assertThat(VERIFIER.verify(leaf.chain(), List.of(TestCertificates.attacker("x.test").tlsa("2 1 1")), NAMES))
        .isFailed()
        .explanationContains("chain depth 1");
  }

  @Test
  void mixedKeyTypesAlongThePath_daneTa_verifies() {
    TestCertificate root = TestCertificate.builder().commonName("RSA Root").certificateAuthority(1)
        .keyType(KeyType.RSA_2048).build();
    TestCertificate intermediate = TestCertificate.builder().commonName("Ed25519 Int").certificateAuthority(0)
        .keyType(KeyType.ED25519).issuedBy(root).build();
    TestCertificate leaf = TestCertificate.builder().dnsNames("mx1.example.test").keyType(KeyType.EC_P384)
        .issuedBy(intermediate).build();

    assertThat(VERIFIER.verify(leaf.chainWithRoot(), List.of(root.tlsa("2 0 1")), NAMES)).isVerified().matchedAtDepth(2);
  }

  @Test
  void lineBreaksEscapesAndBidiOverridesInCertificateNames_areEscapedInTheExplanation() {
    TestCertificate root = TestCertificate.builder().commonName("Root").certificateAuthority(0).build();
    TestCertificate leaf = TestCertificate.builder().commonName("evil\r\nINFO forged log line\u202e")
        .dnsNames("a.example.test\r\nWARN forged", "b\u001b[31m.example.test").issuedBy(root).build();

    DaneResult result = VERIFIER.verify(leaf.chainWithRoot(), List.of(root.tlsa("2 0 1")), NAMES);

    assertThat(result).isFailed();
    org.assertj.core.api.Assertions.assertThat(result.explanation()).doesNotContain("\r", "\u001b", "\u202e")
        .contains("<U+000D><U+000A>INFO forged log line<U+202E>", "a.example.test<U+000D><U+000A>WARN forged",
            "b<U+001B>[31m.example.test");
  }

  @Test
  void emptySubjectLeaf_daneTa_verifiesByDnsName() {
    TestCertificate leaf = TestCertificates.leaf("other.example.test");
    TestCertificate emptySubject = TestCertificate.builder().subject("").dnsNames("mx1.example.test")
        .issuedBy(leaf.issuer().orElseThrow()).build();

    assertThat(VERIFIER.verify(emptySubject.chain(), List.of(leaf.issuer().orElseThrow().tlsa("2 1 1")), NAMES))
        .isVerified();
  }

  @Test
  void emptySubjectLeaf_mismatch_explanationSaysEmptySubject() {
    TestCertificate issuer = TestCertificates.leaf("other.example.test").issuer().orElseThrow();
    TestCertificate emptySubject = TestCertificate.builder().subject("").dnsNames("mx1.example.test").issuedBy(issuer)
        .build();

    assertThat(VERIFIER.verify(emptySubject.chain(), List.of(TestCertificates.attacker("x.test").tlsa("3 1 1")), NAMES))
        .isFailed()
        .explanationContains("chain depth 0  (empty subject)");
  }

  @Test
  void notAfterBeforeNotBefore_daneEe_verifies() {
    Instant now = Instant.now();
    TestCertificate inverted = TestCertificate.builder().dnsNames("mx1.example.test")
        .validity(now.plus(Duration.ofDays(1)), now.minus(Duration.ofDays(1))).build();

    assertThat(VERIFIER.verify(inverted.chain(), List.of(inverted.tlsa("3 1 1")), NAMES)).isVerified();
  }

  @Test
  void notAfterBeforeNotBefore_daneTa_failsWithReason() {
    TestCertificate issuer = TestCertificates.leaf("other.example.test").issuer().orElseThrow();
    Instant now = Instant.now();
    TestCertificate inverted = TestCertificate.builder().dnsNames("mx1.example.test").issuedBy(issuer)
        .validity(now.plus(Duration.ofDays(1)), now.minus(Duration.ofDays(1))).build();

    assertThat(VERIFIER.verify(inverted.chain(), List.of(issuer.tlsa("2 1 1")), NAMES))
        .isFailed()
        .explanationContains("before notBefore");
  }

  @Test
  void fullCertificateRecordWithGarbage_failsWithReason() {
    TestCertificate leaf = TestCertificates.leaf("mx1.example.test");
    TlsaRecord garbage = TlsaRecord.of(2, 0, 0, new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});

    assertThat(VERIFIER.verify(leaf.chain(), List.of(garbage), NAMES))
        .isFailed()
        .explanationContains("the record's data is not a DER certificate");
  }

  @Test
  void fullSpkiRecordWithGarbage_failsWithReason() {
    TestCertificate leaf = TestCertificates.leaf("mx1.example.test");
    TlsaRecord garbage = TlsaRecord.of(2, 1, 0, new byte[] {1, 2, 3, 4});

    assertThat(VERIFIER.verify(leaf.chain(), List.of(garbage), NAMES))
        .isFailed()
        .explanationContains("the record's data is not a SubjectPublicKeyInfo");
  }
}
