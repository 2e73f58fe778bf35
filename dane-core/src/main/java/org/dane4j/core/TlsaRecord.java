package org.dane4j.core;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.dane4j.core.internal.Digests;

/**
 * One TLSA record (RFC 6698): certificate usage, selector, matching type and
 * certificate association data. Immutable; equal by value.
 *
 * <p>{@link #toString()} is the canonical presentation format, {@code "3 1 1 6f2e..."}
 * (lower-case hex, no spaces), so that a record can be pasted into a zone file:
 *
 * <pre>{@code
 * TlsaRecord record = TlsaRecord.forCertificate(cert, Usage.DANE_EE, Selector.SPKI, MatchingType.SHA2_256);
 * System.out.println("_25._tcp.mx1.example.org. IN TLSA " + record);
 * }</pre>
 *
 * <p>Any combination of field values can be represented, because a TLSA RRset may hold
 * records this library cannot use; {@link #isUsable()} says whether a record can take
 * part in DANE matching for SMTP (RFC 7672 section 3.1.3). Only text that is not a TLSA
 * record at all is rejected by {@link #parse(String)}.
 */
public final class TlsaRecord {
  private static final HexFormat HEX = HexFormat.of();

  private final int usage;
  private final int selector;
  private final int matchingType;
  private final byte[] data;

  private TlsaRecord(int usage, int selector, int matchingType, byte[] data) {
    checkField("usage", usage);
    checkField("selector", selector);
    checkField("matching type", matchingType);
    this.usage = usage;
    this.selector = selector;
    this.matchingType = matchingType;
    this.data = data.clone();
  }

  /**
   * A record from its four fields. The data array is copied.
   *
   * @throws IllegalArgumentException if a field is outside 0..255 (RFC 6698 section 2.1)
   */
  public static TlsaRecord of(int usage, int selector, int matchingType, byte[] data) {
    Objects.requireNonNull(data, "data");
    return new TlsaRecord(usage, selector, matchingType, data);
  }

  /** A record from named field values. The data array is copied. */
  public static TlsaRecord of(Usage usage, Selector selector, MatchingType matchingType, byte[] data) {
    return of(assigned(usage, Usage.UNASSIGNED, usage.value()),
        assigned(selector, Selector.UNASSIGNED, selector.value()),
        assigned(matchingType, MatchingType.UNASSIGNED, matchingType.value()), data);
  }

