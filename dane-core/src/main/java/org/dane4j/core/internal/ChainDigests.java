package org.dane4j.core.internal;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.dane4j.core.MatchingType;
import org.dane4j.core.Selector;

/**
 * The association data of every certificate of one chain, computed on first use and kept
 * for the rest of one verification, so that each certificate and SPKI is encoded and
 * digested at most once however many records are compared against it. Not thread-safe:
 * one instance per verification call.
 */
public final class ChainDigests {
  private static final int SELECTORS = 2;
  private static final int MATCHING_TYPES = 3;

  private final List<X509Certificate> chain;
  private final byte[][][] selected;
  private final byte[][][] data;
  private final String[] problems;

  /** Digests for this chain (not copied: the caller keeps it unchanged during the call). */
  public ChainDigests(List<X509Certificate> chain) {
    this.chain = chain;
    this.selected = new byte[chain.size()][SELECTORS][];
    this.data = new byte[chain.size()][SELECTORS * MATCHING_TYPES][];
    this.problems = new String[chain.size()];
  }

  /**
   * The association data of the certificate at {@code index} for a selector Cert(0) or
   * SPKI(1) and a matching type Full(0), SHA2-256(1) or SHA2-512(2); {@code null} if the
   * certificate cannot be encoded (then {@link #problem(int)} says why). The array is shared:
   * callers must not modify it.
   */
  public byte[] associationData(int index, Selector selector, MatchingType matchingType) {
    int s = selector.value();
    int slot = s * MATCHING_TYPES + matchingType.value();
    byte[] cached = data[index][slot];
    if (cached != null) {
      return cached;
    }
    byte[] content = selected(index, s);
    if (content == null) {
      return null;
    }
    byte[] computed = matchingType == MatchingType.FULL ? content : Digests.digest(matchingType, content);
    data[index][slot] = computed;
    return computed;
  }

  /** Why the certificate at {@code index} could not be encoded, or {@code null}. */
  public String problem(int index) {
    return problems[index];
  }

  private byte[] selected(int index, int selector) {
    if (selected[index][selector] == null && problems[index] == null) {
      X509Certificate certificate = chain.get(index);
      try {
        byte[] content = selector == 0 ? certificate.getEncoded() : certificate.getPublicKey().getEncoded();
        if (content == null) {
          problems[index] = "its public key has no SubjectPublicKeyInfo encoding";
        }
        selected[index][selector] = content;
      } catch (CertificateEncodingException | RuntimeException e) {
        problems[index] = "it cannot be DER-encoded (" + e + ")";
      }
    }
    return selected[index][selector];
  }
}
