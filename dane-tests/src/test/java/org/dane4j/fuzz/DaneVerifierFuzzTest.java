package org.dane4j.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dane4j.core.DaneResult;
import org.dane4j.core.DaneVerifier;
import org.dane4j.core.TlsaRecord;
import org.dane4j.core.Usage;
import org.dane4j.fuzz.Frames.Frame;
import org.dane4j.testkit.pki.KeyType;
import org.dane4j.testkit.pki.TestCertificate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of {@link DaneVerifier#verify}: certificate chains (DER, mutated) against TLSA
 * records and reference names always give a {@link DaneResult} that explains itself, and
 * the same again when asked twice (the second answer may come from the memo). Any
 * exception is a finding: verify documents none for a non-empty chain.
 *
 * <p>An input is {@link Frames}: {@code 'C'} a DER certificate (leaf first), {@code 'T'} a
 * TLSA RDATA (usage, selector, matching type, data), {@code 'N'} a reference name in UTF-8;
 * without a name the names are {@code mx.example.test} and {@code example.test}. Bytes that
 * the JDK does not decode as a certificate are skipped, since the verifier only ever sees
 * decoded certificates. Seeds, real chains from the testkit's PKI, are in
 * {@code DaneVerifierFuzzTestInputs/verify/}; docs/FUZZING.md says how to fuzz and how
 * {@link #writeSeeds()} makes them.
 */
class DaneVerifierFuzzTest {
  /** The tag of the seed writers, which the normal build excludes (dane-tests/pom.xml). */
  static final String SEED_WRITER = "seed-writer";

  // Inside the validity of every seed certificate but the expired one.
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final List<String> DEFAULT_NAMES = List.of("mx.example.test", "example.test");

  @FuzzTest
  void verify(byte[] input) {
    List<X509Certificate> chain = new ArrayList<>();
    List<TlsaRecord> records = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Frame frame : Frames.parse(input)) {
      switch (frame.tag()) {
        case 'C' -> decode(frame.body(), chain);
        case 'T' -> {
          byte[] rdata = frame.body();
          if (rdata.length >= 3) {
            records.add(TlsaRecord.of(rdata[0] & 0xFF, rdata[1] & 0xFF, rdata[2] & 0xFF,
                Arrays.copyOfRange(rdata, 3, rdata.length)));
          }
        }
        case 'N' -> names.add(new String(frame.body(), StandardCharsets.UTF_8));
        default -> { }
      }
    }
    if (chain.isEmpty()) {
      return;
    }
    DaneVerifier verifier = DaneVerifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    List<String> referenceNames = names.isEmpty() ? DEFAULT_NAMES : names;

    DaneResult result = verifier.verify(chain, records, referenceNames);
    DaneResult again = verifier.verify(chain, records, referenceNames);

    assertThat(result.explanation()).isNotBlank();
    assertThat(again.status()).isEqualTo(result.status());
    if (result.isVerified()) {
      checkMatch(result, chain.get(0), records);
    }
    for (TlsaRecord record : records) {
      assertThat(verifier.isUsable(record)).isEqualTo(verifier.unusableReason(record) == null);
    }
  }

  // A verified result names a record of the set that really matches: the leaf itself for
  // DANE-EE(3); for DANE-TA(2) a path from the leaf and a reference name.
  private static void checkMatch(DaneResult result, X509Certificate leaf, List<TlsaRecord> records) {
    TlsaRecord matched = result.matchedRecord().orElseThrow();
    assertThat(records).contains(matched);
    if (matched.usage() == Usage.DANE_EE) {
      assertThat(TlsaRecord.forCertificate(leaf, Usage.DANE_EE, matched.selector(), matched.matchingType()))
          .isEqualTo(matched);
    } else {
      assertThat(matched.usage()).isEqualTo(Usage.DANE_TA);
      assertThat(result.validatedPath()).first().isEqualTo(leaf);
      assertThat(result.matchedName()).isPresent();
    }
  }

  private static void decode(byte[] der, List<X509Certificate> chain) {
    try {
      chain.add((X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der)));
    } catch (Exception e) {
      // Not a certificate to the JDK: a TLS stack would have refused it before DANE.
    }
  }

  /**
   * Writes the seed corpus: {@code mvn -pl dane-tests -am test -Dtest=DaneVerifierFuzzTest#writeSeeds
   * -DexcludedGroups=none -Ddane4j.fuzz.seeds=$PWD/dane-tests/src/test/resources
   * -Dsurefire.failIfNoSpecifiedTests=false}; the normal build excludes the tag {@value #SEED_WRITER}.
   */
  @Test
  @Tag(SEED_WRITER)
  void writeSeeds() throws Exception {
    assertThat(System.getProperty("dane4j.fuzz.seeds")).as("-Ddane4j.fuzz.seeds=<test resources folder>").isNotBlank();
    Path dir = Path.of(System.getProperty("dane4j.fuzz.seeds"), "org/dane4j/fuzz/DaneVerifierFuzzTestInputs/verify");
    Files.createDirectories(dir);
    Instant from = Instant.parse("2025-01-01T00:00:00Z");
    Instant until = Instant.parse("2035-01-01T00:00:00Z");
    TestCertificate root = TestCertificate.builder().commonName("Test Root CA").certificateAuthority(-1)
        .validity(from, until).build();
    TestCertificate intermediate = TestCertificate.builder().commonName("Test Intermediate CA")
        .certificateAuthority(0).issuedBy(root).validity(from, until).build();
    TestCertificate leaf = TestCertificate.builder().commonName("mx.example.test").dnsNames("mx.example.test")
        .issuedBy(intermediate).validity(from, until).build();
    TestCertificate wildcard = TestCertificate.builder().commonName("*.example.test").dnsNames("*.example.test")
        .issuedBy(root).validity(from, until).keyType(KeyType.RSA_2048).build();
    TestCertificate ed25519 = TestCertificate.builder().commonName("mx.example.test").dnsNames("mx.example.test")
        .issuedBy(root).validity(from, until).keyType(KeyType.ED25519).build();
    TestCertificate p384 = TestCertificate.builder().commonName("mx.example.test").keyType(KeyType.EC_P384)
        .validity(from, until).build();
    TestCertificate expired = TestCertificate.builder().commonName("mx.example.test").dnsNames("mx.example.test")
        .issuedBy(root).validity(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z"))
        .build();
    TestCertificate attacker = TestCertificate.builder().commonName("mx.example.test").dnsNames("mx.example.test")
        .validity(from, until).build();

    write(dir, "dane-ee-spki-sha256", chain(leaf.chain()).add('T', rdata(leaf.tlsa("3 1 1"))));
    write(dir, "dane-ee-cert-sha512-and-unusable-records", chain(leaf.chain())
        .add('T', rdata(leaf.tlsa("3 0 2"))).add('T', rdata(leaf.tlsa("1 1 1")))
        .add('T', rdata(TlsaRecord.of(3, 1, 1, new byte[] {1, 2, 3}))).add('T', rdata(TlsaRecord.of(4, 2, 3, new byte[0]))));
    write(dir, "dane-ta-cert-sha256-root-sent", chain(leaf.chainWithRoot()).add('T', rdata(root.tlsa("2 0 1"))));
    write(dir, "dane-ta-spki-full-root-not-sent", chain(leaf.chain()).add('T', rdata(root.tlsa("2 1 0")))
        .add('N', bytes("mx.example.test")));
    write(dir, "dane-ta-intermediate-out-of-order", chain(List.of(leaf.certificate(), root.certificate(),
        intermediate.certificate())).add('T', rdata(intermediate.tlsa("2 1 2"))));
    write(dir, "dane-ta-wildcard-rsa", chain(wildcard.chain()).add('T', rdata(root.tlsa("2 0 0")))
        .add('N', bytes("mx.example.test")).add('N', bytes("example.test.")));
    write(dir, "dane-ta-ed25519", chain(ed25519.chain()).add('T', rdata(root.tlsa("2 1 1"))));
    write(dir, "dane-ee-p384-self-signed", chain(p384.chain()).add('T', rdata(p384.tlsa("3 1 0"))));
    write(dir, "dane-ta-expired-leaf", chain(expired.chain()).add('T', rdata(root.tlsa("2 1 1"))));
    write(dir, "attacker-certificate-mismatch", chain(attacker.chain()).add('T', rdata(leaf.tlsa("3 1 1")))
        .add('T', rdata(root.tlsa("2 0 1"))));
  }

  private static Frames chain(List<X509Certificate> certificates) throws CertificateEncodingException {
    Frames frames = new Frames();
    for (X509Certificate certificate : certificates) {
      frames.add('C', certificate.getEncoded());
    }
    return frames;
  }

  private static byte[] rdata(TlsaRecord record) {
    byte[] data = record.data();
    byte[] rdata = new byte[3 + data.length];
    rdata[0] = (byte) record.usageValue();
    rdata[1] = (byte) record.selectorValue();
    rdata[2] = (byte) record.matchingTypeValue();
    System.arraycopy(data, 0, rdata, 3, data.length);
    return rdata;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Path dir, String name, Frames frames) throws IOException {
    Files.write(dir.resolve(name), frames.toByteArray());
  }
}
