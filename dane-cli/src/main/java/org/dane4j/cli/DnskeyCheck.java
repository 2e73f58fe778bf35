package org.dane4j.cli;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Checks a DNSKEY the way a registry does before it accepts a delegation (the .de registry's
 * rules), and computes its key tag (RFC 4034 appendix B) and DS records (RFC 4034 section
 * 5.1.4, RFC 4509, RFC 6605).
 */
final class DnskeyCheck {

  /** RFC 8624 section 3.1 recommendation for signing, and the IANA registry's status. */
  enum Algorithm {
    RSAMD5(1, "RSAMD5", "MUST NOT"),
    DH(2, "DH", "MUST NOT"),
    DSA(3, "DSA", "MUST NOT"),
    RSASHA1(5, "RSASHA1", "NOT RECOMMENDED"),
    DSA_NSEC3_SHA1(6, "DSA-NSEC3-SHA1", "MUST NOT"),
    RSASHA1_NSEC3_SHA1(7, "RSASHA1-NSEC3-SHA1", "NOT RECOMMENDED"),
    RSASHA256(8, "RSASHA256", "MUST"),
    RSASHA512(10, "RSASHA512", "NOT RECOMMENDED"),
    ECC_GOST(12, "ECC-GOST", "MUST NOT"),
    ECDSAP256SHA256(13, "ECDSAP256SHA256", "MUST"),
    ECDSAP384SHA384(14, "ECDSAP384SHA384", "MAY"),
    ED25519(15, "ED25519", "RECOMMENDED"),
    ED448(16, "ED448", "MAY"),
    INDIRECT(252, "INDIRECT", "MUST NOT"),
    PRIVATEDNS(253, "PRIVATEDNS", "MUST NOT"),
    PRIVATEOID(254, "PRIVATEOID", "MUST NOT");

    private final int number;
    private final String mnemonic;
    private final String signing;

    Algorithm(int number, String mnemonic, String signing) {
      this.number = number;
      this.mnemonic = mnemonic;
      this.signing = signing;
    }

    int number() {
      return number;
    }

    String mnemonic() {
      return mnemonic;
    }

    /** RFC 8624's recommendation for signing with it. */
    String signing() {
      return signing;
    }

    static Algorithm of(int number) {
      for (Algorithm a : values()) {
        if (a.number == number) {
          return a;
        }
      }
      return null;
    }

    /** {@code 13 (ECDSAP256SHA256)}, or {@code 99 (unassigned)}. */
    static String describe(int number) {
      Algorithm a = of(number);
      return number + " (" + (a == null ? "unassigned" : a.mnemonic) + ")";
    }
  }

  /**
   * The algorithms a registry accepts by default: the .de registry's list (3, 5, 6, 7, 8, 10,
   * 12, 13, 14) plus Ed25519 and Ed448 (RFC 8080), which the IANA registry lists as usable
   * for zone signing.
   */
  static final Set<Integer> DEFAULT_ACCEPTED = Set.of(3, 5, 6, 7, 8, 10, 12, 13, 14, 15, 16);

  /** One finding: an error makes the key unacceptable, a warning does not. */
  record Finding(boolean error, String message) {
    @Override
    public String toString() {
      return (error ? "ERROR " : "WARNING ") + message;
    }
  }

  /** The result of checking one key. */
  record Result(DnskeyInput.Key key, byte[] publicKey, int keyTag, List<Finding> findings) {
    boolean hasErrors() {
      return findings.stream().anyMatch(Finding::error);
    }
  }

  private DnskeyCheck() {}

