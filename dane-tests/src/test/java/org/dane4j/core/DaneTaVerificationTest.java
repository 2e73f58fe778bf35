package org.dane4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dane4j.testkit.DaneAssertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.dane4j.core.DaneResult.Outcome;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DANE-TA(2): the trust anchor is an issuer, the path from it to the leaf is built and
 * checked (RFC 7671 section 5.2; RFC 7672 sections 3.1.2 and 3.2).
 */
class DaneTaVerificationTest {
  private static final String HOST = "mx1.example.test";
  private static final List<String> NAMES = List.of(HOST, "example.test");
  private static final DaneVerifier VERIFIER = DaneVerifier.builder().build();

  private static TestCertificate root;
  private static TestCertificate intermediate;
  private static TestCertificate leaf;

  @BeforeAll
  static void pki() {
    root = TestCertificate.builder().commonName("Test Root").certificateAuthority(1).build();
    intermediate = TestCertificate.builder().commonName("Test Int").certificateAuthority(0).issuedBy(root).build();
    leaf = TestCertificate.builder().dnsNames(HOST).issuedBy(intermediate).build();
  }

  static Stream<Arguments> selectorsAndMatchingTypes() {
    return Stream.of(Selector.CERT, Selector.SPKI).flatMap(s ->
        Stream.of(MatchingType.FULL, MatchingType.SHA2_256, MatchingType.SHA2_512).map(m -> Arguments.of(s, m)));
  }

  @ParameterizedTest(name = "2 {0} {1}")
  @MethodSource("selectorsAndMatchingTypes")
  void daneTa_intermediate_everySelectorAndMatchingType_verifiesAtDepth1(Selector selector, MatchingType type) {
    TlsaRecord record = intermediate.tlsa(Usage.DANE_TA, selector, type);

    assertThat(VERIFIER.verify(leaf.chain(), List.of(record), NAMES))
        .isVerified()
        .matchedAtDepth(1)
        .matchedRecord(record)
        .matchedName(HOST)
        .hasValidatedPath(leaf.certificate(), intermediate.certificate());
  }

  @ParameterizedTest(name = "2 {0} {1}")
  @MethodSource("selectorsAndMatchingTypes")
  void daneTa_rootSentByServer_everySelectorAndMatchingType_verifiesAtDepth2(Selector selector, MatchingType type) {
    TlsaRecord record = root.tlsa(Usage.DANE_TA, selector, type);

    assertThat(VERIFIER.verify(leaf.chainWithRoot(), List.of(record), NAMES))
        .isVerified()
        .matchedAtDepth(2)
        .matchedRecord(record)
        .matchedName(HOST)
        .hasValidatedPath(leaf.certificate(), intermediate.certificate(), root.certificate());
  }

  @ParameterizedTest(name = "2 {0} {1}")
  @MethodSource("selectorsAndMatchingTypes")
  void daneTa_recordMatchingTheLeaf_isRefused(Selector selector, MatchingType type) {
    TlsaRecord record = leaf.tlsa(Usage.DANE_TA, selector, type);

    assertThat(VERIFIER.verify(leaf.chain(), List.of(record), NAMES))
        .isFailed()
        .recordHasOutcome(record, Outcome.REJECTED)
        .explanationContains("never the leaf");
  }

  @Test
  void daneTa_selfSignedLeafNamedAsTrustAnchor_isRefused() {
    TestCertificate selfSigned = TestCertificates.attacker(HOST);

    for (String fields : List.of("2 0 0", "2 1 0", "2 0 1", "2 1 1", "2 1 2")) {
      assertThat(VERIFIER.verify(selfSigned.chain(), List.of(selfSigned.tlsa(fields)), NAMES)).isFailed();
    }
  }

  @Test
  void daneTa_selfSignedLeafSentTwice_isStillNotItsOwnTrustAnchor() {
    TestCertificate selfSigned = TestCertificates.attacker(HOST);
    List<X509Certificate> twice = List.of(selfSigned.certificate(), selfSigned.certificate());

    assertThat(VERIFIER.verify(twice, List.of(selfSigned.tlsa("2 0 1")), NAMES)).isFailed();
  }

  @Test
  void daneTa_outOfBandRootFullCertificate_verifiesWithTheRecordsCertificate() {
    TlsaRecord record = root.tlsa("2 0 0");

    assertThat(VERIFIER.verify(leaf.chain(), List.of(record), NAMES))
        .isVerified()
        .matchedAtDepth(2)
        .hasValidatedPath(leaf.certificate(), intermediate.certificate(), root.certificate());
  }

  @Test
  void daneTa_outOfBandRootFullSpki_verifiesWithTheRecordsKey() {
    TlsaRecord record = root.tlsa("2 1 0");

    assertThat(VERIFIER.verify(leaf.chain(), List.of(record), NAMES))
        .isVerified()
        .matchedAtDepth(2)
        .hasValidatedPath(leaf.certificate(), intermediate.certificate())
        .explanationContains("trust anchor key from the TLSA record");
  }

