package org.dane4j.core.dns.internal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A cache of completed lookups, least recently used first out when full, each entry kept
 * for its own lifetime; concurrent requests for a key that is being looked up share that
 * one lookup. A hit is one map access under a lock: microseconds.
 *
 * @param <K> the key (name and type)
 * @param <V> the result
 */
final class AnswerCache<K, V> {
  private final int maxEntries;
  private final Clock clock;
  private final Map<K, Entry<V>> entries;
  private final ConcurrentHashMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

  AnswerCache(int maxEntries, Clock clock) {
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
        return size() > AnswerCache.this.maxEntries;
      }
    };
  }

  /**
   * The cached value, or the result of the lookup already running for the key, or a new
   * lookup whose value is cached for {@code lifetimeMillis(value)} (0: not cached).
   */
  CompletionStage<V> get(K key, Supplier<CompletionStage<V>> lookup, ToLongFunction<V> lifetimeMillis) {
    V cached = cached(key);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      // A copy, so that a caller completing its stage cannot complete everyone's.
      return running.copy();
    }
    CompletionStage<V> started;
    try {
      started = lookup.get();
    } catch (RuntimeException e) {
      inFlight.remove(key, mine);
      mine.completeExceptionally(e);
      return mine.copy();
    }
    started.whenComplete((value, failure) -> {
      if (failure == null) {
        long lifetime = lifetimeMillis.applyAsLong(value);
        if (lifetime > 0 && maxEntries > 0) {
          synchronized (entries) {
            entries.put(key, new Entry<>(value, clock.millis() + lifetime));
          }
        }
      }
      inFlight.remove(key, mine);
      if (failure != null) {
        mine.completeExceptionally(failure);
      } else {
        mine.complete(value);
      }
    });
    return mine.copy();
  }

  /** The live value for a key, or null; removes an expired one. */
  V cached(K key) {
    if (maxEntries == 0) {
      return null;
    }
    synchronized (entries) {
      Entry<V> entry = entries.get(key);
      if (entry == null) {
        return null;
      }
      if (clock.millis() >= entry.expiresAtMillis) {
        entries.remove(key);
        return null;
      }
      return entry.value;
    }
  }

  /**
   * When the cached entry for a key expires, if that entry holds exactly {@code value};
   * else {@link Timed#UNCACHED} (not cached, or already replaced by a newer answer).
   */
  long expiryOf(K key, V value) {
    synchronized (entries) {
      Entry<V> entry = entries.get(key);
      return entry != null && entry.value == value ? entry.expiresAtMillis : Timed.UNCACHED;
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  void clear() {
    synchronized (entries) {
      entries.clear();
    }
  }

  private static final class Entry<V> {
    final V value;
    final long expiresAtMillis;

    Entry(V value, long expiresAtMillis) {
      this.value = value;
      this.expiresAtMillis = expiresAtMillis;
    }
  }
}
