package org.dane4j.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until the test moves it, so that DNS cache expiry, TTLs and
 * certificate or signature validity can be tested without sleeping. Pass it wherever dane4j
 * takes a clock: {@code DnssecResolver.builder().clock(...)},
 * {@code DaneVerifier.builder().clock(...)}, {@code DnsTree.builder().clock(...)}.
 *
 * <pre>{@code
 * TestClock clock = TestClock.at(Instant.parse("2026-01-01T00:00:00Z"));
 * DnssecResolver resolver = DnssecResolver.builder()
 *     .upstream(dns.address()).trustAnchors(dns.trustAnchor()).clock(clock).build();
 * resolver.lookupTlsa("mx1.example.test", 25);    // asks the server, caches for the TTL (300 s)
 * clock.advance(Duration.ofSeconds(301));          // the next lookup asks again
 * }</pre>
 *
 * <p>Its zone is always UTC: {@link #withZone} returns this clock, so every view of it moves
 * together. Thread-safe.
 */
public final class TestClock extends Clock {
  private final AtomicReference<Instant> now;

  private TestClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
  }

  /** A clock that reads {@code start} until moved. */
  public static TestClock at(Instant start) {
    return new TestClock(start);
  }

  /** Moves the clock by {@code duration}; a negative duration moves it back. */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    now.updateAndGet(instant -> instant.plus(duration));
  }

  /** Sets the clock to {@code instant}. */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  /** The instant the clock reads now. */
  @Override
  public Instant instant() {
    return now.get();
  }

  /** Always UTC. */
  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** This same clock: its zone is always UTC, and a view must move with it. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  /** For example {@code "TestClock[2026-01-01T00:00:00Z]"}. */
  @Override
  public String toString() {
    return "TestClock[" + now.get() + "]";
  }
}
