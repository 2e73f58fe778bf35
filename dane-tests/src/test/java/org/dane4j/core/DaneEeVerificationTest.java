package org.dane4j.core;

import static org.dane4j.testkit.DaneAssertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** DANE-EE(3): the leaf only, no name, date or chain checks (RFC 7672 section 3.1.1; RFC 7671 section 5.1). */
class DaneEeVerificationTest {
  private static final List<String> NAMES = List.of("mx1.example.test", "example.test");
  private static final DaneVerifier VERIFIER = DaneVerifier.builder().build();

  private static TestCertificate root;
  private static TestCertificate intermediate;
  private static TestCertificate leaf;

  @BeforeAll
  static void pki() {
    root = TestCertificate.builder().commonName("Test Root").certificateAuthority(1).build();
    intermediate = TestCertificate.builder().commonName("Test Int").certificateAuthority(0).issuedBy(root).build();
    leaf = TestCertificate.builder().dnsNames("mx1.example.test").issuedBy(intermediate).build();
  }

  static Stream<Arguments> selectorsAndMatchingTypes() {
    return Stream.of(Selector.CERT, Selector.SPKI).flatMap(s ->
        Stream.of(MatchingType.FULL, MatchingType.SHA2_256, MatchingType.SHA2_512).map(m -> Arguments.of(s, m)));
  }

  @ParameterizedTest(name = "3 {0} {1}")
  @MethodSource("selectorsAndMatchingTypes")
  void daneEe_everySelectorAndMatchingType_verifiesAtDepth0(Selector selector, MatchingType matchingType) {
    TlsaRecord record = leaf.tlsa(Usage.DANE_EE, selector, matchingType);

    assertThat(VERIFIER.verify(leaf.chain(), List.of(record), NAMES))
        .isVerified()
        .matchedAtDepth(0)
        .matchedRecord(record)
        .hasNoMatchedName()
        .hasValidatedPath(leaf.certificate());
  }

  @Test
  void daneEe_expiredLeaf_stillVerifies() {
    TestCertificate expired = TestCertificate.builder().dnsNames("mx1.example.test").issuedBy(intermediate).expired()
        .build();

    assertThat(VERIFIER.verify(expired.chain(), List.of(expired.tlsa("3 1 1")), NAMES)).isVerified();
  }

  @Test
  void daneEe_notYetValidLeaf_stillVerifies() {
    TestCertificate early = TestCertificate.builder().dnsNames("mx1.example.test").notYetValid().build();

    assertThat(VERIFIER.verify(early.chain(), List.of(early.tlsa("3 1 1")), NAMES)).isVerified();
  }

  @Test
  void daneEe_nameNotInReferenceNames_stillVerifies() {
    TestCertificate other = TestCertificate.builder().dnsNames("unrelated.other.test").build();

    assertThat(VERIFIER.verify(other.chain(), List.of(other.tlsa("3 1 1")), NAMES)).isVerified().hasNoMatchedName();
  }

  @Test
  void daneEe_selfSignedLeafWithoutChain_verifies() {
    TestCertificate selfSigned = TestCertificates.attacker("mx1.example.test");

    assertThat(VERIFIER.verify(selfSigned.chain(), List.of(selfSigned.tlsa("3 1 1")), NAMES)).isVerified();
  }

  @Test
  void daneEe_leafWithBrokenSignature_stillVerifies() {
    TestCertificate tampered = TestCertificate.builder().dnsNames("mx1.example.test").issuedBy(intermediate)
        .signatureTampered().build();

    assertThat(VERIFIER.verify(tampered.chain(), List.of(tampered.tlsa("3 1 1")), NAMES)).isVerified();
  }

  @Test
  void daneEe_attackerWithSameName_fails() {
    TestCertificate attacker = TestCertificates.attacker("mx1.example.test");

    assertThat(VERIFIER.verify(attacker.chain(), List.of(leaf.tlsa("3 1 1")), NAMES)).isFailed();
  }

  @Test
  void daneEe_recordOfTheIntermediate_doesNotMatchAboveTheLeaf() {
    assertThat(VERIFIER.verify(leaf.chain(), List.of(intermediate.tlsa("3 1 1")), NAMES))
        .isFailed()
        .recordHasOutcome(intermediate.tlsa("3 1 1"), DaneResult.Outcome.NO_MATCH);
  }

  @Test
  void daneEe_matchingRecordAfterNonMatchingOnes_verifies() {
    List<TlsaRecord> records = List.of(intermediate.tlsa("3 1 1"), root.tlsa("3 0 1"), leaf.tlsa("3 0 1"));

    assertThat(VERIFIER.verify(leaf.chain(), records, NAMES)).isVerified().matchedRecord(leaf.tlsa("3 0 1"));
  }

  @Test
  void sameVerificationTwice_givesEqualResults() {
    TestCertificate leaf = TestCertificates.leaf("mx1.example.test");
    TestCertificate other = TestCertificates.leaf("mx1.example.test");
    DaneVerifier fresh = DaneVerifier.builder().build();

    DaneResult first = fresh.verify(leaf.chain(), List.of(leaf.tlsa("3 1 1")), NAMES);
    DaneResult second = fresh.verify(leaf.chain(), List.of(leaf.tlsa("3 1 1")), NAMES);
    DaneResult failed = fresh.verify(other.chain(), List.of(leaf.tlsa("3 1 1")), NAMES);

    org.assertj.core.api.Assertions.assertThat(first).isEqualTo(second).hasSameHashCodeAs(second).isNotEqualTo(failed);
  }
}
