package org.dane4j.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.dane4j.core.internal.Keys;

/**
 * Reads X.509 certificates and public keys from PEM (RFC 7468), the format mail servers
 * keep their certificates in, e.g. to print the TLSA record to publish:
 *
 * <pre>{@code
 * X509Certificate cert = Pem.readCertificate(Path.of("/etc/mail/cert.pem"));
 * TlsaRecord record = TlsaRecord.forCertificate(cert, Usage.DANE_EE, Selector.SPKI, MatchingType.SHA2_256);
 * System.out.println("_25._tcp.mx1.example.org. IN TLSA " + record);
 * }</pre>
 *
 * <p>Text around the PEM blocks (such as the "subject=" lines OpenSSL writes) is ignored,
 * and so are blocks of other types: a file holding the chain and the private key can be
 * read for its certificates. Files and byte arrays may also hold DER: one certificate, a
 * bundle of DER certificates one after another, or one DER SubjectPublicKeyInfo; the form
 * is told by the first byte (a DER SEQUENCE starts with {@code 0x30}, PEM is text). Errors
 * are {@link PemFormatException}s naming the file, the line (or byte offset) and the
 * problem, with the form that was expected; they never quote block content, which could
 * be a private key.
 */
public final class Pem {
  private static final String TEXT = "PEM text";
  private static final String CERTIFICATE = "CERTIFICATE";
  private static final String PUBLIC_KEY = "PUBLIC KEY";

  private Pem() {}

  /**
   * All certificates in PEM text, in the order they appear.
   *
   * @throws PemFormatException if there is no certificate block, or a block is malformed
   */
  public static List<X509Certificate> readCertificates(String pem) {
    return certificates(TEXT, Objects.requireNonNull(pem, "pem"));
  }