  static Result check(DnskeyInput.Key key, Set<Integer> accepted) {
    List<Finding> findings = new ArrayList<>();
    if (key.flags() != 256 && key.flags() != 257) {
      findings.add(new Finding(true, "flags " + key.flags() + " must be 256 (zone key) or 257 (zone key, SEP)"
          + ((key.flags() & 0x80) != 0 ? ": the REVOKE bit (128) is set" : "")
          + ((key.flags() & 0x100) == 0 ? ": the zone key bit (256) is not set" : "")));
    }
    if (key.protocol() != 3) {
      findings.add(new Finding(true, "protocol " + key.protocol() + " must be 3 (RFC 4034 section 2.1.2)"));
    }
    int alg = key.algorithm();
    Algorithm algorithm = Algorithm.of(alg);
    if (alg == 253 || alg == 254) {
      findings.add(new Finding(true, "algorithm " + Algorithm.describe(alg) + " is for private use: a registry cannot check it"));
    } else if (!accepted.contains(alg)) {
      findings.add(new Finding(true, "algorithm " + Algorithm.describe(alg) + " is not accepted (accepted: "
          + sorted(accepted) + ")"));
    }
    if (algorithm != null && (algorithm.signing().equals("MUST NOT") || algorithm.signing().equals("NOT RECOMMENDED"))
        && accepted.contains(alg)) {
      findings.add(new Finding(false, "RFC 8624 says " + algorithm.signing() + " to sign with algorithm "
          + Algorithm.describe(alg) + "; use 13 (ECDSAP256SHA256), 15 (ED25519) or 8 (RSASHA256)"));
    }
    if (key.base64HasBreaks()) {
      findings.add(new Finding(true, "the public key must be base64 on one line without spaces or breaks"));
    }
    byte[] data;
    try {
      data = Base64.getDecoder().decode(key.base64Joined());
    } catch (IllegalArgumentException e) {
      findings.add(new Finding(true, "the public key is not valid base64: " + e.getMessage()));
      return new Result(key, new byte[0], -1, findings);
    }
    if (data.length == 0) {
      findings.add(new Finding(true, "the public key is empty"));
      return new Result(key, data, -1, findings);
    }
    keyMaterial(alg, data, findings);
    return new Result(key, data, keyTag(key.flags(), key.protocol(), alg, data), findings);
  }

  /** The key's own structure, by algorithm. */
  private static void keyMaterial(int alg, byte[] key, List<Finding> findings) {
    switch (alg) {
      case 5, 7, 8, 10 -> rsa(alg, key, findings);
      case 3, 6 -> dsa(key, findings);
      case 12 -> length(key, 64, "ECC-GOST public key (RFC 5933)", findings);
      case 13 -> ec("secp256r1", 32, key, findings);
      case 14 -> ec("secp384r1", 48, key, findings);
      case 15 -> length(key, 32, "Ed25519 public key (RFC 8080)", findings);
      case 16 -> length(key, 57, "Ed448 public key (RFC 8080)", findings);
      default -> {
        // Unknown or private algorithm: its structure is not known.
      }
    }
  }

  /** RFC 3110 section 2: exponent length (1 or 3 bytes), exponent, modulus. */
  private static void rsa(int alg, byte[] key, List<Finding> findings) {
    int offset;
    int exponentLength;
    if ((key[0] & 0xff) != 0) {
      exponentLength = key[0] & 0xff;
      offset = 1;
    } else {
      if (key.length < 3) {
        findings.add(new Finding(true, "RSA public key is truncated: no exponent length"));
        return;
      }
      exponentLength = ((key[1] & 0xff) << 8) | (key[2] & 0xff);
      offset = 3;
      if (exponentLength < 256) {
        findings.add(new Finding(false, "RSA exponent length " + exponentLength + " is written in 3 bytes; 1 byte suffices"));
      }
    }
    if (exponentLength == 0 || offset + exponentLength >= key.length) {
      findings.add(new Finding(true, "RSA public key is truncated: exponent of " + exponentLength + " bytes leaves "
          + Math.max(0, key.length - offset - exponentLength) + " bytes for the modulus"));
      return;
    }
    byte[] exponentBytes = Arrays.copyOfRange(key, offset, offset + exponentLength);
    byte[] modulusBytes = Arrays.copyOfRange(key, offset + exponentLength, key.length);
    BigInteger exponent = new BigInteger(1, exponentBytes);
    BigInteger modulus = new BigInteger(1, modulusBytes);
    if (exponentBytes[0] == 0) {
      findings.add(new Finding(true, "RSA exponent has a leading zero byte"));
    }
    if (modulusBytes[0] == 0) {
      findings.add(new Finding(true, "RSA modulus has a leading zero byte"));
    }
    if (exponent.compareTo(BigInteger.valueOf(3)) < 0 || !exponent.testBit(0)) {
      findings.add(new Finding(true, "RSA exponent " + exponent + " is not an odd number of at least 3"));
    } else if (exponentLength > 4) {
      findings.add(new Finding(false, "RSA exponent is " + exponentLength + " bytes long; validators may refuse more than 4"));
    }
    int bits = modulus.bitLength();
    int min = alg == 10 ? 1024 : 512;
    int max = 4096;
    if (!modulus.testBit(0)) {
      findings.add(new Finding(true, "RSA modulus is even: not an RSA key"));
    }
    if (bits < min || bits > max) {
      findings.add(new Finding(true, "RSA modulus of " + bits + " bits is outside " + min + ".." + max
          + " (RFC 3110, RFC 5702)"));
    } else if (bits < 2048) {
      findings.add(new Finding(false, "RSA modulus of " + bits + " bits is short; use at least 2048 bits"));
    }
  }