  /**
   * Parses the presentation format of RFC 6698 section 2.2: three decimal fields and the
   * association data in hex, which may contain white space and either case, e.g.
   * {@code "3 1 1 0123ab..."} or the RDATA of a zone-file line. A leading owner name,
   * class or type is not accepted. Digits are ASCII only: other scripts' digits (such as
   * U+0661) and fullwidth forms (such as U+FF21) are format errors.
   *
   * @throws TlsaFormatException if the text is not a TLSA record: the message names the
   *     field that is wrong
   */
  public static TlsaRecord parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.strip().split("\\s+", 4);
    if (parts.length < 4 || parts[3].isEmpty()) {
      throw new TlsaFormatException("record", text,
          "needs four fields (usage selector matching-type data), found " + (parts[0].isEmpty() ? 0 : parts.length));
    }
    int usage = parseField("usage", parts[0], text);
    int selector = parseField("selector", parts[1], text);
    int matchingType = parseField("matching type", parts[2], text);
    String hex = parts[3].replaceAll("\\s+", "");
    for (int i = 0; i < hex.length(); i++) {
      // ASCII only: Character.digit also accepts other scripts' digits and fullwidth
      // letters (U+0661, U+FF21), which are not hex in a zone file (RFC 6698 section 2.2).
      if (!HexFormat.isHexDigit(hex.charAt(i))) {
        throw new TlsaFormatException("association data", text,
            "has a non-hex character " + describeCharacter(hex.codePointAt(i)) + " at position " + i);
      }
    }
    if (hex.length() % 2 != 0) {
      throw new TlsaFormatException("association data", text, "has an odd number of hex digits (" + hex.length() + ")");
    }
    return new TlsaRecord(usage, selector, matchingType, HEX.parseHex(hex.toLowerCase(Locale.ROOT)));
  }

  /**
   * The record an operator publishes for a certificate: the selected content (the whole
   * certificate, or its SubjectPublicKeyInfo) in full or as a digest.
   *
   * @throws IllegalArgumentException if a field is {@code UNASSIGNED} or a private-use
   *     value, which have no defined computation
   */
  public static TlsaRecord forCertificate(X509Certificate certificate, Usage usage, Selector selector,
      MatchingType matchingType) {
    Objects.requireNonNull(certificate, "certificate");
    switch (Objects.requireNonNull(selector, "selector")) {
      case CERT:
        byte[] der;
        try {
          der = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
          throw new IllegalArgumentException("Certificate cannot be DER-encoded: " + org.dane4j.core.internal.PathBuilder.subject(certificate), e);
        }
        return of(usage, Selector.CERT, matchingType, associationData(der, matchingType));
      case SPKI:
        return forPublicKey(certificate.getPublicKey(), usage, matchingType);
      default:
        throw new IllegalArgumentException("No defined computation for selector " + selector);
    }
  }

  /**
   * The record for a public key with selector SPKI(1): the DER SubjectPublicKeyInfo in
   * full or as a digest. Useful before a certificate exists (key rollover, RFC 7671 section 8).
   *
   * @throws IllegalArgumentException if the key has no X.509 encoding, or the usage or
   *     matching type has no defined computation
   */
  public static TlsaRecord forPublicKey(PublicKey key, Usage usage, MatchingType matchingType) {
    Objects.requireNonNull(key, "key");
    byte[] spki = key.getEncoded();
    if (!"X.509".equals(key.getFormat()) || spki == null) {
      throw new IllegalArgumentException("Public key has no SubjectPublicKeyInfo encoding (format " + key.getFormat() + ")");
    }
    return of(usage, Selector.SPKI, matchingType, associationData(spki, matchingType));
  }

  /**
   * The association data for already selected content under a matching type: the content
   * itself, or its digest.
   */
  public static byte[] associationData(byte[] selectedContent, MatchingType matchingType) {
    Objects.requireNonNull(selectedContent, "selectedContent");
    switch (Objects.requireNonNull(matchingType, "matchingType")) {
      case FULL:
        return selectedContent.clone();
      case SHA2_256:
      case SHA2_512:
        return Digests.digest(matchingType, selectedContent);
      default:
        throw new IllegalArgumentException("No defined computation for matching type " + matchingType);
    }
  }

  /** The certificate usage, or {@link Usage#UNASSIGNED} for a value without a name. */
  public Usage usage() {
    return Usage.of(usage);
  }

  /** The selector, or {@link Selector#UNASSIGNED} for a value without a name. */
  public Selector selector() {
    return Selector.of(selector);
  }

  /** The matching type, or {@link MatchingType#UNASSIGNED} for a value without a name. */
  public MatchingType matchingType() {
    return MatchingType.of(matchingType);
  }

  /** The certificate usage as on the wire (0..255). */
  public int usageValue() {
    return usage;
  }

  /** The selector as on the wire (0..255). */
  public int selectorValue() {
    return selector;
  }

  /** The matching type as on the wire (0..255). */
  public int matchingTypeValue() {
    return matchingType;
  }

  /** A copy of the certificate association data. */
  public byte[] data() {
    return data.clone();
  }

  /** The certificate association data as lower-case hex. */
  public String dataHex() {
    return HEX.formatHex(data);
  }

  /** Whether {@code candidate} equals the association data, in constant time. */
  public boolean dataEquals(byte[] candidate) {
    return MessageDigest.isEqual(data, candidate);
  }

  /**
   * Whether this record can take part in DANE matching for SMTP: usage DANE-TA(2) or
   * DANE-EE(3), selector Cert(0) or SPKI(1), matching type Full(0), SHA2-256(1) or
   * SHA2-512(2), and data of the right length for a digest (RFC 7672 section 3.1.3;
   * RFC 7671 section 4). Empty data is never usable.
   */
  public boolean isUsable() {
    return unusableReason() == null;
  }

  /**
   * Why {@link #isUsable()} is false, in words; {@code null} when the record is usable.
   */
  public String unusableReason() {
    Usage u = usage();
    if (u != Usage.DANE_TA && u != Usage.DANE_EE) {
      return u == Usage.PKIX_TA || u == Usage.PKIX_EE
          ? "usage " + u + " is unusable for SMTP (RFC 7672 section 3.1.3)"
          : "usage " + usage + " is not supported";
    }
    Selector s = selector();
    if (s != Selector.CERT && s != Selector.SPKI) {
      return "selector " + selector + " is not supported";
    }
    MatchingType m = matchingType();
    if (m != MatchingType.FULL && m != MatchingType.SHA2_256 && m != MatchingType.SHA2_512) {
      return "matching type " + matchingType + " is not supported";
    }
    if (data.length == 0) {
      return "association data is empty";
    }
    if (m.isDigest() && data.length != m.digestLength().getAsInt()) {
      return m + " data must be " + m.digestLength().getAsInt() + " bytes, found " + data.length;
    }
    return null;
  }

  /**
   * A short name for diagnostics: the mnemonic fields and the first and last bytes of the
   * data, e.g. {@code DANE-EE(3) SPKI(1) SHA2-256(1) 6f2e...a1}.
   */
  public String describe() {
    return name(usage(), usage) + " " + name(selector(), selector) + " " + name(matchingType(), matchingType) + " "
        + shortDataHex();
  }

  // The data as hex, shortened to its first and last two bytes when longer than six.
  String shortDataHex() {
    String hex = dataHex();
    return hex.length() <= 12 ? hex : hex.substring(0, 4) + "..." + hex.substring(hex.length() - 4);
  }

  /** The canonical presentation format: {@code "3 1 1 <lower-case hex>"}. */
  @Override
  public String toString() {
    return usage + " " + selector + " " + matchingType + " " + dataHex();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TlsaRecord)) {
      return false;
    }
    TlsaRecord other = (TlsaRecord) o;
    return usage == other.usage && selector == other.selector && matchingType == other.matchingType
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return ((usage * 31 + selector) * 31 + matchingType) * 31 + Arrays.hashCode(data);
  }

  private static String name(Enum<?> named, int value) {
    return named.name().equals("UNASSIGNED") ? String.valueOf(value) : named.toString();
  }

  private static <E extends Enum<E>> int assigned(E value, E unassigned, int wire) {
    if (Objects.requireNonNull(value) == unassigned) {
      throw new IllegalArgumentException("UNASSIGNED has no wire value; use TlsaRecord.of(int, int, int, byte[])");
    }
    return wire;
  }

  private static void checkField(String field, int value) {
    if (value < 0 || value > 255) {
      throw new IllegalArgumentException("TLSA " + field + " must be 0..255, was " + value);
    }
  }

  // 'z', or for a character outside printable ASCII its code point too: '١' (U+0661).
  private static String describeCharacter(int codePoint) {
    String quoted = "'" + new String(Character.toChars(codePoint)) + "'";
    return codePoint >= 0x20 && codePoint < 0x7F ? quoted : quoted + String.format(Locale.ROOT, " (U+%04X)", codePoint);
  }

  private static int parseField(String field, String token, String text) {
    if (token.isEmpty() || token.length() > 3 || !token.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new TlsaFormatException(field, text, "\"" + token + "\" is not a decimal number 0..255");
    }
    int value = Integer.parseInt(token);
    if (value > 255) {
      throw new TlsaFormatException(field, text, value + " is out of range 0..255");
    }
    return value;
  }
}
