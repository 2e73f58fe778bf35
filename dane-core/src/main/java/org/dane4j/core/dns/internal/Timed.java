package org.dane4j.core.dns.internal;

import java.util.function.Function;

/**
 * A lookup result with the time its cached parts expire, so that a result built from
 * several cached answers is kept no longer than the first of them.
 *
 * @param value the result
 * @param expiresAtMillis the cache clock's millis at which it expires; {@link #UNCACHED} if
 *     it must not be cached at all
 * @param <V> the result type
 */
record Timed<V>(V value, long expiresAtMillis) {
  /** The expiry of a result that was not cached (TTL 0, caching off, resolver closed). */
  static final long UNCACHED = Long.MIN_VALUE;

  /** Another value built from this one, expiring with it. */
  <U> Timed<U> map(Function<? super V, ? extends U> f) {
    return new Timed<>(f.apply(value), expiresAtMillis);
  }

  /** Another value built from this one and a part expiring at {@code otherExpiresAtMillis}. */
  <U> Timed<U> with(U other, long otherExpiresAtMillis) {
    return new Timed<>(other, Math.min(expiresAtMillis, otherExpiresAtMillis));
  }
}
