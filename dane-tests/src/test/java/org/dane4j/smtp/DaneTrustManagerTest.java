package org.dane4j.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.dane4j.core.DaneResult;
import org.dane4j.core.DaneVerifier;
import org.dane4j.core.TlsaRecord;
import org.dane4j.smtp.internal.DaneTrustManager;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DaneTrustManagerTest {
  private static final List<String> NAMES = List.of("mx1.example.test", "example.test");

  private static TestCertificate leaf;
  private static TestCertificate intermediate;

  @BeforeAll
  static void pki() {
    leaf = TestCertificates.leaf("mx1.example.test");
    intermediate = leaf.issuer().orElseThrow();
  }

  @Test
  void daneEe_matchingLeaf_isAcceptedAndRecorded() throws Exception {
    DaneTrustManager trustManager = daneAuthenticated(leaf.tlsa("3 1 1"));

    trustManager.checkServerTrusted(chain(leaf), "ECDHE_ECDSA");

    assertThat(trustManager.outcome()).hasValueSatisfying(outcome -> {
      assertThat(outcome.accepted()).isTrue();
      assertThat(outcome.isDaneVerified()).isTrue();
      assertThat(outcome.peerChain()).containsExactlyElementsOf(leaf.chain());
      assertThat(outcome.toString()).startsWith("verified by DANE-EE(3) SPKI(1) SHA2-256(1)").endsWith("at depth 0");
    });
  }

  @Test
  void daneEe_attackerLeaf_isRejectedWithTheFullExplanation() {
    TestCertificate attacker = TestCertificates.attacker("mx1.example.test");
    TlsaRecord published = leaf.tlsa("3 1 1");
    DaneTrustManager trustManager = daneAuthenticated(published);
    DaneResult expected = DaneVerifier.builder().build().verify(attacker.chain(), List.of(published), NAMES);

    assertThatThrownBy(() -> trustManager.checkServerTrusted(chain(attacker), "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class)
        .hasMessage(expected.explanation())
        .hasMessageContaining(attacker.tlsa("3 1 1").dataHex());
    assertThat(trustManager.outcome()).hasValueSatisfying(outcome -> {
      assertThat(outcome.accepted()).isFalse();
      assertThat(outcome.toString()).isEqualTo("DANE verification failed");
    });
  }

  @Test
  void daneTa_leafWithReferenceName_isAcceptedWithTheName() throws Exception {
    DaneTrustManager trustManager = daneAuthenticated(intermediate.tlsa("2 1 1"));

    trustManager.checkServerTrusted(chain(leaf), "ECDHE_ECDSA");

    assertThat(trustManager.outcome().orElseThrow().toString())
        .startsWith("verified by DANE-TA(2)").endsWith("at depth 1, name mx1.example.test");
  }

  @Test
  void daneTa_leafWithOtherName_isRejected() {
    TestCertificate other = TestCertificate.builder().dnsNames("www.example.test").issuedBy(intermediate).build();
    DaneTrustManager trustManager = daneAuthenticated(intermediate.tlsa("2 1 1"));

    assertThatThrownBy(() -> trustManager.checkServerTrusted(chain(other), "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("DANE verification failed");
  }

  @Test
  void opportunistic_anyChain_isAcceptedWithoutDaneResult() throws Exception {
    DaneTrustManager trustManager = DaneTrustManager.builder().referenceNames(NAMES)
        .requirement(TlsRequirement.OPPORTUNISTIC).build();

    trustManager.checkServerTrusted(chain(TestCertificates.attacker("mx1.example.test")), "ECDHE_ECDSA");

    assertThat(trustManager.outcome()).hasValueSatisfying(outcome -> {
      assertThat(outcome.accepted()).isTrue();
      assertThat(outcome.daneResult()).isEmpty();
      assertThat(outcome.toString()).isEqualTo("not authenticated (no TLSA records)");
    });
  }

  @Test
  void tlsUnauthenticated_allRecordsUnusable_acceptsAnyChain() throws Exception {
    DaneTrustManager trustManager = DaneTrustManager.builder().tlsa(List.of(leaf.tlsa("1 1 1"), leaf.tlsa("0 1 1")))
        .referenceNames(NAMES).requirement(TlsRequirement.TLS_UNAUTHENTICATED).build();

    trustManager.checkServerTrusted(chain(TestCertificates.attacker("mx1.example.test")), "ECDHE_ECDSA");

    assertThat(trustManager.outcome().orElseThrow().toString()).isEqualTo("not authenticated (no usable TLSA records)");
  }

  @Test
  void tlsUnauthenticated_withUsableRecords_acceptsButRecordsTheMismatch() throws Exception {
    DaneTrustManager trustManager = DaneTrustManager.builder().tlsa(List.of(leaf.tlsa("3 1 1")))
        .referenceNames(NAMES).requirement(TlsRequirement.TLS_UNAUTHENTICATED).build();

    trustManager.checkServerTrusted(chain(TestCertificates.attacker("mx1.example.test")), "ECDHE_ECDSA");

    assertThat(trustManager.outcome()).hasValueSatisfying(outcome -> {
      assertThat(outcome.accepted()).isTrue();
      assertThat(outcome.daneResult().orElseThrow().status()).isEqualTo(DaneResult.Status.FAILED);
      assertThat(outcome.toString()).isEqualTo("DANE verification failed, accepted without authentication");
    });
  }

  @Test
  void daneAuthenticated_unusableRecordsOnly_isRejected() {
    DaneTrustManager trustManager = daneAuthenticated(leaf.tlsa("1 1 1"));

    assertThatThrownBy(() -> trustManager.checkServerTrusted(chain(leaf), "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class)
        .hasMessageStartingWith("No usable TLSA records");
  }

  @Test
  void emptyChain_isRejected() {
    DaneTrustManager trustManager = daneAuthenticated(leaf.tlsa("3 1 1"));

    assertThatThrownBy(() -> trustManager.checkServerTrusted(new X509Certificate[0], "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("sent no certificate");
  }

  @Test
  void checkClientTrusted_alwaysThrows() {
    DaneTrustManager trustManager = daneAuthenticated(leaf.tlsa("3 1 1"));

    assertThatThrownBy(() -> trustManager.checkClientTrusted(chain(leaf), "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("servers only");
  }

  @Test
  void acceptedIssuers_isEmpty() {
    assertThat(daneAuthenticated(leaf.tlsa("3 1 1")).getAcceptedIssuers()).isEmpty();
  }

  @Test
  void daneAuthenticated_withoutRecords_cannotBeBuilt() {
    assertThatThrownBy(() -> DaneTrustManager.builder().referenceNames(NAMES)
        .requirement(TlsRequirement.DANE_AUTHENTICATED).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mx1.example.test");
  }

  @Test
  void unreachable_isRefused() {
    assertThatThrownBy(() -> DaneTrustManager.builder().requirement(TlsRequirement.UNREACHABLE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static DaneTrustManager daneAuthenticated(TlsaRecord... records) {
    return DaneTrustManager.builder().tlsa(List.of(records)).referenceNames(NAMES)
        .requirement(TlsRequirement.DANE_AUTHENTICATED).build();
  }

  private static X509Certificate[] chain(TestCertificate certificate) {
    return certificate.chain().toArray(X509Certificate[]::new);
  }
}
