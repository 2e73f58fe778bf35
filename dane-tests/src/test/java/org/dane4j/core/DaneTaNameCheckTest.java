package org.dane4j.core;

import static org.dane4j.testkit.DaneAssertions.assertThat;

import java.util.List;
import org.dane4j.testkit.pki.TestCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DANE-TA(2) name checks (RFC 7672 sections 3.2.2 and 3.2.3): DNS-IDs first, the CN only
 * without them, wildcards only as the whole leftmost label for one label, A-labels,
 * case-insensitive.
 */
class DaneTaNameCheckTest {
  private static final DaneVerifier VERIFIER = DaneVerifier.builder().build();

  private static TestCertificate root;
  private static TestCertificate intermediate;

  @BeforeAll
  static void pki() {
    root = TestCertificate.builder().commonName("Test Root").certificateAuthority(1).build();
    intermediate = TestCertificate.builder().commonName("Test Int").certificateAuthority(0).issuedBy(root).build();
  }

  private static DaneResult verify(TestCertificate leaf, String... referenceNames) {
    return VERIFIER.verify(leaf.chain(), List.of(intermediate.tlsa("2 1 1")), List.of(referenceNames));
  }

  private static TestCertificate leafWithDnsNames(String... names) {
    return TestCertificate.builder().commonName("leaf").dnsNames(names).issuedBy(intermediate).build();
  }

  @Test
  void daneTa_wrongName_failsShowingBothSides() {
    TestCertificate leaf = leafWithDnsNames("mx2.example.test");

    assertThat(verify(leaf, "mx1.example.test", "example.test"))
        .isFailed()
        .explanationContains("subjectAltName DNS-IDs [mx2.example.test]",
            "reference names [mx1.example.test, example.test]");
  }

  @Test
  void daneTa_secondReferenceName_isTheMatchedName() {
    TestCertificate leaf = leafWithDnsNames("example.test");

    assertThat(verify(leaf, "mx1.example.test", "example.test")).isVerified().matchedName("example.test");
  }

  @Test
  void daneTa_noReferenceNames_fails() {
    assertThat(verify(leafWithDnsNames("mx1.example.test"))).isFailed().explanationContains("reference names []");
  }

  @Test
  void daneTa_caseAndTrailingDot_areIgnored() {
    TestCertificate leaf = leafWithDnsNames("MX1.Example.Test");

    assertThat(verify(leaf, "mx1.EXAMPLE.test.")).isVerified().matchedName("mx1.EXAMPLE.test.");
  }

  @Test
  void daneTa_wildcard_matchesOneLabel() {
    assertThat(verify(leafWithDnsNames("*.example.test"), "a.example.test")).isVerified();
  }

  @Test
  void daneTa_wildcard_doesNotMatchTwoLabels() {
    assertThat(verify(leafWithDnsNames("*.example.test"), "a.b.example.test")).isFailed();
  }

  @Test
  void daneTa_wildcard_doesNotMatchTheParentDomain() {
    assertThat(verify(leafWithDnsNames("*.example.test"), "example.test")).isFailed();
  }

  @Test
  void daneTa_partialWildcard_isRejected() {
    assertThat(verify(leafWithDnsNames("f*.example.test"), "foo.example.test"))
        .isFailed()
        .explanationContains("f*.example.test is not a usable wildcard");
  }

  @Test
  void daneTa_wildcardNotLeftmost_isRejected() {
    assertThat(verify(leafWithDnsNames("mx1.*.test"), "mx1.example.test")).isFailed();
  }

  @Test
  void daneTa_commonNameFallback_withoutDnsNames_verifies() {
    TestCertificate leaf = TestCertificate.builder().commonName("mx1.example.test").issuedBy(intermediate).build();

    assertThat(verify(leaf, "mx1.example.test")).isVerified().matchedName("mx1.example.test");
  }

  @Test
  void daneTa_commonNameIgnored_whenDnsNamesPresent() {
    TestCertificate leaf = TestCertificate.builder().commonName("mx1.example.test").dnsNames("other.example.test")
        .issuedBy(intermediate).build();

    assertThat(verify(leaf, "mx1.example.test")).isFailed().explanationContains("[other.example.test]");
  }

  @Test
  void daneTa_mostSpecificCommonName_isUsed() {
    TestCertificate leaf = TestCertificate.builder().subject("CN=mx1.example.test, O=Example, C=DE")
        .issuedBy(intermediate).build();

    assertThat(verify(leaf, "mx1.example.test")).isVerified();
  }

  @Test
  void daneTa_noNameAtAll_failsSayingSo() {
    TestCertificate leaf = TestCertificate.builder().subject("O=Example").issuedBy(intermediate).build();

    assertThat(verify(leaf, "mx1.example.test")).isFailed().explanationContains("has no DNS name");
  }

  @Test
  void daneTa_idnReferenceNameInUnicode_matchesALabelInCertificate() {
    TestCertificate leaf = leafWithDnsNames("xn--bcher-kva.example.test");

    assertThat(verify(leaf, "bücher.example.test")).isVerified().matchedName("bücher.example.test");
  }

  @Test
  void daneTa_idnALabels_differentName_fails() {
    TestCertificate leaf = leafWithDnsNames("xn--bcher-kva.example.test");

    assertThat(verify(leaf, "bucher.example.test")).isFailed();
  }

  @Test
  void daneTa_commonNameWithFullwidthFullStops_doesNotMatchItsMappedForm() {
    // U+FF0E FULLWIDTH FULL STOP: IDNA2003 mapping would turn it into '.' (RFC 6125 section 6.4).
    TestCertificate leaf = TestCertificate.builder().commonName("mx1\uFF0Eexample\uFF0Etest").issuedBy(intermediate)
        .build();

    assertThat(verify(leaf, "mx1.example.test")).isFailed()
        .explanationContains("mx1<U+FF0E>example<U+FF0E>test is not an ASCII host name in A-label form");
  }

  @Test
  void daneTa_commonNameWithIdeographicFullStop_doesNotMatch() {
    TestCertificate leaf = TestCertificate.builder().commonName("mx1\u3002example.test").issuedBy(intermediate)
        .build();

    assertThat(verify(leaf, "mx1.example.test")).isFailed();
  }

  @Test
  void daneTa_uLabelInCertificate_doesNotMatchItsALabel() {
    // Certificates carry A-labels (RFC 5280 section 7.2); a U-label is not converted.
    TestCertificate leaf = TestCertificate.builder().commonName("bücher.example.test").issuedBy(intermediate).build();

    assertThat(verify(leaf, "xn--bcher-kva.example.test", "bücher.example.test")).isFailed();
  }

  @Test
  void daneTa_referenceNameChangedByMapping_isNotUsable() {
    // "ß" maps to "ss" in IDNA2003 but is its own A-label in IDNA2008: no guessing.
    TestCertificate leaf = leafWithDnsNames("strasse.example.test");

    assertThat(verify(leaf, "straße.example.test")).isFailed();
  }
}
