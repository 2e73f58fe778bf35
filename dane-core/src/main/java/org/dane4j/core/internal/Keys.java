package org.dane4j.core.internal;

import java.io.ByteArrayInputStream;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;

/** Decoding of DER certificates and SubjectPublicKeyInfo structures with the JDK's providers. */
public final class Keys {
  // Key algorithms whose SubjectPublicKeyInfo the JDK can decode; tried in turn because the
  // algorithm OID inside the structure is what decides, and each factory checks it.
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA", "XDH");

  private Keys() {}

  /**
   * The public key in a DER SubjectPublicKeyInfo.
   *
   * @throws IllegalArgumentException if no provider of this platform can decode it
   */
  public static PublicKey decodePublicKey(byte[] subjectPublicKeyInfo) {
    X509EncodedKeySpec spec = new X509EncodedKeySpec(subjectPublicKeyInfo);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(spec);
      } catch (NoSuchAlgorithmException | InvalidKeySpecException | RuntimeException e) {
        // Not this algorithm (or not supported here): try the next one.
        continue;
      }
    }
    throw new IllegalArgumentException("not a SubjectPublicKeyInfo of a key type this platform supports ("
        + String.join(", ", KEY_ALGORITHMS) + ")");
  }

  /**
   * The X.509 certificate in exactly these DER bytes.
   *
   * @throws IllegalArgumentException if the bytes are not one DER certificate
   */
  public static X509Certificate decodeCertificate(byte[] der) {
    if (der.length == 0 || der[0] != 0x30) {
      throw new IllegalArgumentException("not a DER certificate (does not start with a SEQUENCE)");
    }
    X509Certificate certificate;
    byte[] encoded;
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
      encoded = certificate.getEncoded();
    } catch (CertificateException | RuntimeException e) {
      throw new IllegalArgumentException("not a DER certificate (" + e.getMessage() + ")", e);
    }
    if (!Arrays.equals(encoded, der)) {
      throw new IllegalArgumentException("not exactly one DER certificate (trailing or re-encoded data)");
    }
    return certificate;
  }
}
