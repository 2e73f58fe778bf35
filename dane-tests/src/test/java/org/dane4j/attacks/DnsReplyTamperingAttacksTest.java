package org.dane4j.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dane4j.attacks.DnsAttackWorld.ATTACKER_ADDRESS;
import static org.dane4j.attacks.DnsAttackWorld.MX1;
import static org.dane4j.attacks.DnsAttackWorld.MX3;
import static org.dane4j.attacks.DnsAttackWorld.OTHER_MX;
import static org.dane4j.attacks.DnsAttackWorld.ROLLED_MX;
import static org.dane4j.attacks.DnsAttackWorld.assertLookupFailed;

import java.time.Duration;
import java.time.Instant;
import org.dane4j.core.dns.DnsOutcome;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.core.dns.SecurityStatus;
import org.dane4j.core.dns.TlsaAnswer;
import org.dane4j.smtp.DomainDelivery;
import org.dane4j.smtp.PlanOutcome;
import org.dane4j.testkit.TestClock;
import org.dane4j.testkit.dns.ActiveRule;
import org.dane4j.testkit.dns.Fault;
import org.dane4j.testkit.dns.HeaderFlag;
import org.dane4j.testkit.dns.MessageSection;
import org.dane4j.testkit.dns.Rule;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;

/**
 * An on-path attacker tampering with signed replies without a key: stripping signatures,
 * setting AD or TC, rewriting RCODEs and TTLs, moving records between sections, adding,
 * duplicating and splicing records (validly signed ones of other names included), and
 * replaying old signed replies. RFC 7672 section 2.1.1: only validated data counts; every
 * tampered answer is a lookup failure, never "insecure" or "no TLSA", and the mail is
 * deferred, never sent in cleartext nor to the attacker's host.
 *
 * <p>Replay is the one move DNSSEC cannot refuse within a signature's validity window (RFC
 * 4033 section 8.3): an old, still validly signed TLSA RRset is accepted, and the test shows
 * that it can then at most cause a refusal, never a downgrade. Outside the window the replay
 * is bogus.
 */
class DnsReplyTamperingAttacksTest extends DnsAttackTestBase {

  // --- signatures and header flags --------------------------------------------------------

