package org.dane4j.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dane4j.attacks.TlsAttackWorld.assertDeferredAndNothingReceived;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.dane4j.core.TlsaRecord;
import org.dane4j.smtp.AttemptResult;
import org.dane4j.smtp.ChannelSecurity;
import org.dane4j.smtp.DeliveryAttempt;
import org.dane4j.smtp.DeliveryStatus;
import org.dane4j.smtp.DomainDelivery;
import org.dane4j.smtp.TlsRequirement;
import org.dane4j.smtp.internal.DaneTrustManager;
import org.dane4j.testkit.pki.KeyType;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A man in the middle (or a hostile holder of some certificate) presenting certificates
 * built to slip past DANE matching: other keys under the right name, the right CA under the
 * wrong name, broken paths, weak signatures, name tricks. RFC 7672 section 3 and RFC 7671
 * sections 5.1 and 5.2: DANE-EE(3) matches the leaf's key and nothing else; DANE-TA(2)
 * needs a valid path from the leaf to an issuer named by the record, and a leaf carrying a
 * reference name (RFC 7672 sections 3.2.2 and 3.2.3). Every scenario must end with the MX
 * host refused (DANE mismatch) and the mail deferred, nothing received by the server.
 *
 * <p>Scenarios run through {@code DaneMailer} and Jakarta Mail against a server presenting
 * the attacker's chain; a few that TLS cannot carry (an empty chain, a hundred certificates,
 * which the JDK itself caps) go to the {@link DaneTrustManager} directly.
 */
class CertificateAttacksTest {
  private static final List<String> NAMES = List.of("mx1.example.test", "example.test");

  /** The real server's leaf, issued by {@link #ca} under {@link #root}. */
  private static TestCertificate leaf;
  /** The real CA, named by the DANE-TA(2) record {@code 2 1 1}. */
  private static TestCertificate ca;
  private static TestCertificate root;

  @BeforeAll
  static void pki() {
    leaf = TestCertificates.leaf("mx1.example.test");
    ca = leaf.issuer().orElseThrow();
    root = ca.issuer().orElseThrow();
  }

  // --- DANE-EE(3): the key is the identity ----------------------------------------------

  @Test
  void presentsSelfSignedCertificateWithTheMxName_underDaneEe_isRefused() {
    assertRefused(leaf.tlsa("3 1 1"), TestCertificates.attacker("mx1.example.test").serverSslContext(), "");
  }

  @Test
  void presentsCertificateWithTheRightNameFromTheRightCaButAnotherKey_underDaneEe_isRefused() {
    TestCertificate misissued = TestCertificate.builder().dnsNames("mx1.example.test").issuedBy(ca).build();

    assertRefused(leaf.tlsa("3 1 1"), misissued.serverSslContext(), "");
  }

  @Test
  void replaysTheRealCertificateChainWithoutItsPrivateKey_isRefused() {
    // The chain matches 3 1 1, but the attacker signs the handshake with its own key:
    // possession of the key is what TLS proves, and the handshake must fail.
    KeyPair attackerKeys = KeyType.EC_P256.generate();
    try (TlsAttackWorld world = daneWorld(leaf.tlsa("3 1 1"),
        ServerTls.presenting(attackerKeys.getPrivate(), leaf.chain()))) {
      DomainDelivery delivery = world.send("user@example.test");

      assertDeferredAndNothingReceived(world, delivery, AttemptResult.TLS_HANDSHAKE_FAILED);
    }
  }

  @Test
  void presentsKeyWhoseDigestStartsWithAMalformedShortRecord_isRefused() {
    // A 3 1 1 record with 16 bytes of data is unusable (RFC 7671 section 5.1); it must never
    // be compared as a prefix of the attacker's digest. The good record stays enforced.
    TestCertificate attacker = TestCertificates.attacker("mx1.example.test");
    TlsaRecord truncated = TlsaRecord.of(3, 1, 1, Arrays.copyOf(attacker.tlsa("3 1 1").data(), 16));

    assertRefused(List.of(leaf.tlsa("3 1 1"), truncated), attacker.serverSslContext(), "");
  }

