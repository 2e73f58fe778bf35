package org.dane4j.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dane4j.testkit.DaneAssertions.assertThat;

import java.util.List;
import org.dane4j.core.DaneResult;
import org.dane4j.core.DaneResult.Outcome;
import org.dane4j.core.DaneVerifier;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DaneAssertionsTest {
  private static final DaneVerifier VERIFIER = DaneVerifier.builder().build();
  private static final List<String> NAMES = List.of("mx1.example.test");

  private static TestCertificate leaf;
  private static TestCertificate intermediate;
  private static DaneResult verified;
  private static DaneResult failed;

  @BeforeAll
  static void results() {
    leaf = TestCertificates.leaf("mx1.example.test");
    intermediate = leaf.issuer().orElseThrow();
    verified = VERIFIER.verify(leaf.chain(), List.of(intermediate.tlsa("2 1 1")), NAMES);
    failed = VERIFIER.verify(leaf.chain(), List.of(TestCertificates.attacker("x.test").tlsa("3 1 1")), NAMES);
  }

  @Test
  void verifiedResult_passesTheVerifiedChain() {
    assertThat(verified)
        .isVerified()
        .matchedAtDepth(1)
        .matchedRecord(intermediate.tlsa("2 1 1").toString())
        .matchedName("mx1.example.test")
        .hasValidatedPath(leaf.certificate(), intermediate.certificate())
        .recordHasOutcome(intermediate.tlsa("2 1 1"), Outcome.MATCHED);
  }

  @Test
  void isVerified_onFailedResult_failsQuotingTheExplanation() {
    assertThatThrownBy(() -> assertThat(failed).isVerified())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected DANE status VERIFIED but was FAILED")
        .hasMessageContaining(failed.explanation());
  }

  @Test
  void matchedAtDepth_wrongDepth_fails() {
    assertThatThrownBy(() -> assertThat(verified).matchedAtDepth(0))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected a match at depth 0 but it was at depth 1");
  }

  @Test
  void matchedName_wrongName_fails() {
    assertThatThrownBy(() -> assertThat(verified).matchedName("example.test"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected matched name example.test but was mx1.example.test");
  }

  @Test
  void hasNoUsableRecords_onVerifiedResult_fails() {
    assertThatThrownBy(() -> assertThat(verified).hasNoUsableRecords()).isInstanceOf(AssertionError.class);
  }

  @Test
  void explanationContains_missingText_failsQuotingTheExplanation() {
    assertThatThrownBy(() -> assertThat(failed).isFailed().explanationContains("no such text"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no such text")
        .hasMessageContaining(failed.explanation());
  }

  @Test
  void recordHasOutcome_unknownRecord_fails() {
    assertThatThrownBy(() -> assertThat(failed).recordHasOutcome(leaf.tlsa("3 1 1"), Outcome.NO_MATCH))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("it is not there");
  }
}
