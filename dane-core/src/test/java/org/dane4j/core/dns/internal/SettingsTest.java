package org.dane4j.core.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The hardening defaults reach the validator as per-instance properties. */
class SettingsTest {
  private final Properties properties = TestSettings.with(Clock.systemUTC()).validatorProperties();

  @Test
  void nsec3IterationLimit_appliesToEveryKeySize() {
    assertThat(properties).containsEntry("dnsjava.dnssec.nsec3.iterations.1024", "100")
        .containsEntry("dnsjava.dnssec.nsec3.iterations.2048", "100")
        .containsEntry("dnsjava.dnssec.nsec3.iterations.4096", "100");
  }

  @Test
  void keyTrapLimit_isSet() {
    assertThat(properties).containsEntry("dnsjava.dnssec.max_validate_rrsigs", "8");
  }

  @Test
  void shortRsaKeys_areRefused() {
    assertThat(properties).containsEntry("dnsjava.dnssec.algorithm_rsa_min_key_size", "1024");
  }

  @Test
  void downgradeProtection_isOn() {
    assertThat(properties).containsEntry("dnsjava.dnssec.harden_algo_downgrade", "true");
  }

  @Test
  void ianaRootAnchors_areBothRootKsks() {
    assertThat(TrustAnchors.IANA_ROOT)
        .contains(". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D")
        .contains(". IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16");
    TrustAnchors.check(TrustAnchors.IANA_ROOT);
  }
}