  @Test
  void presentsKeyWhoseSpkiStartsWithAPublishedFullRecord_isRefused() {
    // Matching type Full(0) compares the whole SubjectPublicKeyInfo, never a prefix.
    TestCertificate attacker = TestCertificates.attacker("mx1.example.test");
    byte[] spki = attacker.certificate().getPublicKey().getEncoded();
    TlsaRecord prefix = TlsaRecord.of(3, 1, 0, Arrays.copyOf(spki, spki.length - 8));

    assertRefused(List.of(leaf.tlsa("3 1 1"), prefix), attacker.serverSslContext(), "");
  }

  // --- DANE-TA(2): issuer, path and name ------------------------------------------------

  @Test
  void presentsLeafWithTheRightNameFromItsOwnCa_underDaneTa_isRefused() {
    assertRefused(ca.tlsa("2 1 1"), TestCertificates.leaf("mx1.example.test").serverSslContext(), "");
  }

  @Test
  void presentsTheTrustAnchorCertificateItselfAsTheLeaf_underDaneTa_isRefused() {
    // A CA certificate that even carries the MX name: the trust anchor is an issuer, never the leaf (RFC 7671 5.2).
    TestCertificate caAsLeaf = TestCertificate.builder().commonName("mx1.example.test").dnsNames("mx1.example.test")
        .certificateAuthority(0).build();

    assertRefused(caAsLeaf.tlsa("2 1 1"), caAsLeaf.serverSslContext(), "never the leaf");
  }

  @Test
  void presentsLeafForAnotherNameUnderTheRightTrustAnchor_isRefused() {
    TestCertificate otherName = TestCertificate.builder().dnsNames("www.example.test").issuedBy(ca).build();

    assertRefused(ca.tlsa("2 1 1"), otherName.serverSslContext(), "no name in the leaf certificate matches");
  }

  @Test
  void forgesLeafClaimingTheTrustAnchorAsIssuer_signedWithItsOwnKey_isRefused() {
    KeyPair keys = KeyType.EC_P256.generate();
    KeyPair attackerCaKeys = KeyType.EC_P256.generate();
    X509Certificate forged = CertificateForge.leaf("CN=mx1.example.test").dnsName("mx1.example.test")
        .claimsIssuer(ca.certificate().getSubjectX500Principal(), attackerCaKeys.getPrivate(), "SHA256withECDSA")
        .build(keys);

    assertRefused(ca.tlsa("2 1 1"), ServerTls.presenting(keys.getPrivate(), List.of(forged, ca.certificate())),
        "does not verify");
  }

  @Test
  void usesAnEndEntityCertificateOfTheTrustAnchorToIssueItsOwnLeaf_isRefused() {
    // The attacker legitimately holds www.example.test from the real CA and signs with its key
    // (basicConstraints cA=false): the classic basicConstraints attack.
    TestCertificate attackersOwn = TestCertificate.builder().dnsNames("www.example.test").issuedBy(ca).build();
    TestCertificate issuedByLeaf = TestCertificate.builder().dnsNames("mx1.example.test").issuedBy(attackersOwn)
        .build();

    assertRefused(ca.tlsa("2 1 1"), issuedByLeaf.serverSslContext(), "not a CA certificate");
  }

  @Test
  void issuesFromASubCaBelowAPathLengthZeroTrustAnchor_isRefused() {
    // The real CA has pathLenConstraint 0; a CA certificate it issued anyway must not issue leaves.
    TestCertificate subCa = TestCertificate.builder().commonName("Attacker Sub CA").certificateAuthority(-1)
        .issuedBy(ca).build();
    TestCertificate viaSubCa = TestCertificate.builder().dnsNames("mx1.example.test").issuedBy(subCa).build();

    assertRefused(ca.tlsa("2 1 1"), viaSubCa.serverSslContext(), "pathLenConstraint");
  }

