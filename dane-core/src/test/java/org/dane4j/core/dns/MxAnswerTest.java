package org.dane4j.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an MX answer means for delivery (RFC 5321 section 5.1, RFC 7505). */
class MxAnswerTest {
  private static MxAnswer of(MxHost... hosts) {
    return MxAnswer.of(DnsAnswer.data("example.org", "MX", SecurityStatus.SECURE, List.of(hosts),
        Duration.ofSeconds(60), List.of()));
  }

  @Test
  void equalPreferences_keepTheirOrder() {
    MxAnswer mx = of(new MxHost(20, "c"), new MxHost(10, "a"), new MxHost(20, "b"));

    assertThat(mx.hosts()).containsExactly(new MxHost(10, "a"), new MxHost(20, "c"), new MxHost(20, "b"));
  }

  @Test
  void nullMxBesideOtherRecords_isIgnoredAsAHost() {
    MxAnswer mx = of(new MxHost(0, ""), new MxHost(10, "mx.example.org"));

    assertThat(mx.isNullMx()).isFalse();
    assertThat(mx.hosts()).containsExactly(new MxHost(10, "mx.example.org"));
  }

  @Test
  void nxdomain_hasNoHostsAndIsNotImplicit() {
    MxAnswer mx = MxAnswer.of(DnsAnswer.negative("gone.example.org", "MX", DnsOutcome.NXDOMAIN,
        SecurityStatus.SECURE, Duration.ofSeconds(60), List.of()));

    assertThat(mx.hosts()).isEmpty();
    assertThat(mx.isImplicit()).isFalse();
    assertThat(mx.isFailure()).isFalse();
  }

  @Test
  void implicitMx_followsTheCanonicalName() {
    MxAnswer mx = MxAnswer.of(DnsAnswer.negative("alias.example.org", "MX", DnsOutcome.NODATA,
        SecurityStatus.SECURE, Duration.ofSeconds(60),
        List.of(new CnameHop("alias.example.org", "host.example.org", SecurityStatus.SECURE))));

    assertThat(mx.hosts()).containsExactly(new MxHost(0, "host.example.org"));
  }
}
