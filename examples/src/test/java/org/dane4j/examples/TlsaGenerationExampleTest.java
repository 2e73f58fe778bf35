package org.dane4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TlsaGenerationExample} prints the records that match the certificate. */
class TlsaGenerationExampleTest {
  private static final TestCertificate LEAF = TestCertificates.leaf("mx1.example.org", "*.example.org");
  private static final TestCertificate ISSUER = LEAF.issuer().orElseThrow();

  @Test
  void fullChain_givesDaneEeForTheLeafAndDaneTaForTheIssuer() {
    String text = TlsaGenerationExample.zoneFileText(LEAF.chain(), "mx1.example.org", 25);

    assertThat(text.lines().filter(line -> !line.startsWith(";"))).containsExactly(
        "_25._tcp.mx1.example.org. IN TLSA " + LEAF.tlsa("3 1 1"),
        "_25._tcp.mx1.example.org. IN TLSA " + LEAF.tlsa("3 1 2"),
        "_25._tcp.mx1.example.org. IN TLSA " + ISSUER.tlsa("2 1 1"));
    assertThat(text).contains("RFC 7671 section 8.1", "Publish the NEXT key's record");
  }

  @Test
  void leafOnly_hasNoDaneTaRecordAndSaysWhy() {
    String text = TlsaGenerationExample.zoneFileText(List.of(LEAF.certificate()), "mx1.example.org", 25);

    assertThat(text).doesNotContain("TLSA 2 ").contains("no DANE-TA(2) record: give the full chain");
  }

  @Test
  void main_readsThePemFileAndNamesTheHostFromTheCertificate(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("fullchain.pem");
    Files.writeString(file, LEAF.certificatePem() + ISSUER.certificatePem());

    String output = StandardOutput.capture(() -> TlsaGenerationExample.main(new String[] {file.toString()}));

    assertThat(output).startsWith("; TLSA records for mx1.example.org, port 25, from " + file)
        .contains("_25._tcp.mx1.example.org. IN TLSA " + LEAF.tlsa("3 1 1"))
        .contains("_25._tcp.mx1.example.org. IN TLSA " + ISSUER.tlsa("2 1 1"));
  }

  @Test
  void main_withoutArguments_usesAFreshTestCertificate() throws Exception {
    String output = StandardOutput.capture(() -> TlsaGenerationExample.main(new String[0]));

    assertThat(output).startsWith("; TLSA records for mx1.example.test, port 25")
        .containsPattern("_25\\._tcp\\.mx1\\.example\\.test\\. IN TLSA 3 1 1 [0-9a-f]{64}\n")
        .containsPattern("IN TLSA 2 1 1 [0-9a-f]{64}\n");
  }
}
