package org.dane4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.dane4j.testkit.pki.KeyType;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the certificates and keys operators have in PEM files, and the TLSA records they publish. */
class PemCertificatesTest {
  @TempDir
  Path dir;

  @Test
  void readCertificates_chainFile_inOrder() throws IOException {
    TestCertificate leaf = TestCertificates.leaf("mx1.example.test");
    TestCertificate intermediate = leaf.issuer().orElseThrow();
    Path file = Files.writeString(dir.resolve("fullchain.pem"), leaf.certificatePem() + intermediate.certificatePem());

    assertThat(Pem.readCertificates(file)).containsExactly(leaf.certificate(), intermediate.certificate());
  }

  @Test
  void readCertificate_fileWithKeyAndOpenSslNoise_givesTheLeaf() throws IOException {
    TestCertificate leaf = TestCertificates.leaf("mx1.example.test");
    String content = leaf.privateKeyPem() + "subject=CN=mx1.example.test\r\n" + leaf.certificatePem()
        + leaf.issuer().orElseThrow().certificatePem();
    Path file = Files.writeString(dir.resolve("mail.pem"), content);

    assertThat(Pem.readCertificate(file)).isEqualTo(leaf.certificate());
  }

  @Test
  void tlsaFromPemFile_equalsTheRecordOfTheCertificate() throws IOException {
    TestCertificate leaf = TestCertificate.builder().dnsNames("mx1.example.test").keyType(KeyType.RSA_2048).build();
    Path file = Files.writeString(dir.resolve("cert.pem"), leaf.certificatePem());

    TlsaRecord record = TlsaRecord.forCertificate(Pem.readCertificate(file), Usage.DANE_EE, Selector.SPKI,
        MatchingType.SHA2_256);

    assertThat(record).isEqualTo(leaf.tlsa("3 1 1"));
  }

  @Test
  void readPublicKey_ofEveryKeyType_equalsTheKey() {
    for (KeyType type : KeyType.values()) {
      TestCertificate certificate = TestCertificate.builder().keyType(type).build();
      String pem = "-----BEGIN PUBLIC KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.keyPair().getPublic().getEncoded())
          + "\n-----END PUBLIC KEY-----\n";

      assertThat(Pem.readPublicKey(pem).getEncoded()).as(type.name())
          .isEqualTo(certificate.keyPair().getPublic().getEncoded());
    }
  }

  @Test
  void readCertificates_derFileAndDerBundle() throws Exception {
    TestCertificate leaf = TestCertificates.leaf("mx1.example.test");
    TestCertificate intermediate = leaf.issuer().orElseThrow();
    byte[] leafDer = leaf.certificate().getEncoded();
    byte[] bundle = concat(leafDer, intermediate.certificate().getEncoded());
    Path file = Files.write(dir.resolve("cert.der"), leafDer);

    assertThat(Pem.readCertificate(file)).isEqualTo(leaf.certificate());
    assertThat(Pem.readCertificates(bundle)).containsExactly(leaf.certificate(), intermediate.certificate());
  }

  @Test
  void readPublicKey_derSubjectPublicKeyInfo_ecAndEd25519() {
    TestCertificate ec = TestCertificates.leaf("mx1.example.test");
    TestCertificate ed = TestCertificate.builder().dnsNames("mx1.example.test").keyType(KeyType.ED25519).build();

    assertThat(Pem.readPublicKey(ec.certificate().getPublicKey().getEncoded()))
        .isEqualTo(ec.certificate().getPublicKey());
    assertThat(Pem.readPublicKey(ed.certificate().getPublicKey().getEncoded()))
        .isEqualTo(ed.certificate().getPublicKey());
  }

  @Test
  void truncatedDer_isExplainedWithTheExpectedForm() throws Exception {
    byte[] der = TestCertificates.leaf("mx1.example.test").certificate().getEncoded();
    byte[] truncated = java.util.Arrays.copyOf(der, der.length - 10);

    assertThatThrownBy(() -> Pem.readCertificates(truncated)).isInstanceOf(PemFormatException.class)
        .hasMessageContaining("DER SEQUENCE at byte 0", "truncated");
    assertThatThrownBy(() -> Pem.readCertificates(new byte[] {0x02, 0x01, 0x00}))
        .isInstanceOf(PemFormatException.class).hasMessageContaining("no -----BEGIN CERTIFICATE----- block");
    assertThatThrownBy(() -> Pem.readCertificates(concat(der, new byte[] {0x04, 0x00})))
        .isInstanceOf(PemFormatException.class).hasMessageContaining("expected PEM text or DER", "byte " + der.length);
  }

  @Test
  void pemTextStartingWithZero_isStillReadAsPem() {
    TestCertificate leaf = TestCertificates.leaf("mx1.example.test");
    byte[] text = ("0 certificates follow\n" + leaf.certificatePem()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    assertThat(Pem.readCertificates(text)).containsExactly(leaf.certificate());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