  @Test
  void rrsigStripped_fromTlsaAnswer_defersDelivery() {
    ActiveRule strip = attack(Rule.stripSignatures().at(tlsaName(MX1), "TLSA"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(strip.applications()).isPositive();
    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void rrsigStripped_fromMxAnswer_defersDelivery() {
    attack(Rule.stripSignatures().at("example.test.", "MX"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(delivery.plan()).hasValueSatisfying(p -> assertThat(p.outcome()).isEqualTo(PlanOutcome.MX_LOOKUP_FAILED));
    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void rrsigStripped_fromTlsaNodataProof_isNotNoTlsa() {
    ActiveRule strip = attack(Rule.stripSignatures().at(tlsaName(MX3), "TLSA"));

    TlsaAnswer tlsa = resolver().lookupTlsa(host(MX3), world.port());

    assertThat(strip.applications()).isPositive();
    assertLookupFailed(tlsa);
  }

  @Test
  void rrsigStripped_fromDnskeyAnswer_isALookupFailure() {
    attack(Rule.stripSignatures().at("example.test.", "DNSKEY"));

    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void dnssecOkClearedInEveryQuery_defersDelivery() {
    ActiveRule clear = attack(Rule.clearDnssecOk().under("example.test."));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(clear.applications()).isPositive();
    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void authenticDataSetByAttacker_onStrippedTlsaAnswer_isALookupFailure() {
    attack(Rule.stripSignatures().at(tlsaName(MX1), "TLSA"));
    attack(Rule.setFlag(HeaderFlag.AD));

    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void authenticDataSetByAttacker_onForgedAddress_sendsNothingToTheAttacker() {
    attack(Rule.deleteRecords("ANY", MessageSection.ANSWER).at(MX1, "A"));
    attack(Rule.addRecords(MessageSection.ANSWER, MX1 + " 300 IN A " + ATTACKER_ADDRESS).at(MX1, "A"));
    attack(Rule.setFlag(HeaderFlag.AD));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void truncationForcedWithEmptiedReplies_overUdpAndTcp_isALookupFailure() {
    // A truncated reply as a server sends it (TC, no records), on both transports: the TCP
    // retry cannot help, and the empty NOERROR must not read as "no TLSA".
    ActiveRule tc = attack(Rule.setFlag(HeaderFlag.TC).at(tlsaName(MX1), "TLSA"));
    attack(Rule.deleteRecords("ANY").at(tlsaName(MX1), "TLSA"));

    TlsaAnswer tlsa = resolver().lookupTlsa(host(MX1), world.port());

    assertThat(tc.applications()).isPositive();
    assertLookupFailed(tlsa);
  }

  @Test
  void truncationForcedOverUdpOnly_isRetriedOverTcp_andStaysSecure() {
    ActiveRule tc = attack(Rule.setFlag(HeaderFlag.TC).overUdp().at(tlsaName(MX1), "TLSA"));

    TlsaAnswer tlsa = resolver().lookupTlsa(host(MX1), world.port());

    assertThat(tc.applications()).isPositive();
    assertThat(tlsa.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(tlsa.records()).containsExactly(world.mx1Cert.tlsa("3 1 1"));
  }

  // --- RCODE and TTL ----------------------------------------------------------------------

  @Test
  void servfailRewrittenToNoerror_onTlsa_isNotNoTlsa() {
    world.dns().inject(Fault.servfail().at(tlsaName(MX1), "TLSA"));
    ActiveRule rcode = attack(Rule.rcode("NOERROR").at(tlsaName(MX1), "TLSA"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(rcode.applications()).isPositive();
    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void noerrorRewrittenToNxdomain_onTlsaAnswer_isALookupFailure() {
    attack(Rule.rcode("NXDOMAIN").at(tlsaName(MX1), "TLSA"));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void noerrorRewrittenToNxdomain_onMxAnswer_neverBouncesTheDomain() {
    // RFC 7672 section 2.1.1: only a validated NXDOMAIN is "no such domain"; a relabelled
    // positive answer must not make the mail bounce.
    ActiveRule rcode = attack(Rule.rcode("NXDOMAIN").at("example.test.", "MX"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(rcode.applications()).isPositive();
    assertThat(delivery.plan()).hasValueSatisfying(p -> assertThat(p.outcome()).isNotEqualTo(PlanOutcome.NO_SUCH_DOMAIN));
    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void noerrorRewrittenToNxdomain_onAddressAnswer_isALookupFailure() {
    attack(Rule.rcode("NXDOMAIN").at(MX1, "A"));

    assertLookupFailed(resolver().lookupA(host(MX1)));
  }

  @Test
  void ttlInflatedToAYear_onTlsaAnswer_isNotCachedBeyondTheSignedTtl() {
    TestClock clock = TestClock.at(Instant.now());
    DnssecResolver resolver = world.resolver(b -> b.clock(clock));
    ActiveRule inflate = attack(Rule.ttl(31_536_000).at(tlsaName(MX1), "TLSA"));

    TlsaAnswer first = resolver.lookupTlsa(host(MX1), world.port());
    long queriesBefore = world.attacker().queryCount(tlsaName(MX1), "TLSA");
    clock.advance(Duration.ofSeconds(301));
    resolver.lookupTlsa(host(MX1), world.port());

    assertThat(inflate.applications()).isPositive();
    assertThat(first.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(first.answer().ttl()).isLessThanOrEqualTo(Duration.ofSeconds(300));
    assertThat(world.attacker().queryCount(tlsaName(MX1), "TLSA"))
        .as("the TLSA RRset is asked again once its signed TTL of 300 s is over").isGreaterThan(queriesBefore);
  }

  // --- sections ---------------------------------------------------------------------------

  @Test
  void answerMovedToAdditional_onTlsa_isNotNoTlsa() {
    ActiveRule move = attack(Rule.moveRecords("ANY", MessageSection.ANSWER, MessageSection.ADDITIONAL)
        .at(tlsaName(MX1), "TLSA"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(move.applications()).isPositive();
    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void answerMovedToAuthority_onMx_defersDelivery() {
    attack(Rule.moveRecords("ANY", MessageSection.ANSWER, MessageSection.AUTHORITY).at("example.test.", "MX"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(delivery.plan()).hasValueSatisfying(p -> assertThat(p.outcome()).isEqualTo(PlanOutcome.MX_LOOKUP_FAILED));
    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void rrsigMovedToAdditional_onTlsa_isALookupFailure() {
    attack(Rule.moveRecords("RRSIG", MessageSection.ANSWER, MessageSection.ADDITIONAL).at(tlsaName(MX1), "TLSA"));

    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void tlsaAnswerDuplicated_isALookupFailure() {
    attack(Rule.duplicateRecords(MessageSection.ANSWER).at(tlsaName(MX1), "TLSA"));

    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void tlsaRecordRepeatedWithAnotherTtl_isALookupFailure() {
    String record = tlsaName(MX1) + " 86400 IN TLSA " + world.mx1Cert.tlsa("3 1 1");
    attack(Rule.addRecords(MessageSection.ANSWER, record).at(tlsaName(MX1), "TLSA"));

    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void attackersTlsaAddedToTheSignedRrset_isALookupFailure() {
    String forged = tlsaName(MX1) + " 300 IN TLSA " + world.attackerCert.tlsa("3 1 1");
    attack(Rule.addRecords(MessageSection.ANSWER, forged).at(tlsaName(MX1), "TLSA"));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void unrelatedRecordAddedOutsideTheQuestion_isALookupFailure() {
    attack(Rule.addRecords(MessageSection.ANSWER, "evil.example.test. 300 IN A " + ATTACKER_ADDRESS).at(MX1, "A"));

    assertLookupFailed(resolver().lookupA(host(MX1)));
  }

  // --- splicing validly signed data of other names ------------------------------------------

  @Test
  void otherZonesSignedTlsaReplacesTheAnswer_isALookupFailure() {
    Message donor = world.attacker().fetchFromUpstream(tlsaName(OTHER_MX), "TLSA");
    ActiveRule splice = attack(Rule.replaceAnswer(donor).at(tlsaName(MX1), "TLSA"));

    TlsaAnswer tlsa = resolver().lookupTlsa(host(MX1), world.port());

    assertThat(splice.applications()).isPositive();
    assertLookupFailed(tlsa);
  }

  @Test
  void otherZonesSignedTlsaSplicedBesideTheAnswer_isALookupFailure() {
    Message donor = world.attacker().fetchFromUpstream(tlsaName(OTHER_MX), "TLSA");
    attack(Rule.spliceAnswer(donor).at(tlsaName(MX1), "TLSA"));

    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void otherZonesSignedTlsaTransplantedToTheQuestionName_isALookupFailure() {
    Message donor = world.attacker().fetchFromUpstream(tlsaName(OTHER_MX), "TLSA");
    attack(Rule.transplantAnswer(donor).at(tlsaName(MX1), "TLSA"));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void otherZonesSignedAddressSplicedIntoTheAnswer_sendsNothingToTheAttacker() {
    Message donor = world.attacker().fetchFromUpstream(OTHER_MX, "A");
    attack(Rule.spliceAnswer(donor).at(MX1, "A"));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupA(host(MX1)));
  }

  @Test
  void otherZonesSignedAddressReplacesTheAnswer_sendsNothingToTheAttacker() {
    Message donor = world.attacker().fetchFromUpstream(OTHER_MX, "A");
    attack(Rule.replaceAnswer(donor).at(MX1, "A"));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void otherDomainsSignedMxReplacesTheAnswer_defersDelivery() {
    Message donor = world.attacker().fetchFromUpstream("other.test.", "MX");
    attack(Rule.replaceAnswer(donor).at("example.test.", "MX"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(delivery.plan()).hasValueSatisfying(p -> assertThat(p.outcome()).isEqualTo(PlanOutcome.MX_LOOKUP_FAILED));
    world.assertDeferredAndNothingSent(delivery);
  }

  // --- replay -----------------------------------------------------------------------------

  @Test
  void oldTlsaReplayedAfterRollover_withinSignatureValidity_refusesTheNewKeyButNeverDowngrades() {
    // RFC 4033 section 8.3: within their validity the old signatures verify, so the old
    // record is accepted (RFC-legal); the server's new key then fails DANE: deferral, not cleartext.
    Message old = world.recordFrom(world.treeWith("rolled.test.", z -> z.removeRecords(world.tlsaOwner("mx"), "TLSA")
        .record(world.tlsaOwner("mx") + " TLSA " + world.rolledOldCert.tlsa("3 1 1"))), tlsaName(ROLLED_MX), "TLSA");
    ActiveRule replay = attack(Rule.replay(old).at(tlsaName(ROLLED_MX), "TLSA"));

    DomainDelivery delivery = world.send("user@rolled.test");

    assertThat(replay.applications()).isPositive();
    world.assertDeferredAndNothingSent(delivery);
    TlsaAnswer replayed = resolver().lookupTlsa(host(ROLLED_MX), world.port());
    assertThat(replayed.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(replayed.records()).containsExactly(world.rolledOldCert.tlsa("3 1 1"));
  }

  @Test
  void tlsaReplayedAfterItsSignaturesExpired_isALookupFailure() {
    Instant now = Instant.now();
    Message old = world.recordFrom(world.tree().toBuilder()
        .signatureValidity(now.minus(Duration.ofDays(20)), now.minus(Duration.ofDays(10))), tlsaName(MX1), "TLSA");
    attack(Rule.replay(old).at(tlsaName(MX1), "TLSA"));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void tlsaDenialReplayedAfterItsSignaturesExpired_isNotNoTlsa() {
    // From before the TLSA record was published: "no such name", signed then, expired now.
    Instant now = Instant.now();
    Message old = world.recordFrom(world.treeWith("example.test.", z -> z.removeRecords(world.tlsaOwner("mx1"), "TLSA"))
        .signatureValidity(now.minus(Duration.ofDays(20)), now.minus(Duration.ofDays(10))), tlsaName(MX1), "TLSA");
    ActiveRule replay = attack(Rule.replay(old).at(tlsaName(MX1), "TLSA"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(replay.applications()).isPositive();
    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void addressReplayedFromBeforeRenumbering_withExpiredSignatures_sendsNothingToTheAttacker() {
    Instant now = Instant.now();
    Message old = world.recordFrom(world.treeWith("example.test.", z -> z.removeRecords("mx1", "A")
        .record("mx1 A " + ATTACKER_ADDRESS))
        .signatureValidity(now.minus(Duration.ofDays(20)), now.minus(Duration.ofDays(10))), MX1, "A");
    attack(Rule.replay(old).at(MX1, "A"));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupA(host(MX1)));
  }

  @Test
  void replyToAnotherQuestionReplayed_isALookupFailure() {
    Message other = world.attacker().fetchFromUpstream("other.test.", "MX");
    attack(Rule.replay(other).at("example.test.", "MX"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(delivery.plan()).hasValueSatisfying(p -> assertThat(p.outcome()).isEqualTo(PlanOutcome.MX_LOOKUP_FAILED));
    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void noAttack_tlsaIsSecure_soTheseTestsAttackSomethingReal() {
    TlsaAnswer tlsa = resolver().lookupTlsa(host(MX1), world.port());

    assertThat(tlsa.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(tlsa.answer().outcome()).isEqualTo(DnsOutcome.DATA);
  }
}
