package org.dane4j.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The answer value types keep failures, denials and data apart. */
class DnsAnswerTest {
  private static final CnameHop HOP = new CnameHop("a.example", "b.example", SecurityStatus.SECURE);

  @Test
  void failedAnswer_takesTheFailureStatusAndHasNoTtl() {
    DnsAnswer<String> answer = DnsAnswer.failed("a.example", "A",
        DnsFailure.of(FailureKind.BOGUS, 7, "signature expired"), List.of());

    assertThat(answer.status()).isEqualTo(SecurityStatus.BOGUS);
    assertThat(answer.outcome()).isEqualTo(DnsOutcome.FAILED);
    assertThat(answer.ttl()).isZero();
    assertThat(answer.isSecure()).isFalse();
  }

  @Test
  void dataAnswer_withFailureStatus_isRejected() {
    assertThatThrownBy(() -> DnsAnswer.data("a.example", "A", SecurityStatus.INDETERMINATE, List.of("x"),
        Duration.ZERO, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("INDETERMINATE");
  }

  @Test
  void dataAnswer_withoutRecords_isRejected() {
    assertThatThrownBy(() -> DnsAnswer.data("a.example", "A", SecurityStatus.SECURE, List.of(),
        Duration.ZERO, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NODATA");
  }

  @Test
  void negativeAnswer_withDataOutcome_isRejected() {
    assertThatThrownBy(() -> DnsAnswer.negative("a.example", "A", DnsOutcome.DATA, SecurityStatus.SECURE,
        Duration.ZERO, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void records_areCopiedAndUnmodifiable() {
    List<String> records = new ArrayList<>(List.of("x"));
    DnsAnswer<String> answer = DnsAnswer.data("a.example", "A", SecurityStatus.SECURE, records,
        Duration.ofSeconds(5), List.of());
    records.add("y");

    assertThat(answer.records()).containsExactly("x");
    assertThatThrownBy(() -> answer.records().add("z")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void canonicalName_isTheLastCnameTarget() {
    DnsAnswer<String> answer = DnsAnswer.data("a.example", "A", SecurityStatus.SECURE, List.of("x"),
        Duration.ofSeconds(5), List.of(HOP));

    assertThat(answer.canonicalName()).isEqualTo("b.example");
  }

  @Test
  void map_keepsEverythingButTheRecords() {
    DnsAnswer<String> answer = DnsAnswer.data("a.example", "A", SecurityStatus.INSECURE, List.of("x"),
        Duration.ofSeconds(5), List.of(HOP));

    DnsAnswer<Integer> mapped = answer.map(String::length);

    assertThat(mapped.records()).containsExactly(1);
    assertThat(mapped.status()).isEqualTo(SecurityStatus.INSECURE);
    assertThat(mapped.cnameChain()).containsExactly(HOP);
    assertThat(mapped.ttl()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void toString_ofAFailure_explainsIt() {
    DnsAnswer<String> answer = DnsAnswer.failed("a.example", "TLSA",
        DnsFailure.of(FailureKind.TIMEOUT, "no reply from [127.0.0.1:53]"), List.of());

    assertThat(answer).hasToString("a.example/TLSA INDETERMINATE FAILED: TIMEOUT: no reply from [127.0.0.1:53]");
  }

  @Test
  void failure_withExtendedError_showsTheCode() {
    assertThat(DnsFailure.of(FailureKind.BOGUS, 9, "DNSKEY missing")).hasToString("BOGUS (EDE 9): DNSKEY missing");
  }
}
