package org.dane4j.core;

import static org.dane4j.testkit.DaneAssertions.assertThat;

import java.util.List;
import org.dane4j.core.DaneResult.Outcome;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Digest algorithm agility (RFC 7671 section 9). */
class DigestAgilityTest {
  private static final List<String> NAMES = List.of("mx1.example.test");
  private static final DaneVerifier VERIFIER = DaneVerifier.builder().build();

  private static TestCertificate leaf;
  private static TestCertificate intermediate;
  private static TestCertificate other;

  @BeforeAll
  static void pki() {
    leaf = TestCertificates.leaf("mx1.example.test");
    intermediate = leaf.issuer().orElseThrow();
    other = TestCertificates.attacker("mx1.example.test");
  }

  @Test
  void correctSha256BesideWrongSha512_fails() {
    List<TlsaRecord> records = List.of(leaf.tlsa("3 1 1"), other.tlsa("3 1 2"));

    assertThat(VERIFIER.verify(leaf.chain(), records, NAMES))
        .isFailed()
        .recordHasOutcome(leaf.tlsa("3 1 1"), Outcome.SUPERSEDED)
        .recordHasOutcome(other.tlsa("3 1 2"), Outcome.NO_MATCH)
        .explanationContains("RFC 7671 section 9");
  }

  @Test
  void correctSha512BesideWrongSha256_verifies() {
    List<TlsaRecord> records = List.of(other.tlsa("3 1 1"), leaf.tlsa("3 1 2"));

    assertThat(VERIFIER.verify(leaf.chain(), records, NAMES)).isVerified().matchedRecord(leaf.tlsa("3 1 2"));
  }

  @Test
  void preferenceSha256First_correctSha256BesideWrongSha512_verifies() {
    DaneVerifier sha256First = DaneVerifier.builder()
        .digestPreference(MatchingType.SHA2_256, MatchingType.SHA2_512).build();
    List<TlsaRecord> records = List.of(leaf.tlsa("3 1 1"), other.tlsa("3 1 2"));

    assertThat(sha256First.verify(leaf.chain(), records, NAMES))
        .isVerified()
        .recordHasOutcome(other.tlsa("3 1 2"), Outcome.SUPERSEDED);
  }

  @Test
  void preferenceWithoutSha256_sha256RecordsAreUnusable() {
    DaneVerifier sha512Only = DaneVerifier.builder().digestPreference(MatchingType.SHA2_512).build();

    assertThat(sha512Only.verify(leaf.chain(), List.of(leaf.tlsa("3 1 1")), NAMES))
        .hasNoUsableRecords()
        .explanationContains("SHA2-256(1) is not enabled");
  }

  @Test
  void fullBesideStrongestDigest_isStillUsed() {
    List<TlsaRecord> records = List.of(leaf.tlsa("3 1 0"), other.tlsa("3 1 2"), other.tlsa("3 1 1"));

    assertThat(VERIFIER.verify(leaf.chain(), records, NAMES)).isVerified().matchedRecord(leaf.tlsa("3 1 0"));
  }

  @Test
  void agilityIsPerSelector() {
    List<TlsaRecord> records = List.of(leaf.tlsa("3 0 1"), other.tlsa("3 1 2"));

    assertThat(VERIFIER.verify(leaf.chain(), records, NAMES)).isVerified().matchedRecord(leaf.tlsa("3 0 1"));
  }

  @Test
  void agilityIsPerUsage() {
    List<TlsaRecord> records = List.of(intermediate.tlsa("2 1 1"), other.tlsa("3 1 2"));

    assertThat(VERIFIER.verify(leaf.chain(), records, NAMES)).isVerified().matchedRecord(intermediate.tlsa("2 1 1"));
  }

  @Test
  void daneTa_correctSha256BesideWrongSha512_fails() {
    List<TlsaRecord> records = List.of(intermediate.tlsa("2 1 1"), other.tlsa("2 1 2"));

    assertThat(VERIFIER.verify(leaf.chain(), records, NAMES))
        .isFailed()
        .recordHasOutcome(intermediate.tlsa("2 1 1"), Outcome.SUPERSEDED);
  }

  @Test
  void unusableStrongerRecord_doesNotSupersede() {
    // A SHA2-512 record with 32 bytes of data is unusable; it must not knock out the good SHA2-256 record.
    TlsaRecord broken = TlsaRecord.of(3, 1, 2, other.tlsa("3 1 1").data());
    List<TlsaRecord> records = List.of(leaf.tlsa("3 1 1"), broken);

    assertThat(VERIFIER.verify(leaf.chain(), records, NAMES))
        .isVerified()
        .recordHasOutcome(broken, Outcome.UNUSABLE);
  }
}
