package org.dane4j.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dane4j.core.DaneResult;
import org.dane4j.core.TlsaRecord;

/**
 * Results of earlier DANE-TA(2) verifications, so that a server presenting the chain it
 * presented before costs a lookup instead of signature checks (one ECDSA verify is about
 * 2 ms on JDK 17).
 *
 * <p>Safe against tampering: the key is the exact DER encoding of every certificate of the
 * chain in order, the TLSA records and the reference names, compared in full (the hash only
 * picks the bucket). A single changed byte anywhere is a different key. A result is kept
 * only for the span of time in which every validity date the verification checked gives the
 * same answer (from the latest notBefore to the earliest notAfter), and is returned only
 * while the verifier's clock is inside that span; so a certificate expiring, or a clock
 * moved past it, means a fresh verification. The verifier stores only results whose
 * computation depended on nothing but these inputs and that span.
 *
 * <p>Bounded: the least recently used entry is dropped when full. Thread-safe.
 */
public final class VerificationMemo {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final int maxEntries;
  private final long seed = new SecureRandom().nextLong();
  private final Map<Key, Entry> entries;

  /**
   * An empty memo.
   *
   * @param maxEntries the most results kept; at least 1
   */
  public VerificationMemo(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1, not " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
        return size() > VerificationMemo.this.maxEntries;
      }
    };
  }

  /**
   * The key of one verification's inputs, or {@code null} if a certificate cannot be
   * encoded (such a verification is not memoised).
   *
   * @param chain the chain as given to the verifier
   * @param records the TLSA records, an unmodifiable list
   * @param names the reference names, an unmodifiable list
   */
  public Key key(List<X509Certificate> chain, List<TlsaRecord> records, List<String> names) {
    byte[][] encodings = new byte[chain.size()][];
    long hash = seed ^ records.hashCode() * 31L ^ names.hashCode();
    try {
      for (int i = 0; i < encodings.length; i++) {
        encodings[i] = chain.get(i).getEncoded();
        hash = mix(hash, encodings[i]);
      }
    } catch (CertificateEncodingException | RuntimeException e) {
      return null;
    }
    return new Key(encodings, records, names, (int) (hash ^ (hash >>> 32)));
  }

  /** The result stored for the key, if any and if {@code now} is inside its validity span. */
  public DaneResult get(Key key, Instant now) {
    synchronized (entries) {
      Entry entry = entries.get(key);
      if (entry == null) {
        return null;
      }
      if (now.isBefore(entry.validFrom) || now.isAfter(entry.validUntil)) {
        entries.remove(key);
        return null;
      }
      return entry.result;
    }
  }

  /**
   * Stores a result for the key.
   *
   * @param validFrom the latest notBefore among the certificates whose dates were checked
   * @param validUntil the earliest notAfter among them
   */
  public void put(Key key, DaneResult result, Instant validFrom, Instant validUntil) {
    synchronized (entries) {
      entries.put(key, new Entry(result, validFrom, validUntil));
    }
  }

  /** The number of results held. */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  // A fast, seeded mix of 8 bytes at a time: it only spreads keys over buckets; equality
  // is always checked on the full bytes.
  private static long mix(long hash, byte[] bytes) {
    long h = hash ^ bytes.length;
    int i = 0;
    for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
      h = (h ^ (long) LONGS.get(bytes, i)) * 0x9E3779B97F4A7C15L;
      h ^= h >>> 29;
    }
    for (; i < bytes.length; i++) {
      h = (h ^ bytes[i]) * 0x9E3779B97F4A7C15L;
    }
    return h ^ (h >>> 32);
  }

  /** The inputs of one verification: certificate encodings, TLSA records, reference names. */
  public static final class Key {
    private final byte[][] encodings;
    private final List<TlsaRecord> records;
    private final List<String> names;
    private final int hash;

    private Key(byte[][] encodings, List<TlsaRecord> records, List<String> names, int hash) {
      this.encodings = encodings;
      this.records = records;
      this.names = names;
      this.hash = hash;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Key)) {
        return false;
      }
      Key other = (Key) o;
      return hash == other.hash && Arrays.deepEquals(encodings, other.encodings) && records.equals(other.records)
          && names.equals(other.names);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private record Entry(DaneResult result, Instant validFrom, Instant validUntil) {}
}
