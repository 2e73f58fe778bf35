package org.dane4j.testkit.dns.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.dane4j.testkit.dns.SigningAlgorithm;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;

/**
 * A zone's key-signing key (flags 257, signs the DNSKEY RRset, referenced by the parent's DS)
 * and zone-signing key (flags 256, signs everything else), RFC 4034 section 2.1.1 and RFC 6781
 * section 3.1.
 *
 * @param algorithm the algorithm of both keys
 * @param rsaBits the RSA modulus size (0 for other algorithms)
 * @param ksk the key-signing key pair
 * @param zsk the zone-signing key pair
 * @param kskRecord the KSK as a DNSKEY record
 * @param zskRecord the ZSK as a DNSKEY record
 */
public record ZoneKeys(
    SigningAlgorithm algorithm,
    int rsaBits,
    KeyPair ksk,
    KeyPair zsk,
    DNSKEYRecord kskRecord,
    DNSKEYRecord zskRecord) {

  /** TTL of DNSKEY and DS records. */
  static final long KEY_TTL = 3600;

  /**
   * Generates fresh keys for a zone.
   *
   * @param origin the zone's apex
   * @param algorithm the algorithm
   * @param rsaBits the RSA modulus size, ignored for other algorithms
   * @return the keys
   */
  public static ZoneKeys generate(Name origin, SigningAlgorithm algorithm, int rsaBits) {
    int bits = algorithm == SigningAlgorithm.RSA_SHA256 ? rsaBits : 0;
    KeyPair ksk = generateKeyPair(algorithm, bits);
    KeyPair zsk = generateKeyPair(algorithm, bits);
    return new ZoneKeys(
        algorithm,
        bits,
        ksk,
        zsk,
        dnskey(origin, DNSKEYRecord.Flags.ZONE_KEY | DNSKEYRecord.Flags.SEP_KEY, algorithm, ksk),
        dnskey(origin, DNSKEYRecord.Flags.ZONE_KEY, algorithm, zsk));
  }

  /**
   * Makes a key-signing DNSKEY record of the same kind as these keys that no zone uses, for
   * {@code DS_MISMATCH}.
   *
   * @param origin the zone's apex
   * @return an unrelated DNSKEY with the zone's owner name and algorithm
   */
  DNSKEYRecord unrelatedKsk(Name origin) {
    return dnskey(
        origin,
        DNSKEYRecord.Flags.ZONE_KEY | DNSKEYRecord.Flags.SEP_KEY,
        algorithm,
        generateKeyPair(algorithm, rsaBits));
  }

  private static DNSKEYRecord dnskey(
      Name origin, int flags, SigningAlgorithm algorithm, KeyPair keyPair) {
    try {
      return new DNSKEYRecord(
          origin,
          DClass.IN,
          KEY_TTL,
          flags,
          DNSKEYRecord.Protocol.DNSSEC,
          algorithm.number(),
          keyPair.getPublic());
    } catch (DNSSEC.DNSSECException e) {
      throw new IllegalStateException("dnsjava cannot encode a " + algorithm + " key", e);
    }
  }

  private static KeyPair generateKeyPair(SigningAlgorithm algorithm, int rsaBits) {
    try {
      KeyPairGenerator generator;
      switch (algorithm) {
        case ECDSA_P256_SHA256 -> {
          generator = KeyPairGenerator.getInstance("EC");
          generator.initialize(new ECGenParameterSpec("secp256r1"));
        }
        case ECDSA_P384_SHA384 -> {
          generator = KeyPairGenerator.getInstance("EC");
          generator.initialize(new ECGenParameterSpec("secp384r1"));
        }
        case RSA_SHA256 -> {
          generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(rsaBits);
        }
        case ED25519 -> generator = KeyPairGenerator.getInstance("Ed25519");
        default -> throw new IllegalArgumentException("unsupported algorithm " + algorithm);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate a " + algorithm + " key", e);
    }
  }
}
