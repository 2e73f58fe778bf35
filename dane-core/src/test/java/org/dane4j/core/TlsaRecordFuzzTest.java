package org.dane4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzing of {@link TlsaRecord#parse}: whatever the text, it is a record or a
 * {@link TlsaFormatException}, and a record prints as text that parses back to itself.
 * Seeds in {@code TlsaRecordFuzzTestInputs/parse/}; docs/FUZZING.md says how to fuzz.
 */
class TlsaRecordFuzzTest {

  @FuzzTest
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    TlsaRecord record;
    try {
      record = TlsaRecord.parse(text);
    } catch (TlsaFormatException e) {
      assertThat(e.getMessage()).startsWith("Not a TLSA record: " + e.field());
      return;
    }
    assertThat(TlsaRecord.parse(record.toString())).isEqualTo(record);
    assertThat(record.describe()).isNotEmpty();
    assertThat(record.isUsable()).isEqualTo(record.unusableReason() == null);
  }
}
