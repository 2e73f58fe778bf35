package org.dane4j.core.dns.internal;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finished public answers keyed by the caller's own strings, checked before any name is
 * parsed: a warm lookup is one map access and a clock read. Each entry expires with the
 * cached answers it was built from (same clock, so never later than {@link AnswerCache}
 * would serve them), which carries over the cache's maximum TTL and failure TTL. Bounded:
 * when full, expired entries go first, then all. Thread-safe without locks.
 *
 * @param <K> the key (the caller's strings, verbatim)
 * @param <V> the immutable answer
 */
final class FrontCache<K, V> {
  private final int maxEntries;
  private final Clock clock;
  private final ConcurrentHashMap<K, Timed<V>> entries = new ConcurrentHashMap<>();

  FrontCache(int maxEntries, Clock clock) {
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** The live entry for a key, or null; removes an expired one. */
  Timed<V> get(K key) {
    Timed<V> entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (clock.millis() >= entry.expiresAtMillis()) {
      entries.remove(key, entry);
      return null;
    }
    return entry;
  }

  /** Keeps the entry until it expires, unless it already has (or was never cached). */
  void put(K key, Timed<V> entry) {
    if (maxEntries == 0 || entry.expiresAtMillis() <= clock.millis()) {
      return;
    }
    entries.put(key, entry);
    if (entries.size() > maxEntries) {
      trim();
    }
  }

  /**
   * Drops the expired entries, or all of them if that is not enough: a front miss costs only
   * a main-cache lookup, and a full reset keeps no arbitrary survivors.
   */
  private void trim() {
    long now = clock.millis();
    entries.values().removeIf(e -> now >= e.expiresAtMillis());
    if (entries.size() > maxEntries) {
      entries.clear();
    }
  }

  void clear() {
    entries.clear();
  }
}
