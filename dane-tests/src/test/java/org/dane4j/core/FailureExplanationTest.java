package org.dane4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dane4j.testkit.DaneAssertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A failed verification explains itself completely in one message (API-SKETCH.md). */
class FailureExplanationTest {
  private static final List<String> NAMES = List.of("mx1.example.test", "example.test");
  private static final DaneVerifier VERIFIER = DaneVerifier.builder().build();

  private static TestCertificate leaf;
  private static TestCertificate intermediate;
  private static TestCertificate stranger;

  @BeforeAll
  static void pki() {
    leaf = TestCertificates.leaf("mx1.example.test");
    intermediate = leaf.issuer().orElseThrow();
    stranger = TestCertificates.attacker("mx1.example.test");
  }

  private static DaneResult mismatch() {
    return VERIFIER.verify(leaf.chain(), List.of(stranger.tlsa("3 1 1"), stranger.tlsa("2 1 1")), NAMES);
  }

  private static String shortForm(TlsaRecord record) {
    String hex = record.dataHex();
    return record.toString().substring(0, 6) + hex.substring(0, 4) + "..." + hex.substring(hex.length() - 4);
  }

  @Test
  void header_namesTheHostAndTheReferenceNames() {
    assertThat(mismatch().explanation())
        .startsWith("DANE verification failed for mx1.example.test (reference names [mx1.example.test, example.test]):");
  }

  @Test
  void listsTheUsableRecords() {
    assertThat(mismatch()).explanationContains("TLSA records (usable): " + shortForm(stranger.tlsa("3 1 1"))
        + ", " + shortForm(stranger.tlsa("2 1 1")));
  }

  @Test
  void perDepth_showsWhatWouldMatch() {
    assertThat(mismatch()).explanationContains(
        "chain depth 0  CN=mx1.example.test      3 1 1 would be " + leaf.tlsa("3 1 1").dataHex() + "   (no match)",
        "chain depth 1  CN=Test Intermediate CA  2 1 1 would be " + intermediate.tlsa("2 1 1").dataHex());
  }

  @Test
  void perDepth_structuredDiagnosticsCarryTheRecords() {
    DaneResult result = mismatch();

    assertThat(result.certificates()).hasSize(2);
    assertThat(result.certificates().get(0).wouldBe()).containsExactly(leaf.tlsa("3 1 1"));
    assertThat(result.certificates().get(1).wouldBe()).containsExactly(intermediate.tlsa("2 1 1"));
    assertThat(result.certificates().get(1).subject()).isEqualTo("CN=Test Intermediate CA");
  }

  @Test
  void endsWithWhatToDo() {
    assertThat(mismatch().explanation())
        .endsWith("Publish one of the \"would be\" values, or fix the certificate the server presents.");
  }

  @Test
  void matchedButRejectedRecord_saysWhereItMatchedAndWhy() {
    TestCertificate wrongName = TestCertificate.builder().dnsNames("mx9.example.test").issuedBy(intermediate).build();

    assertThat(VERIFIER.verify(wrongName.chain(), List.of(intermediate.tlsa("2 1 1")), NAMES))
        .isFailed()
        .explanationContains("matched CN=Test Intermediate CA (chain position 1), but no name in the leaf certificate",
            "2 1 1 would be " + intermediate.tlsa("2 1 1").dataHex() + "   (matches)");
  }

  @Test
  void verified_explanationNamesRecordDepthAndName() {
    assertThat(VERIFIER.verify(leaf.chain(), List.of(intermediate.tlsa("2 1 1")), NAMES).explanation())
        .isEqualTo("DANE verified for mx1.example.test by " + intermediate.tlsa("2 1 1").describe()
            + " at depth 1 (CN=Test Intermediate CA), name mx1.example.test");
  }

  @Test
  void explanation_neverContainsPrivateKeyMaterial() {
    for (TestCertificate certificate : List.of(leaf, intermediate, stranger)) {
      byte[] privateKey = certificate.keyPair().getPrivate().getEncoded();
      String pemBody = certificate.privateKeyPem().lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
      for (DaneResult result : List.of(mismatch(),
          VERIFIER.verify(leaf.chain(), List.of(leaf.tlsa("3 1 1")), NAMES),
          VERIFIER.verify(leaf.chain(), List.of(leaf.tlsa("1 1 1")), NAMES))) {
        assertThat(result.toString())
            .doesNotContain(HexFormat.of().formatHex(privateKey))
            .doesNotContain(Base64.getEncoder().encodeToString(privateKey))
            .doesNotContain(pemBody)
            .doesNotContain("PRIVATE KEY");
      }
    }
  }
}
