package org.dane4j.core;

import static org.dane4j.testkit.DaneAssertions.assertThat;

import java.util.List;
import org.dane4j.core.DaneResult.Outcome;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Unusable records are skipped, never an error (RFC 7672 section 3.1.3; RFC 7671 section 4). */
class UnusableRecordsTest {
  private static final List<String> NAMES = List.of("mx1.example.test");
  private static final DaneVerifier VERIFIER = DaneVerifier.builder().build();

  private static TestCertificate leaf;

  @BeforeAll
  static void pki() {
    leaf = TestCertificates.leaf("mx1.example.test");
  }

  @Test
  void onlyPkixRecords_matchingTheChain_noUsableRecords() {
    List<TlsaRecord> records = List.of(leaf.tlsa("1 1 1"), leaf.issuer().orElseThrow().tlsa("0 1 1"));

    assertThat(VERIFIER.verify(leaf.chain(), records, NAMES))
        .hasNoUsableRecords()
        .recordHasOutcome(leaf.tlsa("1 1 1"), Outcome.UNUSABLE)
        .explanationContains("PKIX-EE(1) is unusable for SMTP", "PKIX-TA(0) is unusable for SMTP");
  }

  @Test
  void unknownValuesAndWrongLengths_noUsableRecords() {
    byte[] sha256 = leaf.tlsa("3 1 1").data();
    List<TlsaRecord> records = List.of(TlsaRecord.of(4, 1, 1, sha256), TlsaRecord.of(3, 2, 1, sha256),
        TlsaRecord.of(3, 1, 3, sha256), TlsaRecord.of(3, 1, 2, sha256), TlsaRecord.of(255, 1, 1, sha256));

    assertThat(VERIFIER.verify(leaf.chain(), records, NAMES))
        .hasNoUsableRecords()
        .explanationContains("usage 4 is not supported", "selector 2 is not supported",
            "matching type 3 is not supported", "must be 64 bytes, found 32");
  }

  @Test
  void noRecords_noUsableRecords() {
    assertThat(VERIFIER.verify(leaf.chain(), List.of(), NAMES)).hasNoUsableRecords().explanationContains("no records");
  }

  @Test
  void unusableBesideMatchingUsable_verifies() {
    List<TlsaRecord> records = List.of(leaf.tlsa("1 1 1"), leaf.tlsa("3 1 1"));

    assertThat(VERIFIER.verify(leaf.chain(), records, NAMES))
        .isVerified()
        .recordHasOutcome(leaf.tlsa("1 1 1"), Outcome.UNUSABLE);
  }

  @Test
  void unusableBesideNonMatchingUsable_failsRatherThanNoUsableRecords() {
    List<TlsaRecord> records = List.of(leaf.tlsa("1 1 1"), TestCertificates.attacker("x.test").tlsa("3 1 1"));

    assertThat(VERIFIER.verify(leaf.chain(), records, NAMES))
        .isFailed()
        .explanationContains("TLSA records (unusable, skipped): 1 1 1");
  }
}
