package org.dane4j.core.dns.internal;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Settings for engine tests: the builder's defaults with a given clock and short timeouts. */
final class TestSettings {
  private TestSettings() {
  }

  static Settings with(Clock clock) {
    return with(clock, 10_000, Duration.ofSeconds(5));
  }

  static Settings with(Clock clock, int cacheMaxEntries, Duration failureCacheTtl) {
    return new Settings(List.of(new InetSocketAddress("127.0.0.1", 53)), false, TrustAnchors.IANA_ROOT,
        Duration.ofMillis(500), 2, Duration.ofSeconds(5), 64, 2, cacheMaxEntries, Duration.ofHours(1),
        failureCacheTtl, clock, 100, 8, 1024, true);
  }
}