  /** RFC 2536 section 2: T, Q (20 bytes), P, G, Y (64 + 8T bytes each). */
  private static void dsa(byte[] key, List<Finding> findings) {
    int t = key[0] & 0xff;
    if (t > 8) {
      findings.add(new Finding(true, "DSA parameter T " + t + " is above 8 (RFC 2536)"));
      return;
    }
    int expected = 1 + 20 + 3 * (64 + 8 * t);
    if (key.length != expected) {
      findings.add(new Finding(true, "DSA public key with T=" + t + " must be " + expected + " bytes, found " + key.length));
    }
  }

  private static void length(byte[] key, int expected, String what, List<Finding> findings) {
    if (key.length != expected) {
      findings.add(new Finding(true, what + " must be " + expected + " bytes, found " + key.length));
    }
  }

  /** RFC 6605 section 4: x | y, each the field size, and the point on the curve. */
  private static void ec(String curve, int size, byte[] key, List<Finding> findings) {
    String name = curve.equals("secp256r1") ? "P-256" : "P-384";
    if (key.length != 2 * size) {
      findings.add(new Finding(true, "ECDSA " + name + " public key must be " + 2 * size + " bytes (x and y), found "
          + key.length + (key.length == 2 * size + 1 && key[0] == 4 ? " (remove the leading 04 byte)" : "")));
      return;
    }
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(curve));
      ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
      BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
      BigInteger x = new BigInteger(1, Arrays.copyOfRange(key, 0, size));
      BigInteger y = new BigInteger(1, Arrays.copyOfRange(key, size, 2 * size));
      if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
        findings.add(new Finding(true, "ECDSA " + name + " coordinates are not below the field prime"));
        return;
      }
      BigInteger left = y.multiply(y).mod(p);
      BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
      if (!left.equals(right)) {
        findings.add(new Finding(true, "ECDSA " + name + " public key is not a point on the curve"));
      }
    } catch (GeneralSecurityException e) {
      findings.add(new Finding(false, "cannot check the " + name + " point: " + e.getMessage()));
    }
  }

  /** RFC 4034 appendix B; algorithm 1 has its own rule (B.1). */
  static int keyTag(int flags, int protocol, int algorithm, byte[] key) {
    byte[] rdata = new byte[4 + key.length];
    rdata[0] = (byte) (flags >> 8);
    rdata[1] = (byte) flags;
    rdata[2] = (byte) protocol;
    rdata[3] = (byte) algorithm;
    System.arraycopy(key, 0, rdata, 4, key.length);
    if (algorithm == 1) {
      return key.length < 3 ? 0 : ((key[key.length - 3] & 0xff) << 8) | (key[key.length - 2] & 0xff);
    }
    long ac = 0;
    for (int i = 0; i < rdata.length; i++) {
      ac += (i & 1) == 1 ? rdata[i] & 0xff : (rdata[i] & 0xff) << 8;
    }
    ac += (ac >> 16) & 0xffff;
    return (int) (ac & 0xffff);
  }

  /** The DS record of a key for a digest type (1 SHA-1, 2 SHA-256, 4 SHA-384), in presentation format. */
  static String ds(String owner, Result result, int digestType) {
    Name name;
    try {
      name = Name.fromString(owner.endsWith(".") ? owner : owner + ".");
    } catch (TextParseException e) {
      throw CliException.badInput("zone name \"" + owner + "\" is not a domain name: " + e.getMessage());
    }
    DnskeyInput.Key key = result.key();
    DNSKEYRecord dnskey = new DNSKEYRecord(name, DClass.IN, 0, key.flags(), key.protocol(), key.algorithm(),
        result.publicKey());
    DSRecord ds = new DSRecord(name, DClass.IN, 0, digestType, dnskey);
    return name + " IN DS " + ds.getFootprint() + " " + ds.getAlgorithm() + " " + ds.getDigestID() + " "
        + HexFormat.of().formatHex(ds.getDigest());
  }

  /** The dnsjava digest numbers this command offers. */
  static final int SHA1 = DNSSEC.Digest.SHA1;
  static final int SHA256 = DNSSEC.Digest.SHA256;
  static final int SHA384 = DNSSEC.Digest.SHA384;

  private static String sorted(Set<Integer> values) {
    return values.stream().sorted().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("none");
  }
}
