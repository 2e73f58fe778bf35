package org.dane4j.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
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
 * read for its certificates. Errors are {@link PemFormatException}s naming the file, the
 * line and the problem; they never quote block content, which could be a private key.
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
    return certificates(file.toString(), read(file));
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
    return publicKey(file.toString(), read(file));
  }

  private static String read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return Files.readString(file, StandardCharsets.US_ASCII);
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
