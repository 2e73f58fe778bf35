package org.dane4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.IDN;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ReferenceNamesTest {
  @Test
  void matches_sameName_matches() {
    assertThat(ReferenceNames.matches("mx1.example.test", "mx1.example.test")).isTrue();
  }

  @Test
  void matches_differentCase_matches() {
    assertThat(ReferenceNames.matches("MX1.Example.TEST", "mx1.example.test")).isTrue();
  }

  @Test
  void matches_trailingDot_ignored() {
    assertThat(ReferenceNames.matches("mx1.example.test", "mx1.example.test.")).isTrue();
    assertThat(ReferenceNames.matches("mx1.example.test.", "mx1.example.test")).isTrue();
  }

  @Test
  void matches_differentName_noMatch() {
    assertThat(ReferenceNames.matches("mx2.example.test", "mx1.example.test")).isFalse();
  }

  @Test
  void wildcard_matchesOneLabel() {
    assertThat(ReferenceNames.matches("*.example.test", "a.example.test")).isTrue();
  }

  @Test
  void wildcard_doesNotMatchTwoLabels() {
    assertThat(ReferenceNames.matches("*.example.test", "a.b.example.test")).isFalse();
  }

  @Test
  void wildcard_doesNotMatchTheParent() {
    assertThat(ReferenceNames.matches("*.example.test", "example.test")).isFalse();
  }

  @Test
  void wildcard_partialLabel_neverMatches() {
    assertThat(ReferenceNames.matches("f*.example.test", "foo.example.test")).isFalse();
    assertThat(ReferenceNames.matches("*oo.example.test", "foo.example.test")).isFalse();
  }

  @Test
  void wildcard_notLeftmost_neverMatches() {
    assertThat(ReferenceNames.matches("mx.*.test", "mx.example.test")).isFalse();
  }

  @Test
  void wildcard_directlyUnderTopLevelDomain_neverMatches() {
    assertThat(ReferenceNames.matches("*.test", "example.test")).isFalse();
  }

  @Test
  void referenceName_withWildcard_isNotAHostName() {
    assertThat(ReferenceNames.matches("*.example.test", "*.example.test")).isFalse();
  }

  @Test
  void idn_uLabelReferenceMatchesALabelInCertificate() {
    assertThat(ReferenceNames.matches("xn--bcher-kva.example.test", "bücher.example.test")).isTrue();
  }

  @Test
  void idn_uLabelInCertificate_neverMatches() {
    assertThat(ReferenceNames.matches("BÜCHER.example.test", "xn--bcher-kva.example.test")).isFalse();
    assertThat(ReferenceNames.matches("bücher.example.test", "bücher.example.test")).isFalse();
  }

  @Test
  void presentedName_withFullwidthFullStop_neverMatches() {
    assertThat(ReferenceNames.matches("mx\uFF0Eexample\uFF0Etest", "mx.example.test")).isFalse();
    assertThat(ReferenceNames.matches("*\uFF0Eexample.test", "mx.example.test")).isFalse();
  }

  @Test
  void presentedName_outsideLettersDigitsAndHyphens_neverMatches() {
    assertThat(ReferenceNames.matches("mx_1.example.test", "mx_1.example.test")).isFalse();
    assertThat(ReferenceNames.matches(" mx.example.test", "mx.example.test")).isFalse();
    assertThat(ReferenceNames.matches("mx.example.test\u0000", "mx.example.test")).isFalse();
  }

  @Test
  void referenceName_changedByIdnaMapping_isNotAHostName() {
    assertThat(ReferenceNames.normalizeReference("mx\uFF0Eexample.test")).isNull();
    assertThat(ReferenceNames.normalizeReference("straße.example.test")).isNull();
    assertThat(ReferenceNames.normalizeReference("Bücher.example.test")).isEqualTo("xn--bcher-kva.example.test");
  }

  @Test
  void idn_wildcardOverALabel_matches() {
    assertThat(ReferenceNames.matches("*.example.test", "xn--bcher-kva.example.test")).isTrue();
  }

  @Test
  void emptyOrMalformedNames_neverMatch() {
    assertThat(ReferenceNames.matches("", "")).isFalse();
    assertThat(ReferenceNames.matches(".", ".")).isFalse();
    assertThat(ReferenceNames.matches("a..example.test", "a..example.test")).isFalse();
  }

  @Test
  void asciiName_labelOf63Characters_matches() {
    String name = "a".repeat(63) + ".example.test";

    assertThat(ReferenceNames.matches(name, name.toUpperCase(Locale.ROOT))).isTrue();
  }

  @Test
  void asciiName_labelOver63Characters_isNotAHostName() {
    String name = "a".repeat(64) + ".example.test";

    assertThat(ReferenceNames.normalizeReference(name)).isNull();
    assertThat(ReferenceNames.matches(name, name)).isFalse();
  }

  @Test
  void asciiName_sameAsIdnConversion() {
    String[] names = {"MX1.Example.Test", "mx-1.example.test", "_25._tcp.mx.test", "xn--bcher-kva.test"};
    for (String name : names) {
      assertThat(ReferenceNames.normalizeReference(name))
          .isEqualTo(IDN.toASCII(name).toLowerCase(Locale.ROOT));
    }
  }
}
