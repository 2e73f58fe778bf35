package org.dane4j.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dane4j.attacks.TlsAttackWorld.assertDeferredAndNothingReceived;

import java.util.Locale;
import javax.net.ssl.SSLContext;
import org.dane4j.smtp.AttemptResult;
import org.dane4j.smtp.ChannelSecurity;
import org.dane4j.smtp.DeliveryAttempt;
import org.dane4j.smtp.DeliveryStatus;
import org.dane4j.smtp.DomainDelivery;
import org.dane4j.smtp.SmtpTlsPolicy;
import org.dane4j.smtp.TlsRequirement;
import org.dane4j.testkit.dns.Fault;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.dane4j.testkit.smtp.ReceivedMessage;
import org.dane4j.testkit.smtp.StartTlsMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An on-path attacker between dane4j and an MX host whose TLSA records are secure, playing
 * with STARTTLS itself: stripping the offer, refusing or breaking the command, steering the
 * handshake to old protocol versions or to suites without authentication or encryption,
 * and betting on session resumption. RFC 7672 section 2.2: with secure, usable TLSA
 * records TLS is mandatory and the server must be DANE-authenticated; anything else makes
 * the host unusable, the next MX host is tried, and delivery is deferred when none is left.
 * Never cleartext, never an unauthenticated server.
 *
 * <p>Every test drives the real delivery path: {@code DaneMailer}, Jakarta Mail (Angus),
 * the signed test DNS tree and servers on 127.0.0.x.
 */
class StartTlsAttacksTest {
  private static TestCertificate mx1;
  private static TestCertificate mx2;

  @BeforeAll
  static void pki() {
    mx1 = TestCertificates.leaf("mx1.example.test");
    mx2 = TestCertificates.leaf("mx2.example.test");
  }