  @Test
  void daneTa_outOfBandIntermediateFullSpki_verifiesLeafOnlyChain() {
    assertThat(VERIFIER.verify(List.of(leaf.certificate()), List.of(intermediate.tlsa("2 1 0")), NAMES))
        .isVerified()
        .matchedAtDepth(1)
        .hasValidatedPath(leaf.certificate());
  }

  @Test
  void daneTa_outOfBandCertificateThatDidNotSignTheChain_fails() {
    TestCertificate otherRoot = TestCertificates.root("Test Root");

    assertThat(VERIFIER.verify(leaf.chain(), List.of(otherRoot.tlsa("2 0 0")), NAMES))
        .isFailed()
        .recordHasOutcome(otherRoot.tlsa("2 0 0"), Outcome.REJECTED)
        .explanationContains("does not verify with the key of CN=Test Root");
  }

  @Test
  void daneTa_outOfBandKeyThatDidNotSignTheChain_fails() {
    TestCertificate otherRoot = TestCertificates.root("Other Root");

    assertThat(VERIFIER.verify(leaf.chain(), List.of(otherRoot.tlsa("2 1 0")), NAMES))
        .isFailed()
        .explanationContains("no certificate of the chain is signed by it");
  }

  @Test
  void daneTa_digestOfRootNotSent_fails() {
    assertThat(VERIFIER.verify(leaf.chain(), List.of(root.tlsa("2 1 1")), NAMES))
        .isFailed()
        .recordHasOutcome(root.tlsa("2 1 1"), Outcome.NO_MATCH);
  }

  @Test
  void daneTa_expiredLeaf_fails() {
    TestCertificate expired = TestCertificate.builder().dnsNames(HOST).issuedBy(intermediate).expired().build();

    assertThat(VERIFIER.verify(expired.chain(), List.of(intermediate.tlsa("2 1 1")), NAMES))
        .isFailed()
        .recordHasOutcome(intermediate.tlsa("2 1 1"), Outcome.REJECTED)
        .explanationContains("CN=mx1.example.test (path depth 0) expired at");
  }

  @Test
  void daneTa_notYetValidLeaf_fails() {
    TestCertificate early = TestCertificate.builder().dnsNames(HOST).issuedBy(intermediate).notYetValid().build();

    assertThat(VERIFIER.verify(early.chain(), List.of(intermediate.tlsa("2 1 1")), NAMES))
        .isFailed()
        .explanationContains("is not valid before");
  }

  @Test
  void daneTa_expiredIntermediate_fails() {
    TestCertificate oldIntermediate = TestCertificate.builder().commonName("Old Int").certificateAuthority(0)
        .issuedBy(root).expired().build();
    TestCertificate child = TestCertificate.builder().dnsNames(HOST).issuedBy(oldIntermediate).build();

    assertThat(VERIFIER.verify(child.chain(), List.of(root.tlsa("2 0 0")), NAMES))
        .isFailed()
        .explanationContains("CN=Old Int (path depth 1) expired at");
  }

  @Test
  void daneTa_expiredTrustAnchorCertificate_fails() {
    TestCertificate oldIntermediate = TestCertificate.builder().commonName("Old Int").certificateAuthority(0)
        .issuedBy(root).expired().build();
    TestCertificate child = TestCertificate.builder().dnsNames(HOST).issuedBy(oldIntermediate).build();

    assertThat(VERIFIER.verify(child.chain(), List.of(oldIntermediate.tlsa("2 1 1")), NAMES))
        .isFailed()
        .explanationContains("CN=Old Int (path depth 1) expired at");
  }

