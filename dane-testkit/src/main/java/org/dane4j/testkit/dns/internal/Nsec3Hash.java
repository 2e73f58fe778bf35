package org.dane4j.testkit.dns.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.xbill.DNS.Name;
import org.xbill.DNS.utils.base32;

/** The NSEC3 owner-name hash of RFC 5155 section 5 (SHA-1, the only defined algorithm). */
final class Nsec3Hash {

  private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, true);

  private Nsec3Hash() {}

  /**
   * Hashes a name: {@code IH(salt, x, 0) = H(x || salt)}, then {@code iterations} more rounds
   * of {@code H(previous || salt)}, over the canonical (lower-case) wire form.
   *
   * @param name the name to hash
   * @param iterations the number of extra iterations
   * @param salt the salt, possibly empty
   * @return the 20-byte hash
   */
  static byte[] hash(Name name, int iterations, byte[] salt) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
    sha1.update(name.toWireCanonical());
    sha1.update(salt);
    byte[] hash = sha1.digest();
    for (int i = 0; i < iterations; i++) {
      sha1.update(hash);
      sha1.update(salt);
      hash = sha1.digest();
    }
    return hash;
  }

  /**
   * Encodes a hash as the first label of an NSEC3 owner name.
   *
   * @param hash the hash
   * @return its base32hex form without padding
   */
  static String label(byte[] hash) {
    return BASE32HEX.toString(hash);
  }
}