  /** example.test: one MX host, mx1 at 127.0.0.2, with a secure DANE-EE record. */
  private static TlsAttackWorld.Builder oneDaneMx() {
    return TlsAttackWorld.builder().signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2",
        "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"));
  }

  /** example.test: mx1 (127.0.0.2) and mx2 (127.0.0.3), each with a secure DANE-EE record. */
  private static TlsAttackWorld.Builder twoDaneMx() {
    return TlsAttackWorld.builder().signedZone("example.test.", "@ MX 10 mx1", "@ MX 20 mx2",
        "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"),
        "mx2 A 127.0.0.3", "_PORT._tcp.mx2 TLSA " + mx2.tlsa("3 1 1"));
  }

  // --- STARTTLS stripped from the EHLO reply -------------------------------------------

  @Test
  void stripsStartTlsOffer_whereTlsaIsSecure_defersDelivery() {
    try (TlsAttackWorld world = oneDaneMx().server("127.0.0.2", mx1.serverSslContext(), StartTlsMode.HIDDEN)
        .start()) {
      DomainDelivery delivery = world.send("user@example.test");

      assertDeferredAndNothingReceived(world, delivery, AttemptResult.STARTTLS_NOT_OFFERED);
    }
  }

  @Test
  void stripsStartTlsOffer_underMandatoryDane_defersDelivery() {
    try (TlsAttackWorld world = oneDaneMx().server("127.0.0.2", mx1.serverSslContext(), StartTlsMode.HIDDEN)
        .dane(b -> b.policy(SmtpTlsPolicy.MANDATORY_DANE)).start()) {
      DomainDelivery delivery = world.send("user@example.test");

      assertDeferredAndNothingReceived(world, delivery, AttemptResult.STARTTLS_NOT_OFFERED);
    }
  }

  @Test
  void stripsStartTlsOffer_underReportOnly_stillRequiresTls() {
    // Report-only relaxes authentication, never TLS itself where DANE applies (README, RFC 7672 section 9.1).
    try (TlsAttackWorld world = oneDaneMx().server("127.0.0.2", mx1.serverSslContext(), StartTlsMode.HIDDEN)
        .dane(b -> b.policy(SmtpTlsPolicy.INSECURE_DANE_REPORT_ONLY)).start()) {
      DomainDelivery delivery = world.send("user@example.test");

      assertThat(world.server("127.0.0.2").messages()).isEmpty();
      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.STARTTLS_NOT_OFFERED);
    }
  }

  @Test
  void stripsStartTlsOffer_whereTlsaAnswerIsBogus_underReportOnly_neverDeliversInCleartext() {
    // Issue 9: the attacker who can break the TLSA answer can also strip STARTTLS. The host
    // is one where DANE applies (its TLSA RRset is signed), so report-only must still insist on TLS.
    TlsAttackWorld.Builder builder = oneDaneMx();
    builder.zone("example.test.", z -> z.fault(Fault.invalidSignatures().at(builder.tlsaOwner("mx1"), "TLSA")))
        .server("127.0.0.2", mx1.serverSslContext(), StartTlsMode.HIDDEN)
        .dane(b -> b.policy(SmtpTlsPolicy.INSECURE_DANE_REPORT_ONLY));
    try (TlsAttackWorld world = builder.start()) {
      DomainDelivery delivery = world.send("user@example.test");

      assertThat(world.server("127.0.0.2").messages()).as("messages received in cleartext").isEmpty();
      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
    }
  }

  @Test
  void stripsStartTlsOffer_whereAllTlsaRecordsAreUnusable_defersDelivery() {
    // RFC 7672 section 2.2: a secure RRset of unusable records still makes TLS mandatory.
    try (TlsAttackWorld world = TlsAttackWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("1 1 1"),
            "_PORT._tcp.mx1 TLSA " + mx1.tlsa("0 0 1"))
        .server("127.0.0.2", mx1.serverSslContext(), StartTlsMode.HIDDEN).start()) {
      DomainDelivery delivery = world.send("user@example.test");

      assertDeferredAndNothingReceived(world, delivery, AttemptResult.STARTTLS_NOT_OFFERED);
    }
  }

  @Test
  void stripsStartTlsOfferOnFirstMx_mailGoesOnlyToTheSecondMxOverDane() {
    try (TlsAttackWorld world = twoDaneMx().server("127.0.0.2", mx1.serverSslContext(), StartTlsMode.HIDDEN)
        .server("127.0.0.3", mx2.serverSslContext()).start()) {
      DomainDelivery delivery = world.send("user@example.test");

      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.STARTTLS_NOT_OFFERED, AttemptResult.DELIVERED);
      assertThat(delivery.delivery().orElseThrow().security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
      assertThat(world.server("127.0.0.2").messages()).isEmpty();
      assertThat(world.server("127.0.0.3").messages()).singleElement().matches(ReceivedMessage::overTls);
    }
  }

  @Test
  void refusesEhloSoTheClientFallsBackToHelo_whereTlsaIsSecure_defersDelivery() {
    // HELO has no extensions, so no STARTTLS: a classic way to strip it without touching the EHLO reply.
    try (TlsAttackWorld world = oneDaneMx()
        .hostile("127.0.0.2", HostileSmtpServer.builder().refuseEhlo("502 5.5.2 EHLO not implemented")).start()) {
      DomainDelivery delivery = world.send("user@example.test");

      assertNothingLeakedTo(world.hostile("127.0.0.2"), delivery);
      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.STARTTLS_NOT_OFFERED);
    }
  }

  // --- STARTTLS offered, then refused or broken -----------------------------------------

  @Test
  void answersStartTlsWith454_whereTlsaIsSecure_defersWithoutCleartext() {
    try (TlsAttackWorld world = oneDaneMx().hostile("127.0.0.2", HostileSmtpServer.builder()
        .onStartTls(HostileSmtpServer.refuse("454 4.7.0 TLS not available due to temporary reason"))).start()) {
      DomainDelivery delivery = world.send("user@example.test");

      assertNothingLeakedTo(world.hostile("127.0.0.2"), delivery);
      assertThat(world.hostile("127.0.0.2").commands()).anyMatch(c -> c.equalsIgnoreCase("STARTTLS"));
    }
  }

  @Test
  void answersStartTlsWith502_whereTlsaIsSecure_defersWithoutCleartext() {
    try (TlsAttackWorld world = oneDaneMx().hostile("127.0.0.2", HostileSmtpServer.builder()
        .onStartTls(HostileSmtpServer.refuse("502 5.5.1 Command not implemented"))).start()) {
      DomainDelivery delivery = world.send("user@example.test");

      assertNothingLeakedTo(world.hostile("127.0.0.2"), delivery);
    }
  }

  @Test
  void answersStartTlsWith454OnFirstMx_mailGoesOnlyToTheSecondMxOverDane() {
    try (TlsAttackWorld world = twoDaneMx().hostile("127.0.0.2", HostileSmtpServer.builder()
            .onStartTls(HostileSmtpServer.refuse("454 4.7.0 TLS not available")))
        .server("127.0.0.3", mx2.serverSslContext()).start()) {
      DomainDelivery delivery = world.send("user@example.test");

      assertThat(world.hostile("127.0.0.2").cleartextMessages()).isEmpty();
      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(delivery.delivery().orElseThrow().target().host()).isEqualTo("mx2.example.test");
      assertThat(delivery.delivery().orElseThrow().security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
    }
  }

  @Test
  void acceptsStartTlsThenClosesTheConnection_whereTlsaIsSecure_defersDelivery() {
    try (TlsAttackWorld world = oneDaneMx()
        .server("127.0.0.2", mx1.serverSslContext(), StartTlsMode.HANDSHAKE_FAILS).start()) {
      DomainDelivery delivery = world.send("user@example.test");

      assertDeferredAndNothingReceived(world, delivery, AttemptResult.TLS_HANDSHAKE_FAILED);
    }
  }

  @Test
  void acceptsStartTlsThenKeepsTalkingCleartext_whereTlsaIsSecure_defersDelivery() {
    try (TlsAttackWorld world = oneDaneMx().hostile("127.0.0.2", HostileSmtpServer.builder()
        .onStartTls(HostileSmtpServer.acceptThenKeepCleartext())).start()) {
      DomainDelivery delivery = world.send("user@example.test");

      assertNothingLeakedTo(world.hostile("127.0.0.2"), delivery);
      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.TLS_HANDSHAKE_FAILED);
    }
  }

  // --- The handshake steered to what the client must never accept -----------------------

  @Test
  void selectsTls10_whereTlsaIsSecure_handshakeIsRefused() {
    assertForgedServerHelloIsRefused(TlsClientHello.TLS10, TlsClientHello.RSA_WITH_AES_128_CBC_SHA);
  }

  @Test
  void selectsTls11_whereTlsaIsSecure_handshakeIsRefused() {
    assertForgedServerHelloIsRefused(TlsClientHello.TLS11, TlsClientHello.RSA_WITH_AES_128_CBC_SHA);
  }

  @Test
  void selectsAnonymousCipherSuite_whereTlsaIsSecure_handshakeIsRefused() {
    // RFC 7672 section 8.2: anonymous suites would skip the trust manager altogether.
    assertForgedServerHelloIsRefused(TlsClientHello.TLS12, TlsClientHello.DH_ANON_WITH_AES_128_CBC_SHA);
  }

  @Test
  void selectsAnonymousEcdhCipherSuite_whereTlsaIsSecure_handshakeIsRefused() {
    assertForgedServerHelloIsRefused(TlsClientHello.TLS12, TlsClientHello.ECDH_ANON_WITH_AES_128_CBC_SHA);
  }

  @Test
  void selectsNullEncryptionCipherSuite_whereTlsaIsSecure_handshakeIsRefused() {
    assertForgedServerHelloIsRefused(TlsClientHello.TLS12, TlsClientHello.ECDHE_ECDSA_WITH_NULL_SHA);
  }

  @Test
  void offersOnlyTls12Or13_toAServerThatWouldTakeTls10Only() {
    // What the ClientHello itself offers: a server limited to TLS 1.0/1.1 cannot find a common version.
    try (TlsAttackWorld world = oneDaneMx().server("127.0.0.2",
        ServerTls.onlyProtocols(mx1.serverSslContext(), "TLSv1", "TLSv1.1")).start()) {
      DomainDelivery delivery = world.send("user@example.test");

      assertDeferredAndNothingReceived(world, delivery, AttemptResult.TLS_HANDSHAKE_FAILED);
    }
  }

  // --- Session resumption after a TLSA change (RFC-CHECKLIST item 28) ------------------

  @Test
  void resumesTls13SessionAfterTlsaChange_isCheckedAgainAndRefused() {
    assertResumptionAfterTlsaChangeIsRefused(mx1.serverSslContext());
  }

  @Test
  void resumesTls12SessionAfterTlsaChange_isCheckedAgainAndRefused() {
    assertResumptionAfterTlsaChangeIsRefused(ServerTls.onlyProtocols(mx1.serverSslContext(), "TLSv1.2"));
  }

  // --- Falling back across MX hosts ------------------------------------------------------

  @Test
  void mitmOnDaneMx_nextMxInAnUnsignedZone_isUsedOnlyOnItsOwnTermsAndNeverReportedVerified() {
    // RFC 7672 section 2.2: each MX host's TLS requirement comes from its own TLSA records.
    // The first host's failure does not bind the second; the second (no DNSSEC) gets
    // opportunistic TLS, and the report must not call that delivery DANE-verified.
    try (TlsAttackWorld world = TlsAttackWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "@ MX 20 mx.backup.test.", "mx1 A 127.0.0.2",
            "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"))
        .unsignedZone("backup.test.", "mx A 127.0.0.3")
        .server("127.0.0.2", TestCertificates.attacker("mx1.example.test").serverSslContext())
        .server("127.0.0.3", TestCertificates.attacker("mx.backup.test").serverSslContext()).start()) {
      DomainDelivery delivery = world.send("user@example.test");

      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.DANE_MISMATCH, AttemptResult.DELIVERED);
      assertThat(world.server("127.0.0.2").messages()).isEmpty();
      DeliveryAttempt backup = delivery.delivery().orElseThrow();
      assertThat(backup.target().requirement()).isEqualTo(TlsRequirement.OPPORTUNISTIC);
      assertThat(backup.security()).isEqualTo(ChannelSecurity.TLS_UNAUTHENTICATED);
      assertThat(delivery.toString()).doesNotContain("verified by");
    }
  }

  @Test
  void mitmOnDaneMx_nextMxInAnUnsignedZone_underMandatoryDane_defersWithoutConnectingToIt() {
    try (TlsAttackWorld world = TlsAttackWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "@ MX 20 mx.backup.test.", "mx1 A 127.0.0.2",
            "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"))
        .unsignedZone("backup.test.", "mx A 127.0.0.3")
        .server("127.0.0.2", TestCertificates.attacker("mx1.example.test").serverSslContext())
        .server("127.0.0.3", TestCertificates.attacker("mx.backup.test").serverSslContext())
        .dane(b -> b.policy(SmtpTlsPolicy.MANDATORY_DANE)).start()) {
      DomainDelivery delivery = world.send("user@example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.DANE_MISMATCH, AttemptResult.SKIPPED_UNREACHABLE);
      assertThat(world.server("127.0.0.3").connectionCount()).isZero();
    }
  }

  // --- helpers ---------------------------------------------------------------------------

  private static void assertForgedServerHelloIsRefused(int version, int cipherSuite) {
    try (TlsAttackWorld world = oneDaneMx().hostile("127.0.0.2", HostileSmtpServer.builder()
        .onStartTls(HostileSmtpServer.serverHello(version, cipherSuite))).start()) {
      DomainDelivery delivery = world.send("user@example.test");

      assertNothingLeakedTo(world.hostile("127.0.0.2"), delivery);
      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.TLS_HANDSHAKE_FAILED);
      assertThat(world.hostile("127.0.0.2").clientHellos()).singleElement().satisfies(hello -> {
        assertThat(hello.offeredVersions()).as("versions offered").isNotEmpty()
            .allMatch(v -> v == TlsClientHello.TLS12 || v == TlsClientHello.TLS13);
        assertThat(hello.cipherSuites()).as("cipher suites offered").isNotEmpty()
            .doesNotContainAnyElementsOf(TlsClientHello.ANONYMOUS_OR_NULL);
        assertThat(hello.serverName()).as("SNI (RFC 7672 section 8.1)").hasValue("mx1.example.test");
      });
    }
  }

  /** The server's key stays, but the zone rolls to a new key: the old server must be checked again, not resumed. */
  private static void assertResumptionAfterTlsaChangeIsRefused(SSLContext serverTls) {
    TlsAttackWorld.Builder builder = TlsAttackWorld.builder();
    builder.signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"))
        .server("127.0.0.2", serverTls);
    try (TlsAttackWorld world = builder.start()) {
      DomainDelivery first = world.send("user@example.test");
      assertThat(first.delivery().orElseThrow().security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
      String owner = builder.tlsaOwner("mx1");
      world.dns().serve(world.tree().toBuilder().zone("example.test.", z -> z.removeRecords(owner, "TLSA")
          .record(owner + " TLSA " + TestCertificates.leaf("mx1.example.test").tlsa("3 1 1"))).build());

      DomainDelivery second = world.send("user@example.test");

      assertThat(second.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(second.attempts()).singleElement().satisfies(attempt -> {
        assertThat(attempt.result()).isEqualTo(AttemptResult.DANE_MISMATCH);
        assertThat(attempt.trustOutcome()).as("the trust manager was asked (no resumed session)").isPresent();
      });
      assertThat(world.server("127.0.0.2").messages()).hasSize(1);
    }
  }

  private static void assertNothingLeakedTo(HostileSmtpServer hostile, DomainDelivery delivery) {
    assertThat(hostile.failures()).as("faults of the hostile test server").isEmpty();
    assertThat(hostile.cleartextMessages()).as("messages handed over in cleartext").isEmpty();
    assertThat(hostile.commands()).as("commands sent in cleartext")
        .noneMatch(c -> c.toUpperCase(Locale.ROOT).startsWith("MAIL")
            || c.toUpperCase(Locale.ROOT).startsWith("RCPT")
            || c.toUpperCase(Locale.ROOT).startsWith("AUTH"));
    assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
    assertThat(delivery.attempts()).isNotEmpty().noneMatch(DeliveryAttempt::isDelivered);
  }
}
