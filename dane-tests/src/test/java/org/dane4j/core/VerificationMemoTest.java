package org.dane4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dane4j.testkit.TestClock;
import org.dane4j.testkit.pki.TestCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DANE-TA(2) memo of {@link DaneVerifier}: a chain verified before is answered from
 * memory, but only for exactly the same certificate bytes, records and names, and only while
 * the verifier's clock is inside the certificates' validity dates.
 */
class VerificationMemoTest {
  private static final String HOST = "mx1.example.test";
  private static final List<String> NAMES = List.of(HOST, "example.test");
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private static TestCertificate root;
  private static TestCertificate intermediate;
  private static TestCertificate leaf;
  private static TlsaRecord anchor;

  @BeforeAll
  static void pki() {
    root = TestCertificate.builder().commonName("Memo Root").certificateAuthority(1).build();
    intermediate = TestCertificate.builder().commonName("Memo Int").certificateAuthority(0).issuedBy(root).build();
    leaf = leafValidUntil(NOW.plus(Duration.ofDays(30)));
    anchor = intermediate.tlsa("2 1 1");
  }

  private static TestCertificate leafValidUntil(Instant notAfter) {
    return TestCertificate.builder().dnsNames(HOST).issuedBy(intermediate)
        .validity(NOW.minus(Duration.ofHours(1)), notAfter).build();
  }

  @Test
  void daneTa_sameChainRecordsAndNames_returnsRememberedResult() {
    DaneVerifier verifier = DaneVerifier.builder().build();

    DaneResult first = verifier.verify(leaf.chain(), List.of(anchor), NAMES);
    DaneResult second = verifier.verify(leaf.chain(), List.of(anchor), NAMES);

    assertThat(first.isVerified()).isTrue();
    assertThat(second).isSameAs(first);
  }

  @Test
  void daneTa_equalCertificatesParsedAgain_hitTheMemo() throws Exception {
    DaneVerifier verifier = DaneVerifier.builder().build();
    DaneResult first = verifier.verify(leaf.chain(), List.of(anchor), NAMES);

    List<X509Certificate> reparsed = new ArrayList<>();
    for (X509Certificate certificate : leaf.chain()) {
      reparsed.add((X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(certificate.getEncoded())));
    }

    assertThat(verifier.verify(reparsed, List.of(anchor), NAMES)).isSameAs(first);
  }

  @Test
  void daneTa_tamperedLeafSignatureAfterAHit_failsAfresh() {
    DaneVerifier verifier = DaneVerifier.builder().build();
    assertThat(verifier.verify(leaf.chain(), List.of(anchor), NAMES).isVerified()).isTrue();
    TestCertificate tampered = TestCertificate.builder().dnsNames(HOST).issuedBy(intermediate)
        .keyPair(leaf.keyPair()).serialNumber(leaf.certificate().getSerialNumber())
        .validity(leaf.certificate().getNotBefore().toInstant(), leaf.certificate().getNotAfter().toInstant())
        .signatureTampered().build();

    DaneResult result = verifier.verify(tampered.chain(), List.of(anchor), NAMES);

    assertThat(result.isVerified()).isFalse();
    assertThat(result.explanation()).contains("does not verify");
  }

  @Test
  void daneTa_otherReferenceNames_areCheckedAfresh() {
    DaneVerifier verifier = DaneVerifier.builder().build();
    assertThat(verifier.verify(leaf.chain(), List.of(anchor), NAMES).isVerified()).isTrue();

    DaneResult result = verifier.verify(leaf.chain(), List.of(anchor), List.of("mx2.example.test"));

    assertThat(result.isVerified()).isFalse();
  }

  @Test
  void daneTa_otherRecordSet_isVerifiedAfresh() {
    DaneVerifier verifier = DaneVerifier.builder().build();
    DaneResult first = verifier.verify(leaf.chain(), List.of(anchor), NAMES);
    TlsaRecord rootAnchor = root.tlsa("2 1 1");
    List<X509Certificate> chainWithRoot = leaf.chainWithRoot();

    DaneResult other = verifier.verify(chainWithRoot, List.of(anchor, rootAnchor), NAMES);

    assertThat(other).isNotSameAs(first);
    assertThat(other.records()).hasSize(2);
  }

  @Test
  void daneTa_clockPastLeafExpiry_failsAlthoughVerifiedBefore() {
    TestCertificate shortLived = leafValidUntil(NOW.plus(Duration.ofHours(1)));
    TestClock clock = TestClock.at(NOW);
    DaneVerifier verifier = DaneVerifier.builder().clock(clock).build();
    assertThat(verifier.verify(shortLived.chain(), List.of(anchor), NAMES).isVerified()).isTrue();

    clock.set(NOW.plus(Duration.ofHours(1)).plusSeconds(1));
    DaneResult result = verifier.verify(shortLived.chain(), List.of(anchor), NAMES);

    assertThat(result.isVerified()).isFalse();
    assertThat(result.explanation()).contains("expired at");
  }