  @Test
  void presentsExpiredLeafUnderTheRightTrustAnchor_underDaneTa_isRefused() {
    // RFC 7671 section 5.2: DANE-TA(2) is validated like PKIX from the anchor on, dates included
    // (unlike DANE-EE(3), where an expired leaf is fine).
    TestCertificate expired = TestCertificate.builder().dnsNames("mx1.example.test").issuedBy(ca).expired().build();

    assertRefused(ca.tlsa("2 1 1"), expired.serverSslContext(), "expired");
  }

  @Test
  void presentsChainWithANotYetValidIntermediate_underDaneTaRoot_isRefused() {
    TestCertificate early = TestCertificate.builder().commonName("Early Intermediate CA").certificateAuthority(0)
        .issuedBy(root).notYetValid().build();
    TestCertificate viaEarly = TestCertificate.builder().dnsNames("mx1.example.test").issuedBy(early).build();

    assertRefused(root.tlsa("2 1 1"), ServerTls.presenting(viaEarly, true), "is not valid before");
  }

  @Test
  void presentsLeafSignedWithSha1_underDaneTa_isRefused() {
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate sha1 = CertificateForge.leaf("CN=mx1.example.test").dnsName("mx1.example.test")
        .issuedBy(ca, "SHA1withECDSA").build(keys);

    assertRefused(ca.tlsa("2 1 1"), ServerTls.presenting(keys.getPrivate(), List.of(sha1, ca.certificate())),
        "weak algorithm");
  }

  @Test
  void presentsLeafSignedWithMd5_underDaneTa_isRefused() {
    TestCertificate rsaCa = TestCertificate.builder().commonName("Test RSA Intermediate CA").keyType(KeyType.RSA_2048)
        .certificateAuthority(0).issuedBy(root).build();
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate md5 = CertificateForge.leaf("CN=mx1.example.test").dnsName("mx1.example.test")
        .issuedBy(rsaCa, "MD5withRSA").build(keys);

    assertRefused(rsaCa.tlsa("2 1 1"), ServerTls.presenting(keys.getPrivate(), List.of(md5, rsaCa.certificate())),
        "weak algorithm");
  }

  @Test
  void presentsLeafWithAnUnknownCriticalExtension_underDaneTa_isRefused() {
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate critical = CertificateForge.leaf("CN=mx1.example.test").dnsName("mx1.example.test")
        .issuedBy(ca, "SHA256withECDSA").unknownCriticalExtension().build(keys);

    assertRefused(ca.tlsa("2 1 1"), ServerTls.presenting(keys.getPrivate(), List.of(critical, ca.certificate())),
        CertificateForge.UNKNOWN_EXTENSION);
  }

  @Test
  void forgedLeafWithoutTheTrick_isAccepted_soTheForgedScenariosFailForTheirTrickAlone() {
    // Control for the CertificateForge scenarios above: the same construction, SHA-256, no odd extension.
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate sound = CertificateForge.leaf("CN=mx1.example.test").dnsName("mx1.example.test")
        .issuedBy(ca, "SHA256withECDSA").build(keys);
    try (TlsAttackWorld world = daneWorld(List.of(ca.tlsa("2 1 1")),
        ServerTls.presenting(keys.getPrivate(), List.of(sound, ca.certificate())))) {
      assertThat(world.send("user@example.test").delivery().orElseThrow().security())
          .isEqualTo(ChannelSecurity.DANE_VERIFIED);
    }
  }

  // --- DANE-TA(2) name tricks (RFC 7672 section 3.2.3) ---------------------------------

