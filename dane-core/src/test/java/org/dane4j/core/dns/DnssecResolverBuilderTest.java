package org.dane4j.core.dns;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder rejects bad settings at once, saying what was wrong. */
class DnssecResolverBuilderTest {
  private static final InetSocketAddress UNUSED = new InetSocketAddress("127.0.0.1", 9);

  @Test
  void trustAnchors_thatDoNotParse_areRejected() {
    assertThatThrownBy(() -> DnssecResolver.builder().trustAnchors(". IN DS not-a-number 8 2 00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("do not parse");
  }

  @Test
  void trustAnchors_withoutDsOrDnskey_areRejected() {
    assertThatThrownBy(() -> DnssecResolver.builder().trustAnchors("example. 300 IN A 192.0.2.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no DS or DNSKEY")
        .hasMessageContaining("192.0.2.1");
  }

  @Test
  void failureCacheTtl_aboveFiveMinutes_isRejected() {
    assertThatThrownBy(() -> DnssecResolver.builder().failureCacheTtl(Duration.ofMinutes(6)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT6M");
  }

  @Test
  void queryTimeout_zero_isRejected() {
    assertThatThrownBy(() -> DnssecResolver.builder().queryTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queryTimeout");
  }

  @Test
  void minRsaKeyBits_below1024_isRejected() {
    assertThatThrownBy(() -> DnssecResolver.builder().minRsaKeyBits(512))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("512");
  }

  @Test
  void unresolvedUpstream_isRejected() {
    assertThatThrownBy(() -> DnssecResolver.builder().upstream(InetSocketAddress.createUnresolved("dns.example", 53)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dns.example");
  }

  @Test
  void malformedName_isRejectedBeforeAnyQuery() {
    try (DnssecResolver resolver = DnssecResolver.builder().upstream(UNUSED).build()) {
      assertThatThrownBy(() -> resolver.lookupA("a..example"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a..example");
    }
  }

  @Test
  void portOutOfRange_isRejected() {
    try (DnssecResolver resolver = DnssecResolver.builder().upstream(UNUSED).build()) {
      assertThatThrownBy(() -> resolver.lookupTlsa("mx.example", 70000))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("70000");
    }
  }
}
