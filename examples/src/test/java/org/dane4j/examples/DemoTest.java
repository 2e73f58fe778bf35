package org.dane4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo behaves as the README promises; CI also runs it through Maven. */
class DemoTest {

  @Test
  void demo_everyStepBehavesAsExpected_andPrintsTheEvidence() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    List<String> failures = Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String output = bytes.toString(StandardCharsets.UTF_8);
    assertThat(failures).as(output).isEmpty();
    assertThat(output)
        .contains("delivered to   mx1.example.test[127.0.0.2]:")
        .contains("verified by DANE-EE(3) SPKI(1) SHA2-256(1)")
        .contains("delivered to   mx2.example.test[127.0.0.3]:")
        .containsPattern("verified by DANE-TA\\(2\\) SPKI\\(1\\) SHA2-256\\(1\\) \\S+ at depth 1, name mx2.example.test")
        .contains("refused by     mx1.example.test[127.0.0.2]:")
        .contains("DANE_MISMATCH", "3 1 1 would be ", "STARTTLS_NOT_OFFERED", "DEFERRED")
        .endsWith("All steps behaved as RFC 7672 requires." + System.lineSeparator())
        .doesNotContain("UNEXPECTED", "Exception", "\tat ");
  }
}
