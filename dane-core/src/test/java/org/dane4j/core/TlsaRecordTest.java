package org.dane4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TlsaRecordTest {
  private static final String SHA256_HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @Test
  void parse_presentationFormat_readsAllFields() {
    TlsaRecord record = TlsaRecord.parse("3 1 1 " + SHA256_HEX);

    assertThat(record.usage()).isEqualTo(Usage.DANE_EE);
    assertThat(record.selector()).isEqualTo(Selector.SPKI);
    assertThat(record.matchingType()).isEqualTo(MatchingType.SHA2_256);
    assertThat(record.data()).isEqualTo(HexFormat.of().parseHex(SHA256_HEX));
  }

  @Test
  void parse_hexWithWhitespaceAndUpperCase_printsCanonically() {
    String spaced = SHA256_HEX.toUpperCase().substring(0, 20) + " \t " + SHA256_HEX.toUpperCase().substring(20);

    assertThat(TlsaRecord.parse("  2 0 1 " + spaced + "\n").toString()).isEqualTo("2 0 1 " + SHA256_HEX);
  }

  @Test
  void toString_thenParse_givesAnEqualRecord() {
    TlsaRecord record = TlsaRecord.parse("2 1 1 " + SHA256_HEX);

    assertThat(TlsaRecord.parse(record.toString())).isEqualTo(record).hasSameHashCodeAs(record);
  }

  @Test
  void equals_differentMatchingType_notEqual() {
    assertThat(TlsaRecord.parse("3 1 1 " + SHA256_HEX)).isNotEqualTo(TlsaRecord.parse("3 1 2 " + SHA256_HEX));
  }

  @Test
  void data_isACopy() {
    TlsaRecord record = TlsaRecord.parse("3 1 1 " + SHA256_HEX);
    byte[] data = record.data();
    data[0] = 42;

    assertThat(record.dataHex()).isEqualTo(SHA256_HEX);
  }

  @Test
  void isUsable_daneEeSpkiSha256_isUsable() {
    assertThat(TlsaRecord.parse("3 1 1 " + SHA256_HEX).isUsable()).isTrue();
  }

  @Test
  void isUsable_pkixUsages_unusableForSmtp() {
    assertThat(TlsaRecord.parse("0 0 1 " + SHA256_HEX).unusableReason()).contains("PKIX-TA(0)", "RFC 7672");
    assertThat(TlsaRecord.parse("1 1 1 " + SHA256_HEX).unusableReason()).contains("PKIX-EE(1)", "RFC 7672");
  }

  @Test
  void isUsable_unassignedValues_parseButAreUnusable() {
    TlsaRecord unknownUsage = TlsaRecord.parse("4 1 1 " + SHA256_HEX);
    TlsaRecord unknownSelector = TlsaRecord.parse("3 2 1 " + SHA256_HEX);
    TlsaRecord unknownMatching = TlsaRecord.parse("3 1 3 " + SHA256_HEX);

    assertThat(unknownUsage.usage()).isEqualTo(Usage.UNASSIGNED);
    assertThat(unknownUsage.toString()).startsWith("4 1 1 ");
    assertThat(unknownUsage.unusableReason()).contains("usage 4");
    assertThat(unknownSelector.unusableReason()).contains("selector 2");
    assertThat(unknownMatching.unusableReason()).contains("matching type 3");
  }

  @Test
  void isUsable_digestOfWrongLength_unusable() {
    TlsaRecord record = TlsaRecord.parse("3 1 2 " + SHA256_HEX);

    assertThat(record.isUsable()).isFalse();
    assertThat(record.unusableReason()).contains("64 bytes", "found 32");
  }

  @Test
  void parse_missingData_namesTheRecord() {
    assertThatThrownBy(() -> TlsaRecord.parse("3 1 1"))
        .isInstanceOf(TlsaFormatException.class)
        .hasMessageContaining("four fields")
        .extracting(e -> ((TlsaFormatException) e).field()).isEqualTo("record");
  }

  @Test
  void parse_nonNumericUsage_namesTheUsageField() {
    assertThatThrownBy(() -> TlsaRecord.parse("DANE-EE 1 1 " + SHA256_HEX))
        .isInstanceOf(TlsaFormatException.class)
        .hasMessageContaining("usage \"DANE-EE\"")
        .extracting(e -> ((TlsaFormatException) e).field()).isEqualTo("usage");
  }

  @Test
  void parse_selectorOutOfRange_namesTheSelectorField() {
    assertThatThrownBy(() -> TlsaRecord.parse("3 256 1 " + SHA256_HEX))
        .isInstanceOf(TlsaFormatException.class)
        .hasMessageContaining("selector 256 is out of range")
        .extracting(e -> ((TlsaFormatException) e).field()).isEqualTo("selector");
  }

  @Test
  void parse_negativeMatchingType_namesTheMatchingTypeField() {
    assertThatThrownBy(() -> TlsaRecord.parse("3 1 -1 " + SHA256_HEX))
        .isInstanceOf(TlsaFormatException.class)
        .extracting(e -> ((TlsaFormatException) e).field()).isEqualTo("matching type");
  }

  @Test
  void parse_nonHexData_namesTheDataFieldAndPosition() {
    assertThatThrownBy(() -> TlsaRecord.parse("3 1 1 0123zz"))
        .isInstanceOf(TlsaFormatException.class)
        .hasMessageContaining("non-hex character 'z' at position 4")
        .extracting(e -> ((TlsaFormatException) e).field()).isEqualTo("association data");
  }

  @Test
  void parse_arabicIndicDigitInData_namesTheCodePoint() {
    assertThatThrownBy(() -> TlsaRecord.parse("3 1 1 01\u0661a"))
        .isInstanceOf(TlsaFormatException.class)
        .hasMessageContaining("non-hex character '\u0661' (U+0661) at position 2")
        .extracting(e -> ((TlsaFormatException) e).field()).isEqualTo("association data");
  }

  @Test
  void parse_fullwidthLetterInData_namesTheCodePoint() {
    assertThatThrownBy(() -> TlsaRecord.parse("3 1 1 \uFF21b"))
        .isInstanceOf(TlsaFormatException.class)
        .hasMessageContaining("non-hex character '\uFF21' (U+FF21) at position 0")
        .extracting(e -> ((TlsaFormatException) e).field()).isEqualTo("association data");
  }

  @Test
  void parse_nonAsciiDigitInUsage_namesTheUsageField() {
    assertThatThrownBy(() -> TlsaRecord.parse("\u0663 1 1 " + SHA256_HEX))
        .isInstanceOf(TlsaFormatException.class)
        .extracting(e -> ((TlsaFormatException) e).field()).isEqualTo("usage");
  }

  @Test
  void parse_characterOutsideTheBmpInData_namesTheCodePoint() {
    assertThatThrownBy(() -> TlsaRecord.parse("3 1 1 ab\uD835\uDFD9"))
        .isInstanceOf(TlsaFormatException.class)
        .hasMessageContaining("(U+1D7D9) at position 2");
  }

  @Test
  void parse_oddHexLength_namesTheDataField() {
    assertThatThrownBy(() -> TlsaRecord.parse("3 1 1 abc"))
        .isInstanceOf(TlsaFormatException.class)
        .hasMessageContaining("odd number of hex digits")
        .extracting(e -> ((TlsaFormatException) e).field()).isEqualTo("association data");
  }

  @Test
  void describe_usesRfc7218Names() {
    assertThat(TlsaRecord.parse("3 1 1 " + SHA256_HEX).describe()).isEqualTo("DANE-EE(3) SPKI(1) SHA2-256(1) 0123...cdef");
  }

  @Test
  void associationData_sha256_isTheFips180Digest() {
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    assertThat(HexFormat.of().formatHex(TlsaRecord.associationData(abc, MatchingType.SHA2_256)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void associationData_sha512_isTheFips180Digest() {
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    assertThat(HexFormat.of().formatHex(TlsaRecord.associationData(abc, MatchingType.SHA2_512)))
        .isEqualTo("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  }

  @Test
  void associationData_full_isACopyOfTheContent() {
    byte[] content = {1, 2, 3};
    byte[] data = TlsaRecord.associationData(content, MatchingType.FULL);
    content[0] = 9;
    assertThat(data).containsExactly(1, 2, 3);
  }
}
