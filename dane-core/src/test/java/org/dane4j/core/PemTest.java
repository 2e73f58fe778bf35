package org.dane4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {
  @TempDir
  Path dir;

  @Test
  void readCertificates_noBlock_saysSo() {
    assertThatThrownBy(() -> Pem.readCertificates("just some text"))
        .isInstanceOf(PemFormatException.class)
        .hasMessage("PEM text: no -----BEGIN CERTIFICATE----- block (no PEM block at all)");
  }

  @Test
  void readCertificates_missingEnd_namesTheLineOfTheBlock() {
    assertThatThrownBy(() -> Pem.readCertificates("header\n-----BEGIN CERTIFICATE-----\nMIIB\n"))
        .isInstanceOf(PemFormatException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("no -----END CERTIFICATE----- line")
        .extracting(e -> ((PemFormatException) e).line()).isEqualTo(2);
  }

  @Test
  void readCertificates_mismatchedEnd_saysWhichEnd() {
    assertThatThrownBy(() -> Pem.readCertificates("-----BEGIN CERTIFICATE-----\nMIIB\n-----END PUBLIC KEY-----\n"))
        .isInstanceOf(PemFormatException.class)
        .hasMessageContaining("ends with \"-----END PUBLIC KEY-----\"");
  }

  @Test
  void readCertificates_badBase64_saysSo() {
    assertThatThrownBy(() -> Pem.readCertificates("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"))
        .isInstanceOf(PemFormatException.class)
        .hasMessageContaining("not valid base64");
  }

  @Test
  void readCertificates_base64ThatIsNoCertificate_saysSo() {
    assertThatThrownBy(() -> Pem.readCertificates("-----BEGIN CERTIFICATE-----\nAAECAw==\n-----END CERTIFICATE-----\n"))
        .isInstanceOf(PemFormatException.class)
        .hasMessageContaining("line 1: the CERTIFICATE block is not a DER certificate");
  }

  @Test
  void readCertificates_onlyAPrivateKey_listsWhatWasFoundWithoutItsContent() {
    String secret = "MC4CAQAwBQYDK2VwBCIEIJ+secretsecretsecretsecretsecretsecretsecretAA";

    assertThatThrownBy(() -> Pem.readCertificates("-----BEGIN PRIVATE KEY-----\n" + secret + "\n-----END PRIVATE KEY-----\n"))
        .isInstanceOf(PemFormatException.class)
        .hasMessageContaining("found PRIVATE KEY at line 1")
        .hasMessageNotContaining("secret");
  }

  @Test
  void readCertificates_file_namesTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("mail.pem"), "nothing here\n");

    assertThatThrownBy(() -> Pem.readCertificates(file))
        .isInstanceOf(PemFormatException.class)
        .hasMessageStartingWith(file + ": no -----BEGIN CERTIFICATE----- block")
        .extracting(e -> ((PemFormatException) e).source()).isEqualTo(file.toString());
  }

  @Test
  void readCertificate_missingFile_throwsIoExceptionNamingTheFile() {
    Path missing = dir.resolve("missing.pem");

    assertThatThrownBy(() -> Pem.readCertificate(missing))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("missing.pem");
  }

  @Test
  void readPublicKey_ed25519Block_decodes() {
    // The Ed25519 public key of RFC 8410 section 10.1.
    String pem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n";

    assertThat(Pem.readPublicKey(pem).getAlgorithm()).isIn("EdDSA", "Ed25519");
  }

  @Test
  void readPublicKey_certificateOnly_pointsToTheCertificatesKey() {
    assertThatThrownBy(() -> Pem.readPublicKey("-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n"))
        .isInstanceOf(PemFormatException.class)
        .hasMessageContaining("no -----BEGIN PUBLIC KEY----- block")
        .hasMessageContaining("readCertificate(...).getPublicKey()");
  }
}