  @Test
  void daneTa_datesAreCheckedAtTheVerifiersClock() {
    Clock in60Days = Clock.fixed(Instant.now().plus(Duration.ofDays(60)), ZoneOffset.UTC);
    DaneVerifier later = DaneVerifier.builder().clock(in60Days).build();

    assertThat(later.verify(leaf.chain(), List.of(intermediate.tlsa("2 1 1")), NAMES))
        .isFailed()
        .explanationContains("expired at", "verifier clock " + in60Days.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  @Test
  void daneTa_tamperedLeafSignature_fails() {
    TestCertificate tampered = TestCertificate.builder().dnsNames(HOST).issuedBy(intermediate).signatureTampered()
        .build();

    assertThat(VERIFIER.verify(tampered.chain(), List.of(intermediate.tlsa("2 1 1")), NAMES))
        .isFailed()
        .explanationContains("the signature of CN=mx1.example.test does not verify with the key of CN=Test Int");
  }

  @Test
  void daneTa_tamperedIntermediateSignature_rootAsTrustAnchor_fails() {
    TestCertificate tamperedIntermediate = TestCertificate.builder().commonName("Tampered Int").certificateAuthority(0)
        .issuedBy(root).signatureTampered().build();
    TestCertificate child = TestCertificate.builder().dnsNames(HOST).issuedBy(tamperedIntermediate).build();

    assertThat(VERIFIER.verify(child.chainWithRoot(), List.of(root.tlsa("2 1 1")), NAMES))
        .isFailed()
        .explanationContains("the signature of CN=Tampered Int does not verify with the key of CN=Test Root");
  }

  @Test
  void daneTa_outOfOrderChain_verifies() {
    List<X509Certificate> shuffled = List.of(leaf.certificate(), root.certificate(), intermediate.certificate());

    assertThat(VERIFIER.verify(shuffled, List.of(root.tlsa("2 1 1")), NAMES))
        .isVerified()
        .matchedAtDepth(2)
        .hasValidatedPath(leaf.certificate(), intermediate.certificate(), root.certificate());
  }

  @Test
  void daneTa_extraUnrelatedCertificates_verify() {
    TestCertificate unrelatedRoot = TestCertificates.root("Unrelated Root");
    List<X509Certificate> padded = List.of(leaf.certificate(), unrelatedRoot.certificate(),
        TestCertificates.attacker(HOST).certificate(), intermediate.certificate());

    assertThat(VERIFIER.verify(padded, List.of(intermediate.tlsa("2 0 1")), NAMES))
        .isVerified()
        .hasValidatedPath(leaf.certificate(), intermediate.certificate());
  }

  @Test
  void daneTa_twoIssuersWithTheSameName_findsTheOneThatSigned() {
    TestCertificate impostor = TestCertificate.builder().commonName("Test Int").certificateAuthority(0).issuedBy(root)
        .build();
    List<X509Certificate> chain = List.of(leaf.certificate(), impostor.certificate(), intermediate.certificate());

    assertThat(VERIFIER.verify(chain, List.of(root.tlsa("2 0 0")), NAMES))
        .isVerified()
        .hasValidatedPath(leaf.certificate(), intermediate.certificate(), root.certificate());
  }

  @Test
  void daneTa_missingIntermediate_fails() {
    assertThat(VERIFIER.verify(List.of(leaf.certificate()), List.of(root.tlsa("2 0 0")), NAMES))
        .isFailed()
        .explanationContains("no certificate of the chain links the leaf (issuer CN=Test Int)");
  }

  @Test
  void daneTa_intermediateWithoutCaBasicConstraints_fails() {
    TestCertificate notCa = TestCertificate.builder().commonName("Not A CA").issuedBy(root).build();
    TestCertificate child = TestCertificate.builder().dnsNames(HOST).issuedBy(notCa).build();

    assertThat(VERIFIER.verify(child.chain(), List.of(root.tlsa("2 0 0")), NAMES))
        .isFailed()
        .explanationContains("CN=Not A CA (path depth 1) is not a CA certificate");
  }

  @Test
  void daneTa_nonCaCertificateNamedAsTrustAnchor_fails() {
    TestCertificate notCa = TestCertificate.builder().commonName("Not A CA").issuedBy(root).build();
    TestCertificate child = TestCertificate.builder().dnsNames(HOST).issuedBy(notCa).build();

    assertThat(VERIFIER.verify(child.chain(), List.of(notCa.tlsa("2 1 1")), NAMES))
        .isFailed()
        .explanationContains("is not a CA certificate", "keyUsage without keyCertSign");
  }

  @Test
  void daneTa_pathLengthConstraintViolated_fails() {
    TestCertificate strictRoot = TestCertificate.builder().commonName("Strict Root").certificateAuthority(0).build();
    TestCertificate middle = TestCertificate.builder().commonName("Middle").certificateAuthority(0).issuedBy(strictRoot)
        .build();
    TestCertificate child = TestCertificate.builder().dnsNames(HOST).issuedBy(middle).build();

    assertThat(VERIFIER.verify(child.chain(), List.of(strictRoot.tlsa("2 0 0")), NAMES))
        .isFailed()
        .explanationContains("CN=Strict Root (path depth 2) has pathLenConstraint 0 but 1 CA certificate(s) follow it");
  }

  @Test
  void daneTa_pathLengthConstraintMet_verifies() {
    TestCertificate top = TestCertificate.builder().commonName("Top").certificateAuthority(2).build();
    TestCertificate upper = TestCertificate.builder().commonName("Upper").certificateAuthority(1).issuedBy(top).build();
    TestCertificate lower = TestCertificate.builder().commonName("Lower").certificateAuthority(0).issuedBy(upper)
        .build();
    TestCertificate child = TestCertificate.builder().dnsNames(HOST).issuedBy(lower).build();

    assertThat(VERIFIER.verify(child.chainWithRoot(), List.of(top.tlsa("2 1 1")), NAMES)).isVerified().matchedAtDepth(3);
  }

  @Test
  void daneTa_matchedRecordDoesNotSkipLaterValidRecord() {
    TestCertificate unrelated = TestCertificates.root("Unrelated Root");
    List<TlsaRecord> records = List.of(unrelated.tlsa("2 1 1"), intermediate.tlsa("2 1 1"));

    DaneResult result = VERIFIER.verify(leaf.chain(), records, NAMES);

    assertThat(result).isVerified().matchedRecord(intermediate.tlsa("2 1 1"));
    assertThat(result.records()).extracting(DaneResult.RecordDiagnostic::outcome)
        .containsExactly(Outcome.NO_MATCH, Outcome.MATCHED);
  }
}
