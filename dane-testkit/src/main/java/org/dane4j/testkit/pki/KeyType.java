package org.dane4j.testkit.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** The key algorithms a {@link TestCertificate} can have, with the signature each one makes. */
public enum KeyType {
  /** ECDSA on NIST P-256, signing with SHA256withECDSA; the default: fast and common. */
  EC_P256("EC", "secp256r1", "SHA256withECDSA"),
  /** ECDSA on NIST P-384, signing with SHA384withECDSA. */
  EC_P384("EC", "secp384r1", "SHA384withECDSA"),
  /** RSA with a 2048-bit modulus, signing with SHA256withRSA (slow to generate: about 0.1 s). */
  RSA_2048("RSA", null, "SHA256withRSA"),
  /** Ed25519 (RFC 8410), signing with pure Ed25519. */
  ED25519("Ed25519", null, "Ed25519");

  private final String keyAlgorithm;
  private final String curve;
  private final String signatureAlgorithm;

  KeyType(String keyAlgorithm, String curve, String signatureAlgorithm) {
    this.keyAlgorithm = keyAlgorithm;
    this.curve = curve;
    this.signatureAlgorithm = signatureAlgorithm;
  }

  /** The JCA signature algorithm a key of this type signs certificates with. */
  public String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /** A fresh key pair of this type, from the JDK's providers. */
  public KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(keyAlgorithm);
      if (curve != null) {
        generator.initialize(new ECGenParameterSpec(curve));
      } else if (this == RSA_2048) {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK cannot generate " + this + " keys", e);
    }
  }

  /** The key type of an existing key pair, matched by algorithm (and curve size for EC). */
  static KeyType of(KeyPair keyPair) {
    String algorithm = keyPair.getPublic().getAlgorithm();
    switch (algorithm) {
      case "RSA":
        return RSA_2048;
      case "EC":
        int bits = ((java.security.interfaces.ECPublicKey) keyPair.getPublic()).getParams().getCurve().getField()
            .getFieldSize();
        return bits > 256 ? EC_P384 : EC_P256;
      case "Ed25519":
      case "EdDSA":
        return ED25519;
      default:
        throw new IllegalArgumentException("Unsupported key algorithm for test certificates: " + algorithm);
    }
  }
}