  /**
   * All certificates in a PEM file, in the order they appear (e.g. leaf, then issuers).
   *
   * @throws IOException if the file cannot be read
   * @throws PemFormatException if there is no certificate block, or a block is malformed
   */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    return readCertificates(file.toString(), read(file));
  }

  /**
   * All certificates in PEM or DER bytes (e.g. a file's content), in the order they appear.
   *
   * @throws PemFormatException if there is no certificate, or one is malformed
   */
  public static List<X509Certificate> readCertificates(byte[] pemOrDer) {
    return readCertificates("bytes", Objects.requireNonNull(pemOrDer, "pemOrDer"));
  }

  /**
   * The first certificate in PEM text: the server's own certificate in a chain file.
   *
   * @throws PemFormatException if there is no certificate block, or a block is malformed
   */
  public static X509Certificate readCertificate(String pem) {
    return readCertificates(pem).get(0);
  }

  /**
   * The first certificate in a PEM file: the server's own certificate in a chain file.
   *
   * @throws IOException if the file cannot be read
   * @throws PemFormatException if there is no certificate block, or a block is malformed
   */
  public static X509Certificate readCertificate(Path file) throws IOException {
    return readCertificates(file).get(0);
  }

  /**
   * The public key in the first {@code PUBLIC KEY} block (a SubjectPublicKeyInfo) of PEM
   * text: RSA, EC, EdDSA and the other key types of the platform.
   *
   * @throws PemFormatException if there is no such block, or it holds no decodable key
   */
  public static PublicKey readPublicKey(String pem) {
    return publicKey(TEXT, Objects.requireNonNull(pem, "pem"));
  }

  /**
   * The public key in the first {@code PUBLIC KEY} block of a PEM file.
   *
   * @throws IOException if the file cannot be read
   * @throws PemFormatException if there is no such block, or it holds no decodable key
   */
  public static PublicKey readPublicKey(Path file) throws IOException {
    return readPublicKey(file.toString(), read(file));
  }

  /**
   * The public key in PEM bytes (first {@code PUBLIC KEY} block) or DER bytes (one
   * SubjectPublicKeyInfo).
   *
   * @throws PemFormatException if there is no key, or it cannot be decoded
   */
  public static PublicKey readPublicKey(byte[] pemOrDer) {
    return readPublicKey("bytes", Objects.requireNonNull(pemOrDer, "pemOrDer"));
  }

  private static byte[] read(Path file) throws IOException {
    return Files.readAllBytes(Objects.requireNonNull(file, "file"));
  }

  /** DER starts with a SEQUENCE (0x30); a text that happens to start with '0' but has a PEM block is PEM. */
  private static boolean isDer(byte[] bytes) {
    return bytes.length > 0 && bytes[0] == 0x30 && !text(bytes).contains("-----BEGIN ");
  }

  /** Bytes as text for the PEM parser; ISO-8859-1 keeps every byte, so odd bytes stay outside blocks. */
  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static List<X509Certificate> readCertificates(String source, byte[] bytes) {
    if (!isDer(bytes)) {
      return certificates(source, text(bytes));
    }
    List<X509Certificate> certificates = new ArrayList<>();
    int offset = 0;
    while (offset < bytes.length) {
      int end = derEnd(source, bytes, offset);
      try {
        certificates.add(Keys.decodeCertificate(Arrays.copyOfRange(bytes, offset, end)));
      } catch (IllegalArgumentException e) {
        throw new PemFormatException(source, 0, "expected a DER certificate at byte " + offset + ", but it is "
            + e.getMessage(), e);
      }
      offset = end;
    }
    return certificates;
  }

  private static PublicKey readPublicKey(String source, byte[] bytes) {
    if (!isDer(bytes)) {
      return publicKey(source, text(bytes));
    }
    int end = derEnd(source, bytes, 0);
    if (end != bytes.length) {
      throw new PemFormatException(source, 0, "expected one DER SubjectPublicKeyInfo, but " + (bytes.length - end)
          + " bytes follow it", null);
    }
    try {
      return Keys.decodePublicKey(bytes);
    } catch (IllegalArgumentException e) {
      throw new PemFormatException(source, 0, "expected a DER SubjectPublicKeyInfo, but it is " + e.getMessage(), e);
    }
  }

  /** Where the DER SEQUENCE starting at {@code offset} ends (X.690 section 8.1: tag, length, content). */
  private static int derEnd(String source, byte[] der, int offset) {
    if ((der[offset] & 0xff) != 0x30 || offset + 2 > der.length) {
      throw new PemFormatException(source, 0, "expected PEM text or DER (a SEQUENCE, byte 0x30) at byte " + offset
          + ", found byte 0x" + String.format("%02x", der[offset] & 0xff), null);
    }
    int first = der[offset + 1] & 0xff;
    long length;
    int header;
    if (first < 0x80) {
      length = first;
      header = 2;
    } else {
      int count = first & 0x7f;
      if (count == 0 || count > 4 || offset + 2 + count > der.length) {
        throw new PemFormatException(source, 0, "the DER length at byte " + (offset + 1) + " is not a definite length"
            + " of at most 4 bytes", null);
      }
      length = 0;
      for (int i = 0; i < count; i++) {
        length = length << 8 | der[offset + 2 + i] & 0xff;
      }
      header = 2 + count;
    }
    long end = offset + header + length;
    if (end > der.length) {
      throw new PemFormatException(source, 0, "the DER SEQUENCE at byte " + offset + " claims " + length
          + " bytes, but only " + (der.length - offset - header) + " follow (truncated?)", null);
    }
    return (int) end;
  }

  private static List<X509Certificate> certificates(String source, String text) {
    List<X509Certificate> certificates = new ArrayList<>();
    List<Block> blocks = blocks(source, text);
    for (Block block : blocks) {
      if (block.label.equals(CERTIFICATE)) {
        byte[] der = block.decode(source);
        try {
          certificates.add(Keys.decodeCertificate(der));
        } catch (IllegalArgumentException e) {
          throw new PemFormatException(source, block.line, "the CERTIFICATE block is " + e.getMessage(), e);
        }
      }
    }
    if (certificates.isEmpty()) {
      throw new PemFormatException(source, 0, "no -----BEGIN CERTIFICATE----- block" + found(blocks), null);
    }
    return certificates;
  }

  private static PublicKey publicKey(String source, String text) {
    List<Block> blocks = blocks(source, text);
    for (Block block : blocks) {
      if (block.label.equals(PUBLIC_KEY)) {
        byte[] der = block.decode(source);
        try {
          return Keys.decodePublicKey(der);
        } catch (IllegalArgumentException e) {
          throw new PemFormatException(source, block.line, "the PUBLIC KEY block is " + e.getMessage(), e);
        }
      }
    }
    String hint = blocks.stream().anyMatch(b -> b.label.equals(CERTIFICATE))
        ? "; for a certificate's key use readCertificate(...).getPublicKey()" : "";
    throw new PemFormatException(source, 0, "no -----BEGIN PUBLIC KEY----- block" + found(blocks) + hint, null);
  }

  private static String found(List<Block> blocks) {
    if (blocks.isEmpty()) {
      return " (no PEM block at all)";
    }
    List<String> labels = new ArrayList<>();
    for (Block block : blocks) {
      labels.add(block.label + " at line " + block.line);
    }
    return " (found " + String.join(", ", labels) + ")";
  }

  private static List<Block> blocks(String source, String text) {
    List<Block> blocks = new ArrayList<>();
    String[] lines = text.split("\r?\n|\r", -1);
    String label = null;
    int start = 0;
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (label == null) {
        if (line.startsWith("-----BEGIN ") && line.endsWith("-----") && line.length() > 16) {
          label = line.substring(11, line.length() - 5);
          start = i + 1;
          body.setLength(0);
        }
      } else if (line.startsWith("-----END ")) {
        if (!line.equals("-----END " + label + "-----")) {
          throw new PemFormatException(source, i + 1, "the " + label + " block that starts at line " + start
              + " ends with \"" + line + "\"", null);
        }
        blocks.add(new Block(label, start, body.toString()));
        label = null;
      } else if (line.startsWith("-----BEGIN ")) {
        throw new PemFormatException(source, start, "the " + label + " block has no END line before line " + (i + 1),
            null);
      } else if (line.indexOf(':') < 0) {
        // Lines with a colon are RFC 1421 headers of legacy encrypted keys; not base64.
        body.append(line);
      }
    }
    if (label != null) {
      throw new PemFormatException(source, start, "the " + label + " block has no -----END " + label + "----- line",
          null);
    }
    return blocks;
  }

  private static final class Block {
    final String label;
    final int line;
    final String base64;

    Block(String label, int line, String base64) {
      this.label = label;
      this.line = line;
      this.base64 = base64;
    }

    byte[] decode(String source) {
      byte[] der;
      try {
        der = Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw new PemFormatException(source, line, "the " + label + " block is not valid base64 (" + e.getMessage() + ")",
            e);
      }
      if (der.length == 0) {
        throw new PemFormatException(source, line, "the " + label + " block is empty", null);
      }
      return der;
    }
  }
}
