package org.dane4j.attacks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a TLS client offered in its ClientHello (RFC 8446 section 4.1.2), read from the raw
 * record an attacker captured: the protocol versions, the cipher suites and the SNI name.
 *
 * @param legacyVersion the {@code legacy_version} field, e.g. {@code 0x0303}
 * @param supportedVersions the {@code supported_versions} extension; empty if absent
 * @param cipherSuites the offered cipher suites, IANA code points
 * @param serverName the SNI host name, if sent
 */
record TlsClientHello(int legacyVersion, List<Integer> supportedVersions, List<Integer> cipherSuites,
    Optional<String> serverName) {
  static final int TLS10 = 0x0301;
  static final int TLS11 = 0x0302;
  static final int TLS12 = 0x0303;
  static final int TLS13 = 0x0304;

  /** TLS_RSA_WITH_AES_128_CBC_SHA: what a TLS 1.0 server would pick. */
  static final int RSA_WITH_AES_128_CBC_SHA = 0x002F;
  /** TLS_DH_anon_WITH_AES_128_CBC_SHA: no server authentication at all. */
  static final int DH_ANON_WITH_AES_128_CBC_SHA = 0x0034;
  /** TLS_ECDH_anon_WITH_AES_128_CBC_SHA. */
  static final int ECDH_ANON_WITH_AES_128_CBC_SHA = 0xC018;
  /** TLS_ECDHE_ECDSA_WITH_NULL_SHA: authenticated, but no encryption. */
  static final int ECDHE_ECDSA_WITH_NULL_SHA = 0xC006;

  /**
   * Suites that do not authenticate the server or do not encrypt (IANA TLS registry):
   * {@code *_anon_*}, {@code *_WITH_NULL_*}, {@code TLS_NULL_WITH_NULL_NULL} and the TLS 1.3
   * integrity-only suites of RFC 9150.
   */
  static final Set<Integer> ANONYMOUS_OR_NULL = Set.of(0x0000, 0x0001, 0x0002, 0x0018, 0x001A, 0x001B, 0x002C,
      0x002D, 0x002E, 0x0034, 0x003A, 0x003B, 0x006C, 0x006D, 0x00A6, 0x00A7, 0x00B0, 0x00B1, 0x00B4, 0x00B5,
      0x00B8, 0x00B9, 0xC001, 0xC006, 0xC00B, 0xC010, 0xC015, 0xC016, 0xC017, 0xC018, 0xC019, 0xC03A, 0xC03B,
      0xC046, 0xC047, 0xC05A, 0xC05B, 0xC084, 0xC085, 0xC0B4, 0xC0B5);

  /** The versions the client is willing to speak. */
  List<Integer> offeredVersions() {
    return supportedVersions.isEmpty() ? List.of(legacyVersion) : supportedVersions;
  }

  /**
   * Parses one TLS record holding a ClientHello.
   *
   * @throws IllegalArgumentException if it is not one
   */
  static TlsClientHello parse(byte[] record) {
    ByteBuffer in = ByteBuffer.wrap(record);
    if ((in.get() & 0xff) != 0x16) {
      throw new IllegalArgumentException("not a handshake record");
    }
    in.getShort();
    in.getShort();
    if ((in.get() & 0xff) != 0x01) {
      throw new IllegalArgumentException("not a ClientHello");
    }
    in.position(in.position() + 3);
    int legacyVersion = in.getShort() & 0xffff;
    in.position(in.position() + 32);
    int sessionIdLength = in.get() & 0xff;
    in.position(in.position() + sessionIdLength);
    int suitesLength = in.getShort() & 0xffff;
    List<Integer> suites = new ArrayList<>();
    for (int i = 0; i < suitesLength / 2; i++) {
      suites.add(in.getShort() & 0xffff);
    }
    int compressionLength = in.get() & 0xff;
    in.position(in.position() + compressionLength);
    List<Integer> versions = new ArrayList<>();
    String sni = null;
    if (in.remaining() >= 2) {
      int extensionsLength = in.getShort() & 0xffff;
      int end = in.position() + extensionsLength;
      while (in.position() + 4 <= end) {
        int type = in.getShort() & 0xffff;
        int length = in.getShort() & 0xffff;
        int next = in.position() + length;
        if (type == 0x002b) {
          int count = in.get() & 0xff;
          for (int i = 0; i < count / 2; i++) {
            versions.add(in.getShort() & 0xffff);
          }
        } else if (type == 0x0000 && length > 5) {
          in.getShort();
          in.get();
          byte[] name = new byte[in.getShort() & 0xffff];
          in.get(name);
          sni = new String(name, StandardCharsets.US_ASCII);
        }
        in.position(next);
      }
    }
    return new TlsClientHello(legacyVersion, List.copyOf(versions), List.copyOf(suites), Optional.ofNullable(sni));
  }
}
