package org.dane4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DaneVerifierBuilderTest {
  private static final String SHA256_HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final String SHA512_HEX = SHA256_HEX + SHA256_HEX;

  @Test
  void defaults_smtpProfileSha512OverSha256SystemClock() {
    DaneVerifier verifier = DaneVerifier.builder().build();

    assertThat(verifier.profile()).isEqualTo(DaneProfile.SMTP);
    assertThat(verifier.digestPreference()).containsExactly(MatchingType.SHA2_512, MatchingType.SHA2_256);
    assertThat(verifier.clock().getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void clock_isKept() {
    Clock fixed = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    assertThat(DaneVerifier.builder().clock(fixed).build().clock()).isSameAs(fixed);
  }

  @Test
  void digestPreference_full_rejected() {
    assertThatThrownBy(() -> DaneVerifier.builder().digestPreference(MatchingType.FULL))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digest matching types only");
  }

  @Test
  void digestPreference_empty_rejected() {
    assertThatThrownBy(() -> DaneVerifier.builder().digestPreference())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
  }

  @Test
  void digestPreference_duplicates_rejected() {
    assertThatThrownBy(() -> DaneVerifier.builder().digestPreference(MatchingType.SHA2_256, MatchingType.SHA2_256))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicates");
  }

  @Test
  void unusableReason_digestLeftOutOfPreference_unusable() {
    DaneVerifier verifier = DaneVerifier.builder().digestPreference(MatchingType.SHA2_512).build();

    assertThat(verifier.isUsable(TlsaRecord.parse("3 1 2 " + SHA512_HEX))).isTrue();
    assertThat(verifier.unusableReason(TlsaRecord.parse("3 1 1 " + SHA256_HEX)))
        .contains("SHA2-256(1) is not enabled");
  }

  @Test
  void unusableReason_pkixUsage_fromTheRecord() {
    assertThat(DaneVerifier.builder().build().unusableReason(TlsaRecord.parse("1 1 1 " + SHA256_HEX)))
        .contains("PKIX-EE(1)");
  }

  @Test
  void verify_nullArguments_throwNullPointerException() {
    DaneVerifier verifier = DaneVerifier.builder().build();
    List<TlsaRecord> records = List.of(TlsaRecord.parse("3 1 1 " + SHA256_HEX));

    assertThatThrownBy(() -> verifier.verify(null, records, List.of("mx.example.test")))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("chain");
    assertThatThrownBy(() -> verifier.verify(List.of(), null, List.of("mx.example.test")))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("tlsa");
    assertThatThrownBy(() -> verifier.verify(List.of(), records, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("referenceNames");
  }

  @Test
  void verify_emptyChain_throwsIllegalArgumentException() {
    DaneVerifier verifier = DaneVerifier.builder().build();
    List<X509Certificate> empty = List.of();

    assertThatThrownBy(() -> verifier.verify(empty, List.of(TlsaRecord.parse("3 1 1 " + SHA256_HEX)), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chain is empty");
  }
}
