package org.dane4j.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.MessagingException;
import org.dane4j.testkit.dns.Fault;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.dane4j.testkit.smtp.ReceivedMessage;
import org.dane4j.testkit.smtp.StartTlsMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attack and policy matrix of RFC 7672, end to end: Jakarta Mail (Angus) through
 * {@link DaneMailer}, a signed DNS tree on loopback, STARTTLS servers on 127.0.0.x.
 */
class DaneMailerTest {
  private static TestCertificate mx1;
  private static TestCertificate mx2;
  private static TestCertificate mx1Intermediate;

  @BeforeAll
  static void pki() {
    mx1 = TestCertificates.leaf("mx1.example.test");
    mx2 = TestCertificates.leaf("mx2.example.test");
    mx1Intermediate = mx1.issuer().orElseThrow();
  }

  private static MailWorld.Builder twoMx() {
    return MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "@ MX 20 mx2",
            "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"),
            "mx2 A 127.0.0.3", "_PORT._tcp.mx2 TLSA " + mx2.tlsa("3 1 1"))
        .server("127.0.0.2", mx1.serverSslContext())
        .server("127.0.0.3", mx2.serverSslContext());
  }

  @Test
  void daneEe_deliversToFirstMxAndReportsTheMatch() {
    try (MailWorld world = twoMx().start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DELIVERED);
      DeliveryAttempt attempt = delivery.delivery().orElseThrow();
      assertThat(attempt.security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
      assertThat(attempt.target().host()).isEqualTo("mx1.example.test");
      assertThat(delivery.toString())
          .startsWith("example.test: delivered to mx1.example.test[127.0.0.2]:" + world.port() + ", TLSv1.3, TLS_")
          .contains("verified by DANE-EE(3) SPKI(1) SHA2-256(1)")
          .endsWith("at depth 0");
      assertThat(world.server("127.0.0.2").messages()).singleElement().satisfies(message -> {
        assertThat(message.envelopeRecipients()).containsExactly("user@example.test");
        assertThat(message.tls().serverName()).hasValue("mx1.example.test");
      });
      assertThat(world.server("127.0.0.3").messages()).isEmpty();
    }
  }

  @Test
  void mitmCertificate_isRefusedAndTheNextMxIsUsed() {
    try (MailWorld world = twoMx().start()) {
      world.server("127.0.0.2").presents(TestCertificates.attacker("mx1.example.test").serverSslContext());

      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.DANE_MISMATCH, AttemptResult.DELIVERED);
      assertThat(delivery.attempts().get(0).detail())
          .startsWith("DANE verification failed for mx1.example.test").contains("would be");
      assertThat(world.server("127.0.0.2").messages()).isEmpty();
      assertThat(delivery.delivery().orElseThrow().target().host()).isEqualTo("mx2.example.test");
    }
  }

  @Test
  void mitmOnEveryMx_isDeferredWithTheEvidence() {
    try (MailWorld world = twoMx().start()) {
      world.server("127.0.0.2").presents(TestCertificates.attacker("mx1.example.test").serverSslContext());
      world.server("127.0.0.3").presents(TestCertificates.attacker("mx2.example.test").serverSslContext());

      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.DANE_MISMATCH, AttemptResult.DANE_MISMATCH);
      assertThat(delivery.toString()).contains("deferred").contains("DANE_MISMATCH");
      // The whole explanation, not its first line (which ends with a colon): records, and
      // per chain depth the record that would match.
      assertThat(delivery.toString()).contains("TLSA records (usable): 3 1 1", "chain depth 0", "would be")
          .doesNotContain("\n");
    }
  }

  @Test
  void startTlsStripped_isRefused() {
    try (MailWorld world = twoMx().start()) {
      world.server("127.0.0.2").startTlsMode(StartTlsMode.HIDDEN);
      world.server("127.0.0.3").startTlsMode(StartTlsMode.HIDDEN);

      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsOnly(AttemptResult.STARTTLS_NOT_OFFERED);
      assertThat(world.server("127.0.0.2").messages()).isEmpty();
      assertThat(world.server("127.0.0.3").messages()).isEmpty();
    }
  }

  @Test
  void failedHandshake_movesToTheNextMx() {
    try (MailWorld world = twoMx().start()) {
      world.server("127.0.0.2").startTlsMode(StartTlsMode.HANDSHAKE_FAILS);

      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.TLS_HANDSHAKE_FAILED, AttemptResult.DELIVERED);
    }
  }

  @Test
  void bogusTlsaOnMx1_mx1IsSkippedAndMx2Delivers() {
    MailWorld.Builder builder = twoMx();
    builder.zone("example.test.", z -> z.fault(Fault.expiredSignatures().at(tlsaName(builder, "mx1"), "TLSA")));
    try (MailWorld world = builder.start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.SKIPPED_UNREACHABLE, AttemptResult.DELIVERED);
      assertThat(delivery.attempts().get(0).target().reason()).isEqualTo(TargetReason.TLSA_LOOKUP_FAILED);
      assertThat(world.server("127.0.0.2").connectionCount()).isZero();
      assertThat(delivery.delivery().orElseThrow().security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
    }
  }

  @Test
  void tlsaLookupFailingOnEveryMx_isDeferredWithoutConnecting() {
    MailWorld.Builder builder = twoMx();
    builder.zone("example.test.", z -> z
        .fault(Fault.missingSignatures().at(tlsaName(builder, "mx1"), "TLSA"))
        .fault(Fault.expiredSignatures().at(tlsaName(builder, "mx2"), "TLSA")));
    try (MailWorld world = builder.start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.plan().orElseThrow().outcome()).isEqualTo(PlanOutcome.NO_USABLE_TARGET);
      assertThat(world.server("127.0.0.2").connectionCount()).isZero();
      assertThat(world.server("127.0.0.3").connectionCount()).isZero();
    }
  }

  @Test
  void tlsaServfail_isAFailureNotAbsence() {
    MailWorld.Builder builder = twoMx();
    try (MailWorld world = builder.start()) {
      world.dns().inject(Fault.servfail().at(tlsaName(builder, "mx1") + ".example.test.", "TLSA"));

      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.attempts().get(0).result()).isEqualTo(AttemptResult.SKIPPED_UNREACHABLE);
      assertThat(delivery.delivery().orElseThrow().target().host()).isEqualTo("mx2.example.test");
    }
  }

  @Test
  void bogusMx_isDeferred() {
    MailWorld.Builder builder = twoMx();
    builder.zone("example.test.", z -> z.fault(Fault.missingSignatures().at("@", "MX")));
    try (MailWorld world = builder.start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.plan().orElseThrow().outcome()).isEqualTo(PlanOutcome.MX_LOOKUP_FAILED);
      assertThat(world.server("127.0.0.2").connectionCount()).isZero();
    }
  }

  @Test
  void insecureMx_daneStillEnforcedButReportedAsTrusted() {
    try (MailWorld world = MailWorld.builder()
        .unsignedZone("insecure.test.", "@ MX 10 mx1.example.test.")
        .signedZone("example.test.", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"))
        .server("127.0.0.2", mx1.serverSslContext())
        .start()) {
      DomainDelivery delivery = world.send("user@insecure.test").domain("insecure.test");

      DeliveryAttempt attempt = delivery.delivery().orElseThrow();
      assertThat(attempt.security()).isEqualTo(ChannelSecurity.DANE_TRUSTED);
      assertThat(attempt.target().referenceNames()).containsExactly("mx1.example.test");
      assertThat(delivery.toString()).contains("trusted by DANE-EE(3)").doesNotContain("verified");
    }
  }

  @Test
  void insecureMx_mitmIsStillRefused() {
    try (MailWorld world = MailWorld.builder()
        .unsignedZone("insecure.test.", "@ MX 10 mx1.example.test.")
        .signedZone("example.test.", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"))
        .server("127.0.0.2", TestCertificates.attacker("mx1.example.test").serverSslContext())
        .start()) {
      DomainDelivery delivery = world.send("user@insecure.test").domain("insecure.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result).containsExactly(AttemptResult.DANE_MISMATCH);
    }
  }

  @Test
  void insecureMx_underMandatoryDane_isDeferredWithoutConnecting() {
    try (MailWorld world = MailWorld.builder()
        .unsignedZone("insecure.test.", "@ MX 10 mx1.example.test.")
        .signedZone("example.test.", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"))
        .server("127.0.0.2", mx1.serverSslContext())
        .dane(b -> b.policy("insecure.test", SmtpTlsPolicy.MANDATORY_DANE))
        .start()) {
      DomainDelivery delivery = world.send("user@insecure.test").domain("insecure.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.plan().orElseThrow().outcome()).isEqualTo(PlanOutcome.MX_INSECURE_UNDER_MANDATORY_DANE);
      assertThat(world.server("127.0.0.2").connectionCount()).isZero();
    }
  }

  @Test
  void mandatoryDane_hostWithoutTlsa_isDeferred() {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2")
        .server("127.0.0.2", mx1.serverSslContext())
        .dane(b -> b.policy(SmtpTlsPolicy.MANDATORY_DANE))
        .start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.plan().orElseThrow().targets()).singleElement()
          .satisfies(t -> assertThat(t.reason()).isEqualTo(TargetReason.MANDATORY_DANE_UNAVAILABLE));
    }
  }

  @Test
  void insecureZone_opportunisticTlsWithoutAuthentication() {
    try (MailWorld world = MailWorld.builder()
        .unsignedZone("insecure.test.", "@ MX 10 mx", "mx A 127.0.0.2")
        .server("127.0.0.2", TestCertificates.attacker("mx.insecure.test").serverSslContext())
        .start()) {
      DomainDelivery delivery = world.send("user@insecure.test").domain("insecure.test");

      DeliveryAttempt attempt = delivery.delivery().orElseThrow();
      assertThat(attempt.security()).isEqualTo(ChannelSecurity.TLS_UNAUTHENTICATED);
      assertThat(attempt.target().requirement()).isEqualTo(TlsRequirement.OPPORTUNISTIC);
      assertThat(world.server("127.0.0.2").messages()).singleElement().matches(ReceivedMessage::overTls);
    }
  }

  @Test
  void insecureZone_withoutStartTls_deliversInCleartext() {
    try (MailWorld world = MailWorld.builder()
        .unsignedZone("insecure.test.", "@ MX 10 mx", "mx A 127.0.0.2")
        .server("127.0.0.2", null)
        .start()) {
      DomainDelivery delivery = world.send("user@insecure.test").domain("insecure.test");

      assertThat(delivery.delivery().orElseThrow().security()).isEqualTo(ChannelSecurity.CLEARTEXT);
      assertThat(world.server("127.0.0.2").messages()).singleElement().matches(m -> !m.overTls());
    }
  }

  @Test
  void secureNoTlsa_opportunistic() {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2")
        .server("127.0.0.2", null)
        .start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.delivery().orElseThrow().target().reason()).isEqualTo(TargetReason.NO_TLSA);
      assertThat(delivery.delivery().orElseThrow().security()).isEqualTo(ChannelSecurity.CLEARTEXT);
    }
  }

  @Test
  void allTlsaUnusable_tlsIsRequiredButNotAuthenticated() {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2",
            "_PORT._tcp.mx1 TLSA " + mx1.tlsa("1 1 1"), "_PORT._tcp.mx1 TLSA " + mx1.tlsa("0 1 1"))
        .server("127.0.0.2", TestCertificates.attacker("mx1.example.test").serverSslContext())
        .start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      DeliveryAttempt attempt = delivery.delivery().orElseThrow();
      assertThat(attempt.target().requirement()).isEqualTo(TlsRequirement.TLS_UNAUTHENTICATED);
      assertThat(attempt.security()).isEqualTo(ChannelSecurity.TLS_UNAUTHENTICATED);
      assertThat(attempt.authentication()).isEqualTo("not authenticated (no usable TLSA records)");
    }
  }

  @Test
  void allTlsaUnusable_strippedStartTls_isRefused() {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("1 1 1"))
        .server("127.0.0.2", mx1.serverSslContext(), StartTlsMode.HIDDEN)
        .start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.STARTTLS_NOT_OFFERED);
      assertThat(world.server("127.0.0.2").messages()).isEmpty();
    }
  }

  @Test
  void daneEe_expiredLeaf_stillVerifies() {
    TestCertificate expired = TestCertificate.builder().dnsNames("mx1.example.test").expired().build();
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + expired.tlsa("3 1 1"))
        .server("127.0.0.2", expired.serverSslContext())
        .start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.delivery().orElseThrow().security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
    }
  }

  @Test
  void daneTa_leafWithTheMxName_verifiesAtDepthOne() {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2",
            "_PORT._tcp.mx1 TLSA " + mx1Intermediate.tlsa("2 1 1"))
        .server("127.0.0.2", mx1.serverSslContext())
        .start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.delivery().orElseThrow().authentication())
          .startsWith("verified by DANE-TA(2) SPKI(1) SHA2-256(1)").endsWith("at depth 1, name mx1.example.test");
    }
  }

  @Test
  void daneTa_leafWithTheNextHopName_verifiesWhenMxIsSecure() {
    TestCertificate nextHopNamed = TestCertificate.builder().dnsNames("example.test").issuedBy(mx1Intermediate).build();
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2",
            "_PORT._tcp.mx1 TLSA " + mx1Intermediate.tlsa("2 1 1"))
        .server("127.0.0.2", nextHopNamed.serverSslContext())
        .start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.delivery().orElseThrow().authentication()).endsWith("name example.test");
    }
  }

  @Test
  void daneTa_leafWithAWrongName_isRefused() {
    TestCertificate wrongName = TestCertificate.builder().dnsNames("www.example.test").issuedBy(mx1Intermediate).build();
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2",
            "_PORT._tcp.mx1 TLSA " + mx1Intermediate.tlsa("2 1 1"))
        .server("127.0.0.2", wrongName.serverSslContext())
        .start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result).containsExactly(AttemptResult.DANE_MISMATCH);
    }
  }

  @Test
  void rollover_twoDaneEeRecords_newKeyVerifies() {
    TestCertificate next = TestCertificates.leaf("mx1.example.test");
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2",
            "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"), "_PORT._tcp.mx1 TLSA " + next.tlsa("3 1 1"))
        .server("127.0.0.2", next.serverSslContext())
        .start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.delivery().orElseThrow().daneResult().orElseThrow().matchedRecord())
          .hasValue(next.tlsa("3 1 1"));
    }
  }

  @Test
  void rollover_daneEePlusDaneTa_newCertificateFromTheCaVerifies() {
    TestCertificate reissued = TestCertificate.builder().dnsNames("mx1.example.test").issuedBy(mx1Intermediate).build();
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2",
            "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"), "_PORT._tcp.mx1 TLSA " + mx1Intermediate.tlsa("2 1 1"))
        .server("127.0.0.2", reissued.serverSslContext())
        .start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.delivery().orElseThrow().authentication()).startsWith("verified by DANE-TA(2)");
    }
  }

  @Test
  void cnamedMxHost_tlsaBaseDomainIsTheExpansion() {
    TestCertificate hosted = TestCertificates.leaf("mx.hosting.test");
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 CNAME mx.hosting.test.")
        .signedZone("hosting.test.", "mx A 127.0.0.2", "_PORT._tcp.mx TLSA " + hosted.tlsa("3 1 1"))
        .server("127.0.0.2", hosted.serverSslContext())
        .start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      DeliveryAttempt attempt = delivery.delivery().orElseThrow();
      assertThat(attempt.security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
      assertThat(attempt.target().baseDomain()).hasValue("mx.hosting.test");
      assertThat(world.server("127.0.0.2").messages()).singleElement()
          .satisfies(m -> assertThat(m.tls().serverName()).hasValue("mx.hosting.test"));
    }
  }

  @Test
  void cnamedTlsaOwner_recordsAreFollowedAndTheBaseDomainKept() {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 CNAME tlsa.keys.test.")
        .signedZone("keys.test.", "tlsa TLSA " + mx1.tlsa("3 1 1"))
        .server("127.0.0.2", mx1.serverSslContext())
        .start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      DeliveryAttempt attempt = delivery.delivery().orElseThrow();
      assertThat(attempt.security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
      assertThat(attempt.target().baseDomain()).hasValue("mx1.example.test");
    }
  }

  @Test
  void forgedNoTlsaAnswer_withKeysUnreachable_isAFailureNotADowngrade() {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 CNAME tlsa.keys.test.")
        .zone("keys.test.", z -> z.fault(Fault.dropKeyQueries()).fault(Fault.forgedNxdomain().at("tlsa")),
            "tlsa TLSA " + mx1.tlsa("3 1 1"))
        .server("127.0.0.2", TestCertificates.attacker("mx1.example.test").serverSslContext())
        .start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.plan().orElseThrow().targets()).singleElement()
          .satisfies(target -> assertThat(target.reason()).isEqualTo(TargetReason.TLSA_LOOKUP_FAILED));
      assertThat(world.server("127.0.0.2").connectionCount()).isZero();
    }
  }

  @Test
  void reportOnly_mitmIsDeliveredButTheFailureIsReported() {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"))
        .server("127.0.0.2", TestCertificates.attacker("mx1.example.test").serverSslContext())
        .dane(b -> b.policy(SmtpTlsPolicy.INSECURE_DANE_REPORT_ONLY))
        .start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      DeliveryAttempt attempt = delivery.delivery().orElseThrow();
      assertThat(attempt.security()).isEqualTo(ChannelSecurity.TLS_UNAUTHENTICATED);
      assertThat(attempt.wouldHaveFailed()).hasValueSatisfying(w -> assertThat(w)
          .startsWith("DANE_MISMATCH: DANE verification failed for mx1.example.test"));
      assertThat(delivery.toString()).contains("report-only, enforcement would have failed");
    }
  }

  @Test
  void reportOnly_bogusTlsaAndStartTlsStripped_isDeferredNotSentInCleartext() {
    // RFC 7672 section 9.1 allows an audit mode only at "a reduced security level": TLS stays required.
    MailWorld.Builder builder = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"))
        .server("127.0.0.2", mx1.serverSslContext(), StartTlsMode.HIDDEN)
        .dane(b -> b.policy(SmtpTlsPolicy.INSECURE_DANE_REPORT_ONLY));
    builder.zone("example.test.", z -> z.fault(Fault.expiredSignatures().at(tlsaName(builder, "mx1"), "TLSA")));
    try (MailWorld world = builder.start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      DeliveryAttempt attempt = delivery.attempts().get(0);
      assertThat(attempt.target().reason()).isEqualTo(TargetReason.TLSA_LOOKUP_FAILED);
      assertThat(attempt.target().requirement()).isEqualTo(TlsRequirement.TLS_UNAUTHENTICATED);
      assertThat(attempt.result()).isEqualTo(AttemptResult.STARTTLS_NOT_OFFERED);
      assertThat(world.server("127.0.0.2").messages()).isEmpty();
    }
  }

  @Test
  void reportOnly_bogusTlsa_isDeliveredOverUnauthenticatedTlsAndReported() {
    MailWorld.Builder builder = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"))
        .server("127.0.0.2", TestCertificates.attacker("mx1.example.test").serverSslContext())
        .dane(b -> b.policy(SmtpTlsPolicy.INSECURE_DANE_REPORT_ONLY));
    builder.zone("example.test.", z -> z.fault(Fault.expiredSignatures().at(tlsaName(builder, "mx1"), "TLSA")));
    try (MailWorld world = builder.start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      DeliveryAttempt attempt = delivery.delivery().orElseThrow();
      assertThat(attempt.security()).isEqualTo(ChannelSecurity.TLS_UNAUTHENTICATED);
      assertThat(attempt.wouldHaveFailed()).hasValueSatisfying(w -> assertThat(w).startsWith("TLSA_LOOKUP_FAILED: "));
      assertThat(world.server("127.0.0.2").messages()).singleElement()
          .satisfies(message -> assertThat(message.overTls()).isTrue());
    }
  }

  @Test
  void mxNamedLikeAnInvalidIpv4Literal_isSkippedAndTheOtherMxDelivers() {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 999.0.0.1.", "@ MX 20 mx2",
            "mx2 A 127.0.0.3", "_PORT._tcp.mx2 TLSA " + mx2.tlsa("3 1 1"))
        .server("127.0.0.3", mx2.serverSslContext())
        .start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.SKIPPED_UNREACHABLE, AttemptResult.DELIVERED);
      assertThat(delivery.attempts().get(0).detail()).startsWith("INVALID_HOST_NAME: '999.0.0.1'");
    }
  }

  @Test
  void onlyMxNamedLikeAnInvalidIpv4Literal_isDeferredNotBounced() {
    try (MailWorld world = MailWorld.builder().signedZone("example.test.", "@ MX 10 999.0.0.1.").start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(delivery.detail()).contains("999.0.0.1 INVALID_HOST_NAME");
    }
  }

  @Test
  void reportOnly_matchingServer_isNotReportedAsVerified() {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"))
        .server("127.0.0.2", mx1.serverSslContext())
        .dane(b -> b.policy(SmtpTlsPolicy.INSECURE_DANE_REPORT_ONLY))
        .start()) {
      DeliveryAttempt attempt = world.send("user@example.test").domain("example.test").delivery().orElseThrow();

      assertThat(attempt.security()).isEqualTo(ChannelSecurity.TLS_UNAUTHENTICATED);
      assertThat(attempt.wouldHaveFailed()).isEmpty();
      assertThat(attempt.trustOutcome().orElseThrow().isDaneVerified()).isTrue();
    }
  }

  @Test
  void tlsaChange_betweenTwoDeliveriesToTheSameServer_isVerifiedAgain() {
    MailWorld.Builder builder = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"))
        .server("127.0.0.2", mx1.serverSslContext());
    try (MailWorld world = builder.start()) {
      assertThat(world.send("user@example.test").isFullyDelivered()).isTrue();
      String owner = tlsaName(builder, "mx1");
      world.dns().serve(world.tree().toBuilder().zone("example.test.", z -> z.removeRecords(owner, "TLSA")
          .record(owner + " TLSA " + TestCertificates.leaf("mx1.example.test").tlsa("3 1 1"))).build());

      DomainDelivery second = world.send("user@example.test").domain("example.test");

      assertThat(second.attempts()).extracting(DeliveryAttempt::result).containsExactly(AttemptResult.DANE_MISMATCH);
      assertThat(world.server("127.0.0.2").messages()).hasSize(1);
    }
  }

  @Test
  void nullMx_isUndeliverable() {
    try (MailWorld world = MailWorld.builder().signedZone("example.test.", "@ MX 0 .").start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(delivery.plan().orElseThrow().outcome()).isEqualTo(PlanOutcome.NULL_MX);
    }
  }

  @Test
  void implicitMx_domainWithoutMx_usesTheDomainItself() {
    TestCertificate domainCert = TestCertificates.leaf("example.test");
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ A 127.0.0.2", "_PORT._tcp TLSA " + domainCert.tlsa("3 1 1"))
        .server("127.0.0.2", domainCert.serverSslContext())
        .start()) {
      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      DeliveryAttempt attempt = delivery.delivery().orElseThrow();
      assertThat(attempt.target().host()).isEqualTo("example.test");
      assertThat(attempt.security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
    }
  }

  @Test
  void recipientsInTwoDomains_getOneReportEntryEach() {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"))
        .signedZone("other.test.", "@ MX 10 mx", "mx A 127.0.0.3")
        .server("127.0.0.2", mx1.serverSslContext())
        .server("127.0.0.3", null)
        .start()) {
      DeliveryReport report = world.send("a@example.test", "b@other.test", "c@example.test");

      assertThat(report.domains()).extracting(DomainDelivery::domain).containsExactly("example.test", "other.test");
      assertThat(report.isFullyDelivered()).isTrue();
      assertThat(world.server("127.0.0.2").messages()).singleElement()
          .satisfies(m -> assertThat(m.envelopeRecipients()).containsExactly("a@example.test", "c@example.test"));
      assertThat(world.server("127.0.0.3").messages()).singleElement()
          .satisfies(m -> assertThat(m.envelopeRecipients()).containsExactly("b@other.test"));
    }
  }

  @Test
  void relay_isVerifiedWithItsOwnTlsa() {
    TestCertificate relay = TestCertificates.leaf("relay.provider.test");
    MailWorld.Builder builder = MailWorld.builder()
        .signedZone("provider.test.", "relay A 127.0.0.2", "_PORT._tcp.relay TLSA " + relay.tlsa("3 1 1"))
        .server("127.0.0.2", relay.serverSslContext());
    try (MailWorld world = builder.start()) {
      DaneMailer mailer = DaneMailer.builder().session(MailWorld.session()).smtpDane(world.dane())
          .relay("relay.provider.test", world.port()).build();

      DeliveryReport report = world.send(mailer, "x@anywhere.example", "y@elsewhere.example");

      assertThat(report.domains()).singleElement().satisfies(d -> {
        assertThat(d.domain()).isEqualTo("relay.provider.test");
        assertThat(d.delivery().orElseThrow().security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
      });
      assertThat(world.server("127.0.0.2").messages()).singleElement()
          .satisfies(m -> assertThat(m.envelopeRecipients()).hasSize(2));
    }
  }

  @Test
  void permanentRefusal_failsWithoutTryingTheNextMx() {
    try (MailWorld world = twoMx().start()) {
      world.server("127.0.0.2").refuseRecipients("550 5.1.1 No such user");

      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.REJECTED_PERMANENTLY);
      assertThat(delivery.detail()).contains("No such user");
      assertThat(world.server("127.0.0.3").connectionCount()).isZero();
    }
  }

  @Test
  void temporaryRefusal_triesTheNextMx() {
    try (MailWorld world = twoMx().start()) {
      world.server("127.0.0.2").refuseRecipients("450 4.2.0 Mailbox busy");

      DomainDelivery delivery = world.send("user@example.test").domain("example.test");

      assertThat(delivery.attempts()).extracting(DeliveryAttempt::result)
          .containsExactly(AttemptResult.REJECTED_TEMPORARILY, AttemptResult.DELIVERED);
      assertThat(delivery.attempts().get(0).security()).isEqualTo(ChannelSecurity.DANE_VERIFIED);
    }
  }

  @Test
  void malformedRecipientDomain_failsThatDomainOnly() {
    String longLabel = "a".repeat(64);
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"))
        .server("127.0.0.2", mx1.serverSslContext())
        .start()) {
      DeliveryReport report = world.send("user@" + longLabel + ".test", "user@example.test");

      assertThat(report.domain(longLabel + ".test").status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(report.domain(longLabel + ".test").detail()).startsWith("planning failed");
      assertThat(report.domain("example.test").isDelivered()).isTrue();
    }
  }

  @Test
  void messageWithoutRecipients_isRejected() throws Exception {
    try (MailWorld world = MailWorld.builder().start()) {
      DaneMailer mailer = world.mailer();

      assertThatThrownBy(() -> mailer.send(MailWorld.message())).isInstanceOf(MessagingException.class)
          .hasMessageContaining("no recipients");
    }
  }

  @Test
  void resolverShorthand_withPortAndPerDomainPolicy_plansLikeAConfiguredEngine() {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2")
        .signedZone("strict.test.", "@ MX 10 mx1.example.test.")
        .server("127.0.0.2", mx1.serverSslContext())
        .start()) {
      DaneMailer mailer = DaneMailer.builder().session(MailWorld.session()).resolver(world.resolver())
          .port(world.port()).policy("STRICT.test.", SmtpTlsPolicy.MANDATORY_DANE).build();

      DeliveryReport report = world.send(mailer, "user@example.test", "user@strict.test");

      assertThat(report.domain("example.test").delivery().orElseThrow().security())
          .isEqualTo(ChannelSecurity.TLS_UNAUTHENTICATED);
      assertThat(report.domain("strict.test").status()).isEqualTo(DeliveryStatus.DEFERRED);
      assertThat(report.domain("strict.test").plan().orElseThrow().targets()).singleElement()
          .satisfies(t -> assertThat(t.reason()).isEqualTo(TargetReason.MANDATORY_DANE_UNAVAILABLE));
      assertThat(world.server("127.0.0.2").messages()).singleElement()
          .satisfies(m -> assertThat(m.envelopeRecipients()).containsExactly("user@example.test"));
    }
  }

  @Test
  void builder_withoutSessionOrEngine_explainsWhatIsMissing() {
    assertThatThrownBy(() -> DaneMailer.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Session");
    assertThatThrownBy(() -> DaneMailer.builder().session(MailWorld.session()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("resolver");
  }

  private static String tlsaName(MailWorld.Builder builder, String host) {
    return "_" + builder.port() + "._tcp." + host;
  }
}
