package org.dane4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TestClockTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void newClock_standsStillAtItsStart() {
    TestClock clock = TestClock.at(START);

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void advance_movesForwardAndBack() {
    TestClock clock = TestClock.at(START);

    clock.advance(Duration.ofSeconds(301));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(301));

    clock.advance(Duration.ofSeconds(-1));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(300));
  }

  @Test
  void set_jumpsToTheInstant() {
    TestClock clock = TestClock.at(START);

    clock.set(START.plus(Duration.ofDays(365)));

    assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofDays(365)));
    assertThat(clock).hasToString("TestClock[2027-01-01T00:00:00Z]");
  }

  @Test
  void withZone_isTheSameClockSoThatItMovesToo() {
    TestClock clock = TestClock.at(START);

    Clock view = clock.withZone(ZoneId.of("Europe/Berlin"));
    clock.advance(Duration.ofMinutes(5));

    assertThat(view.instant()).isEqualTo(START.plusSeconds(300));
  }
}
