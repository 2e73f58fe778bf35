package org.dane4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.dane4j.core.MatchingType;
import org.dane4j.core.Pem;
import org.dane4j.core.PemFormatException;
import org.dane4j.core.Selector;
import org.dane4j.core.TlsaRecord;
import org.dane4j.core.Usage;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;

/**
 * What an operator publishes: reads a server's certificate file (PEM, leaf first, as most
 * servers are configured with) and prints the TLSA records for the zone file, with the
 * advice for changing keys later.
 *
 * <pre>
 * mvn -q -pl examples -am -DskipTests package exec:java \
 *     -Dexec.mainClass=org.dane4j.examples.TlsaGenerationExample -Dexec.args="/etc/mail/fullchain.pem mx1.example.org"
 * </pre>
 *
 * <p>Without arguments it makes a test chain for {@code mx1.example.test}, writes it to a
 * temporary file and reads that.
 */
public final class TlsaGenerationExample {
  private static final int SMTP_PORT = 25;

  private TlsaGenerationExample() {
  }

  /**
   * Prints the zone-file lines for a certificate file.
   *
   * @param args the PEM file, and optionally the MX host name (default: the certificate's
   *     first DNS name)
   * @throws IOException if the test certificate file cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path file = args.length > 0 ? Path.of(args[0]) : testCertificateFile();
    List<X509Certificate> chain;
    try {
      chain = Pem.readCertificates(file);
    } catch (IOException | PemFormatException e) {
      System.err.println("Cannot read certificates from " + file + ": " + e);
      System.exit(1);
      return;
    }
    String host = args.length > 1 ? args[1] : firstDnsName(chain.get(0));
    System.out.println("; TLSA records for " + host + ", port " + SMTP_PORT + ", from " + file);
    System.out.print(zoneFileText(chain, host, SMTP_PORT));
  }

  /**
   * The records to publish for a chain (leaf first) and its rollover advice, as zone-file
   * text: {@code 3 1 1} and {@code 3 1 2} for the leaf's key, {@code 2 1 1} for its issuer's
   * key when the chain has one.
   */
  static String zoneFileText(List<X509Certificate> chain, String host, int port) {
    String owner = "_" + port + "._tcp." + host + ". IN TLSA ";
    X509Certificate leaf = chain.get(0);
    StringBuilder out = new StringBuilder();
    out.append("; leaf:   ").append(leaf.getSubjectX500Principal()).append(", expires ")
        .append(leaf.getNotAfter().toInstant()).append('\n');
    // Selector SPKI(1): the record names the key, so renewing the certificate with the same key keeps it valid.
    out.append(owner).append(TlsaRecord.forCertificate(leaf, Usage.DANE_EE, Selector.SPKI, MatchingType.SHA2_256))
        .append('\n');
    out.append(owner).append(TlsaRecord.forCertificate(leaf, Usage.DANE_EE, Selector.SPKI, MatchingType.SHA2_512))
        .append('\n');
    if (chain.size() > 1) {
      X509Certificate issuer = chain.get(1);
      out.append("; issuer: ").append(issuer.getSubjectX500Principal())
          .append(" (DANE-TA: the server must send this certificate in its chain)\n");
      out.append(owner).append(TlsaRecord.forCertificate(issuer, Usage.DANE_TA, Selector.SPKI, MatchingType.SHA2_256))
          .append('\n');
    } else {
      out.append("; (the file holds no issuer certificate, so no DANE-TA(2) record: give the full chain to get one)\n");
    }
    out.append(";\n")
        .append("; Changing keys (RFC 7671 section 8.1, RFC 7672 section 4): a client must always find a\n")
        .append("; record that matches the key in use.\n")
        .append(";   1. Publish the NEXT key's record beside the current ones (run this on the new certificate).\n")
        .append(";   2. Wait at least twice the TLSA TTL, so every cache holds both.\n")
        .append(";   3. Switch the server to the new key and certificate.\n")
        .append(";   4. Only then remove the old key's record.\n")
        .append("; Publishing \"3 1 1\" with \"2 1 1\" also keeps mail flowing when the same CA reissues the\n")
        .append("; certificate with a new key.\n");
    return out.toString();
  }

  /** The first non-wildcard DNS name of the certificate's subjectAltName, or a placeholder. */
  static String firstDnsName(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          // 2 is dNSName (RFC 5280 section 4.2.1.6).
          if (Integer.valueOf(2).equals(name.get(0)) && !name.get(1).toString().startsWith("*")) {
            return name.get(1).toString();
          }
        }
      }
    } catch (CertificateParsingException e) {
      // Fall through to the placeholder: the records themselves do not depend on the name.
    }
    return "mx.example.org";
  }

  /** A fresh test chain (leaf and intermediate) for mx1.example.test in a temporary PEM file. */
  private static Path testCertificateFile() throws IOException {
    TestCertificate leaf = TestCertificates.leaf("mx1.example.test");
    Path file = Files.createTempFile("dane4j-example-", ".pem");
    file.toFile().deleteOnExit();
    Files.writeString(file, leaf.certificatePem() + leaf.issuer().orElseThrow().certificatePem());
    return file;
  }
}