  @Test
  void daneTa_clockBeforeLeafNotBefore_failsAlthoughVerifiedBefore() {
    TestClock clock = TestClock.at(NOW);
    DaneVerifier verifier = DaneVerifier.builder().clock(clock).build();
    assertThat(verifier.verify(leaf.chain(), List.of(anchor), NAMES).isVerified()).isTrue();

    clock.set(NOW.minus(Duration.ofHours(2)));
    DaneResult result = verifier.verify(leaf.chain(), List.of(anchor), NAMES);

    assertThat(result.isVerified()).isFalse();
    assertThat(result.explanation()).contains("is not valid before");
  }

  @Test
  void daneTa_clockMovedWithinValidity_stillHitsTheMemo() {
    TestClock clock = TestClock.at(NOW);
    DaneVerifier verifier = DaneVerifier.builder().clock(clock).build();
    DaneResult first = verifier.verify(leaf.chain(), List.of(anchor), NAMES);

    clock.set(NOW.plus(Duration.ofDays(1)));

    assertThat(verifier.verify(leaf.chain(), List.of(anchor), NAMES)).isSameAs(first);
  }

  @Test
  void daneTa_memoFull_forgetsTheLeastRecentlyUsedChain() {
    DaneVerifier verifier = DaneVerifier.builder().cacheMaxEntries(2).build();
    List<List<X509Certificate>> chains = List.of(leafValidUntil(NOW.plus(Duration.ofDays(5))).chain(),
        leafValidUntil(NOW.plus(Duration.ofDays(6))).chain(), leafValidUntil(NOW.plus(Duration.ofDays(7))).chain());
    List<DaneResult> firsts = new ArrayList<>();
    for (List<X509Certificate> chain : chains) {
      firsts.add(verifier.verify(chain, List.of(anchor), NAMES));
    }

    assertThat(verifier.verify(chains.get(2), List.of(anchor), NAMES)).isSameAs(firsts.get(2));
    assertThat(verifier.verify(chains.get(1), List.of(anchor), NAMES)).isSameAs(firsts.get(1));
    DaneResult again = verifier.verify(chains.get(0), List.of(anchor), NAMES);
    assertThat(again).isNotSameAs(firsts.get(0));
    assertThat(again.isVerified()).isTrue();
  }

  @Test
  void cacheMaxEntriesZero_verifiesEveryTime() {
    DaneVerifier verifier = DaneVerifier.builder().cacheMaxEntries(0).build();

    DaneResult first = verifier.verify(leaf.chain(), List.of(anchor), NAMES);
    DaneResult second = verifier.verify(leaf.chain(), List.of(anchor), NAMES);

    assertThat(second).isNotSameAs(first);
    assertThat(second.isVerified()).isTrue();
    assertThat(verifier.cacheMaxEntries()).isZero();
  }

  @Test
  void cacheMaxEntries_negative_isRejected() {
    assertThatThrownBy(() -> DaneVerifier.builder().cacheMaxEntries(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void daneTa_failedVerification_isNotRemembered() {
    DaneVerifier verifier = DaneVerifier.builder().build();
    List<String> wrongNames = List.of("elsewhere.test");

    DaneResult first = verifier.verify(leaf.chain(), List.of(anchor), wrongNames);
    DaneResult second = verifier.verify(leaf.chain(), List.of(anchor), wrongNames);

    assertThat(first.isVerified()).isFalse();
    assertThat(second).isNotSameAs(first);
  }

  @Test
  void daneTa_manyThreadsSameChain_allGetTheVerifiedResult() throws Exception {
    DaneVerifier verifier = DaneVerifier.builder().cacheMaxEntries(1).build();
    List<List<X509Certificate>> chains = List.of(leaf.chain(), leafValidUntil(NOW.plus(Duration.ofDays(9))).chain());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<DaneResult>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        List<X509Certificate> chain = chains.get(i % 2);
        futures.add(pool.submit(() -> verifier.verify(chain, List.of(anchor), NAMES)));
      }
      for (int i = 0; i < futures.size(); i++) {
        DaneResult result = futures.get(i).get();
        assertThat(result.isVerified()).isTrue();
        assertThat(result.validatedPath().get(0)).isEqualTo(chains.get(i % 2).get(0));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
