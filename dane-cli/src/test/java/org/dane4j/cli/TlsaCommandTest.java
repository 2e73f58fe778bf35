package org.dane4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.dane4j.testkit.smtp.StartTlsMode;
import org.dane4j.testkit.smtp.TestSmtpServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsaCommandTest {
  static final TestCertificate CURRENT = TestCertificates.leaf("mx1.example.test");
  static final TestCertificate NEXT = TestCertificates.leaf("mx1.example.test");

  @TempDir
  static Path dir;
  static Path chainFile;
  static Path leafOnly;
  static Path nextFile;

  @BeforeAll
  static void writeFiles() throws Exception {
    chainFile = dir.resolve("chain.pem");
    StringBuilder chain = new StringBuilder(CURRENT.certificatePem());
    chain.append(CURRENT.issuer().orElseThrow().certificatePem());
    Files.writeString(chainFile, chain);
    leafOnly = Files.writeString(dir.resolve("leaf.pem"), CURRENT.certificatePem());
    nextFile = Files.writeString(dir.resolve("next.pem"), NEXT.certificatePem());
  }

  @Test
  void chainFile_printsCurrentAndIssuerPair() {
    Cli cli = Cli.run("tlsa", chainFile.toString());

    assertThat(cli.exit()).as(cli.toString()).isZero();
    assertThat(cli.out())
        .contains("_25._tcp.mx1.example.test. IN TLSA " + CURRENT.tlsa("3 1 1") + "  ; current")
        .contains("_25._tcp.mx1.example.test. IN TLSA " + CURRENT.issuer().orElseThrow().tlsa("2 1 1") + "  ; issuer");
  }

  @Test
  void next_printsTheRolloverPair() {
    Cli cli = Cli.run("tlsa", leafOnly.toString(), "--next", nextFile.toString(), "--owner", "mx.example.org",
        "--ttl", "3600");

    assertThat(cli.exit()).as(cli.toString()).isZero();
    assertThat(cli.out())
        .contains("_25._tcp.mx.example.org. 3600 IN TLSA " + CURRENT.tlsa("3 1 1"))
        .contains("_25._tcp.mx.example.org. 3600 IN TLSA " + NEXT.tlsa("3 1 1") + "  ; next");
  }

  @Test
  void leafOnlyWithoutNext_warnsAboutTheRollover() {
    Cli cli = Cli.run("tlsa", leafOnly.toString());

    assertThat(cli.out()).contains("; rollover: publish the next key's record too");
  }

  @Test
  void usageSelectorMatchingType_areHonoured() {
    Cli cli = Cli.run("tlsa", chainFile.toString(), "--usage", "DANE-TA", "--selector", "0", "--mtype", "SHA2-512");

    assertThat(cli.out()).contains("IN TLSA " + CURRENT.issuer().orElseThrow().tlsa("2 0 2"));
  }

  @Test
  void liveServer_chainIsFetchedOverStartTls() throws Exception {
    try (TestSmtpServer server = TestSmtpServer.builder().address(InetAddress.getByName("127.0.0.1"))
        .tls(CURRENT.serverSslContext()).start()) {
      Cli cli = Cli.run("tlsa", "127.0.0.1:" + server.port(), "--owner", "mx1.example.test", "--port", "25");

      assertThat(cli.exit()).as(cli.toString()).isZero();
      assertThat(cli.out()).contains("from STARTTLS at 127.0.0.1:" + server.port())
          .contains("_25._tcp.mx1.example.test. IN TLSA " + CURRENT.tlsa("3 1 1"));
    }
  }

  @Test
  void serverWithoutStartTls_isOneLineAndExit2() throws Exception {
    try (TestSmtpServer server = TestSmtpServer.builder().tls(CURRENT.serverSslContext())
        .startTlsMode(StartTlsMode.HIDDEN).start()) {
      Cli cli = Cli.run("tlsa", "127.0.0.1:" + server.port(), "--owner", "mx1.example.test");

      assertThat(cli.exit()).isEqualTo(2);
      assertThat(cli.err().strip()).isEqualTo("dane tlsa: 127.0.0.1: STARTTLS not offered in the EHLO reply");
    }
  }

  @Test
  void unreachableServer_isOneLineAndExit2() {
    Cli cli = Cli.run("tlsa", "127.0.0.1:1", "--timeout", "2", "--owner", "mx1.example.test");

    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.err()).startsWith("dane tlsa: 127.0.0.1: cannot connect to 127.0.0.1:1").doesNotContain("\tat ");
    assertThat(cli.err().lines()).hasSize(1);
  }

  @Test
  void addressWithoutOwner_isRefused() {
    Cli cli = Cli.run("tlsa", "192.0.2.1:25");

    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.err().strip()).isEqualTo("dane tlsa: 192.0.2.1 is an address: give the MX host name with --owner");
  }

  @Test
  void missingFileAndBadPem_areOneLine() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");

    for (List<String> args : List.of(List.of("tlsa", "/no/such.pem"), List.of("tlsa", garbage.toString()))) {
      Cli cli = Cli.run(args.toArray(String[]::new));
      assertThat(cli.exit()).isEqualTo(2);
      assertThat(cli.err().lines()).as(cli.toString()).hasSize(1);
    }
  }
}
