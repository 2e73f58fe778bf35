package org.dane4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Fuzzing of {@link Pem}: whatever the text, reading certificates or a public key gives
 * them or a {@link PemFormatException}. Seeds (real PEM files of the testkit's PKI) in
 * {@code PemFuzzTestInputs/read/}; docs/FUZZING.md says how to fuzz.
 */
class PemFuzzTest {

  @FuzzTest
  void read(byte[] input) {
    String text = new String(input, StandardCharsets.ISO_8859_1);
    try {
      List<X509Certificate> certificates = Pem.readCertificates(text);
      assertThat(certificates).isNotEmpty().doesNotContainNull();
    } catch (PemFormatException e) {
      assertThat(e.getMessage()).startsWith("PEM text");
    }
    try {
      assertThat(Pem.readPublicKey(text)).isNotNull();
    } catch (PemFormatException e) {
      assertThat(e.getMessage()).startsWith("PEM text");
    }
  }
}