  @Test
  void presentsWildcardForOneLabel_toAnMxTwoLabelsBelow_isRefused() {
    TestCertificate wildcard = TestCertificate.builder().dnsNames("*.example.test").issuedBy(ca).build();
    try (TlsAttackWorld world = TlsAttackWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx.mail", "mx.mail A 127.0.0.2",
            "_PORT._tcp.mx.mail TLSA " + ca.tlsa("2 1 1"))
        .server("127.0.0.2", wildcard.serverSslContext()).start()) {
      assertRefusedIn(world, "no name in the leaf certificate matches");
    }
  }

  @Test
  void presentsPartialWildcardLabel_isRefused() {
    TestCertificate partial = TestCertificate.builder().dnsNames("mx*.example.test").issuedBy(ca).build();

    assertRefused(ca.tlsa("2 1 1"), partial.serverSslContext(), "not a usable wildcard");
  }

  @Test
  void presentsWildcardInANonLeftmostLabel_isRefused() {
    TestCertificate inner = TestCertificate.builder().dnsNames("mx1.*.test").issuedBy(ca).build();

    assertRefused(ca.tlsa("2 1 1"), inner.serverSslContext(), "not a usable wildcard");
  }

  @Test
  void presentsWildcardForAWholeTopLevelDomain_isRefused() {
    // "*.test" would match the next-hop reference name "example.test".
    TestCertificate tld = TestCertificate.builder().dnsNames("*.test").issuedBy(ca).build();

    assertRefused(ca.tlsa("2 1 1"), tld.serverSslContext(), "no name in the leaf certificate matches");
  }

  @Test
  void putsTheMxNameOnlyInTheCommonNameWhileSubjectAltNameHasOthers_isRefused() {
    TestCertificate cnOnly = TestCertificate.builder().subject("CN=mx1.example.test").dnsNames("www.example.test")
        .issuedBy(ca).build();

    assertRefused(ca.tlsa("2 1 1"), cnOnly.serverSslContext(), "subjectAltName DNS-IDs [www.example.test]");
  }

  @Test
  void hidesTheMxNameBeforeANulByteInTheCommonName_isRefused() {
    TestCertificate nul = TestCertificate.builder().commonName("mx1.example.test\u0000.attacker.test").issuedBy(ca)
        .build();

    assertRefused(ca.tlsa("2 1 1"), nul.serverSslContext(), "");
  }

  @Test
  void hidesTheMxNameBeforeANulByteInSubjectAltName_isRefused() {
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate nul = CertificateForge.leaf("CN=mx1.example.test").dnsName("mx1.example.test\u0000.attacker.test")
        .issuedBy(ca, "SHA256withECDSA").build(keys);

    assertRefused(ca.tlsa("2 1 1"), ServerTls.presenting(keys.getPrivate(), List.of(nul, ca.certificate())), "");
  }

  @Test
  void writesTheMxNameWithAFullwidthFullStop_isRefused() {
    // U+FF0E is not a label separator in a presented identifier: compare A-labels without
    // IDNA2003 mapping (RFC 6125 section 6.4, RFC 7672 section 3.2.3). Issue 9.
    TestCertificate fullwidth = TestCertificate.builder().commonName("mx1\uFF0Eexample\uFF0Etest").issuedBy(ca)
        .build();

    assertRefused(ca.tlsa("2 1 1"), fullwidth.serverSslContext(), "");
  }

  @Test
  void writesTheMxNameWithAnIdeographicFullStop_isRefused() {
    TestCertificate ideographic = TestCertificate.builder().commonName("mx1\u3002example.test").issuedBy(ca).build();

    assertRefused(ca.tlsa("2 1 1"), ideographic.serverSslContext(), "");
  }

  @Test
  void writesTheMxNameWithAHalfwidthIdeographicFullStop_isRefused() {
    TestCertificate halfwidth = TestCertificate.builder().commonName("mx1\uFF61example.test").issuedBy(ca).build();

    assertRefused(ca.tlsa("2 1 1"), halfwidth.serverSslContext(), "");
  }

  @Test
  void writesTheMxNameInFullwidthLetters_isRefused() {
    // NFKC (IDNA2003 nameprep) folds U+FF4D U+FF58 to "mx"; an A-label comparison must not.
    TestCertificate fullwidth = TestCertificate.builder().commonName("\uFF4D\uFF58\uFF11.example.test").issuedBy(ca)
        .build();

    assertRefused(ca.tlsa("2 1 1"), fullwidth.serverSslContext(), "");
  }

  @Test
  void writesTheMxNameWithACyrillicHomograph_isRefused() {
    TestCertificate homograph = TestCertificate.builder().commonName("mx1.\u0435xample.test").issuedBy(ca).build();

    assertRefused(ca.tlsa("2 1 1"), homograph.serverSslContext(), "");
  }

  // --- SNI (RFC 7672 section 8.1) --------------------------------------------------------

  @Test
  void answersTheMxSniWithAnotherTenantsCertificateFromTheSharedCa_isRefused() {
    TestCertificate otherTenant = TestCertificate.builder().dnsNames("mx.tenant-b.test").issuedBy(ca).build();

    assertRefused(ca.tlsa("2 1 1"), ServerTls.bySni(Map.of("mx1.example.test", otherTenant), leaf),
        "no name in the leaf certificate matches");
  }

  @Test
  void sharedHostChoosingBySni_getsTheTlsaBaseDomain_andOnlyItsCertificateVerifies() {
    // Control for the SNI scenario: the client names the TLSA base domain, so the honest
    // shared host picks the right certificate; everyone else's would be refused.
    TestCertificate otherTenant = TestCertificate.builder().dnsNames("mx.tenant-b.test").issuedBy(ca).build();
    try (TlsAttackWorld world = daneWorld(List.of(ca.tlsa("2 1 1")),
        ServerTls.bySni(Map.of("mx1.example.test", leaf), otherTenant))) {
      DomainDelivery delivery = world.send("user@example.test");

      assertThat(delivery.delivery().orElseThrow().security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
      assertThat(world.server("127.0.0.2").messages()).singleElement()
          .satisfies(m -> assertThat(m.tls().serverName()).hasValue("mx1.example.test"));
    }
  }

  // --- Hostile chains: empty, duplicated, looping, huge ---------------------------------

  @Test
  void sendsAnEmptyCertificateList_isRefusedByTheTrustManager() {
    DaneTrustManager trustManager = daneAuthenticated(leaf.tlsa("3 1 1"));

    assertThatThrownBy(() -> trustManager.checkServerTrusted(new X509Certificate[0], "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
    assertThatThrownBy(() -> trustManager.checkServerTrusted(null, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
    assertThatThrownBy(() -> trustManager.checkServerTrusted(new X509Certificate[] {null}, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void sendsTheTrustAnchorFiftyTimesBesideAForgedLeaf_isRefusedPromptly() {
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate forged = CertificateForge.leaf("CN=mx1.example.test").dnsName("mx1.example.test")
        .claimsIssuer(ca.certificate().getSubjectX500Principal(), KeyType.EC_P256.generate().getPrivate(),
            "SHA256withECDSA")
        .build(keys);
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(forged);
    chain.addAll(Collections.nCopies(50, ca.certificate()));
    DaneTrustManager trustManager = daneAuthenticated(ca.tlsa("2 1 1"));

    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
        () -> trustManager.checkServerTrusted(chain.toArray(X509Certificate[]::new), "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class));
    assertRefused(ca.tlsa("2 1 1"), ServerTls.presenting(keys.getPrivate(), chain.subList(0, 6)), "");
  }

  @Test
  void sendsCrossSignedCasThatFormALoop_isRefusedPromptly() {
    KeyPair loopAKeys = KeyType.EC_P256.generate();
    TestCertificate seedA = TestCertificate.builder().commonName("Loop CA A").certificateAuthority(-1)
        .keyPair(loopAKeys).build();
    TestCertificate loopB = TestCertificate.builder().commonName("Loop CA B").certificateAuthority(-1)
        .issuedBy(seedA).build();
    TestCertificate loopA = TestCertificate.builder().commonName("Loop CA A").certificateAuthority(-1)
        .keyPair(loopAKeys).issuedBy(loopB).build();
    TestCertificate loopLeaf = TestCertificate.builder().dnsNames("mx1.example.test").issuedBy(loopA).build();
    List<X509Certificate> chain = List.of(loopLeaf.certificate(), loopA.certificate(), loopB.certificate(),
        ca.certificate());

    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertRefused(ca.tlsa("2 1 1"),
        ServerTls.presenting(loopLeaf.keyPair().getPrivate(), chain), ""));
  }

  @Test
  void sendsAHundredCertificatesOfLookalikeIssuers_isRefusedWithBoundedWork() {
    // 98 CA certificates all named like the real CA, each signing the next one down: a naive
    // path search tries every candidate at every depth.
    TestCertificate above = TestCertificate.builder().commonName("Test Intermediate CA").certificateAuthority(-1)
        .build();
    List<X509Certificate> decoys = new ArrayList<>();
    decoys.add(above.certificate());
    for (int i = 0; i < 97; i++) {
      above = TestCertificate.builder().commonName("Test Intermediate CA").certificateAuthority(-1).issuedBy(above)
          .build();
      decoys.add(above.certificate());
    }
    Collections.reverse(decoys);
    TestCertificate attackerLeaf = TestCertificate.builder().dnsNames("mx1.example.test").issuedBy(above).build();
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(attackerLeaf.certificate());
    chain.addAll(decoys);
    chain.add(ca.certificate());
    assertThat(chain).hasSize(100);
    DaneTrustManager trustManager = daneAuthenticated(ca.tlsa("2 1 1"));

    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
        () -> trustManager.checkServerTrusted(chain.toArray(X509Certificate[]::new), "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class));
    assertThat(trustManager.outcome()).hasValueSatisfying(outcome -> assertThat(outcome.accepted()).isFalse());
  }

  // --- helpers ---------------------------------------------------------------------------

  private static TlsAttackWorld daneWorld(TlsaRecord record, SSLContext serverTls) {
    return daneWorld(List.of(record), serverTls);
  }

  /** example.test with one MX host, mx1 at 127.0.0.2, publishing these TLSA records, serving this TLS context. */
  private static TlsAttackWorld daneWorld(List<TlsaRecord> records, SSLContext serverTls) {
    String[] zone = new String[2 + records.size()];
    zone[0] = "@ MX 10 mx1";
    zone[1] = "mx1 A 127.0.0.2";
    for (int i = 0; i < records.size(); i++) {
      zone[2 + i] = "_PORT._tcp.mx1 TLSA " + records.get(i);
    }
    return TlsAttackWorld.builder().signedZone("example.test.", zone).server("127.0.0.2", serverTls).start();
  }

  private static void assertRefused(TlsaRecord record, SSLContext serverTls, String why) {
    assertRefused(List.of(record), serverTls, why);
  }

  private static void assertRefused(List<TlsaRecord> records, SSLContext serverTls, String why) {
    try (TlsAttackWorld world = daneWorld(records, serverTls)) {
      assertRefusedIn(world, why);
    }
  }

  /** The only MX host was refused for a DANE mismatch whose explanation contains {@code why}; nothing was sent. */
  private static void assertRefusedIn(TlsAttackWorld world, String why) {
    DomainDelivery delivery = world.send("user@example.test");

    assertThat(world.server("127.0.0.2").messages()).as("messages the attacker received").isEmpty();
    assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
    assertThat(delivery.attempts()).isNotEmpty().allSatisfy(attempt -> {
      assertThat(attempt.result()).isEqualTo(AttemptResult.DANE_MISMATCH);
      assertThat(attempt.detail()).contains(why);
    });
  }

  private static DaneTrustManager daneAuthenticated(TlsaRecord record) {
    return DaneTrustManager.builder().tlsa(List.of(record)).referenceNames(NAMES)
        .requirement(TlsRequirement.DANE_AUTHENTICATED).build();
  }
}
