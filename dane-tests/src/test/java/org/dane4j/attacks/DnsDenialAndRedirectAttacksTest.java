package org.dane4j.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dane4j.attacks.DnsAttackWorld.ATTACKER_ADDRESS;
import static org.dane4j.attacks.DnsAttackWorld.MAIL_CNAME;
import static org.dane4j.attacks.DnsAttackWorld.MX1;
import static org.dane4j.attacks.DnsAttackWorld.MX2;
import static org.dane4j.attacks.DnsAttackWorld.MX3;
import static org.dane4j.attacks.DnsAttackWorld.OTHER_MX;
import static org.dane4j.attacks.DnsAttackWorld.UNSIGNED_MX;
import static org.dane4j.attacks.DnsAttackWorld.V6;
import static org.dane4j.attacks.DnsAttackWorld.assertLookupFailed;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.SecurityStatus;
import org.dane4j.core.dns.TlsaAnswer;
import org.dane4j.smtp.DomainDelivery;
import org.dane4j.smtp.PlanOutcome;
import org.dane4j.testkit.dns.ActiveRule;
import org.dane4j.testkit.dns.MessageSection;
import org.dane4j.testkit.dns.Rule;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;

/**
 * An on-path attacker denying what exists and redirecting what is looked up: forged NXDOMAIN
 * and NODATA (bare, or with validly signed NSEC records copied from other names and zones),
 * forged DS denials that would make a signed child look unsigned, dropped key queries beside
 * a forged "no TLSA", CNAME hops pointed at the attacker's names, dropped and delayed replies.
 * RFC 7672 section 2.1.1: a denial counts only when validated; anything else is a lookup
 * failure, and TLSA failures make the host unusable (2.1.2), so the mail is deferred: never
 * "no TLSA", never "no such domain", never the attacker's host.
 */
class DnsDenialAndRedirectAttacksTest extends DnsAttackTestBase {

  // --- forged denials ---------------------------------------------------------------------

  @Test
  void forgedNxdomain_forMx_withoutProof_defersInsteadOfBouncing() {
    ActiveRule forge = attack(Rule.forgeNxdomain().at("example.test.", "MX"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(forge.applications()).isPositive();
    assertThat(delivery.plan()).hasValueSatisfying(p -> assertThat(p.outcome()).isEqualTo(PlanOutcome.MX_LOOKUP_FAILED));
    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void forgedNodata_forMx_withoutProof_defersDelivery() {
    attack(Rule.forgeNodata().at("example.test.", "MX"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(delivery.plan()).hasValueSatisfying(p -> assertThat(p.outcome()).isEqualTo(PlanOutcome.MX_LOOKUP_FAILED));
    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void forgedNodata_forTlsa_withoutProof_defersDelivery() {
    ActiveRule forge = attack(Rule.forgeNodata().at(tlsaName(MX1), "TLSA"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(forge.applications()).isPositive();
    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void forgedNxdomain_forTlsa_withoutProof_defersDelivery() {
    attack(Rule.forgeNxdomain().at(tlsaName(MX1), "TLSA"));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void forgedNodata_forTlsa_withNsecProofCopiedFromAnotherName_isNotNoTlsa() {
    Message proof = world.attacker().fetchFromUpstream(tlsaName(MX3), "TLSA");
    attack(Rule.forgeNodata(proof).at(tlsaName(MX1), "TLSA"));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void forgedNxdomain_forTlsa_withNsecProofCopiedFromAnotherZone_isNotNoTlsa() {
    Message proof = world.attacker().fetchFromUpstream("nosuchhost.other.test.", "TLSA");
    attack(Rule.forgeNxdomain(proof).at(tlsaName(MX1), "TLSA"));

    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void forgedNxdomain_forTlsa_withNsecProofFromAnUnsignedZonesName_isNotNoTlsa() {
    Message proof = world.attacker().fetchFromUpstream("nosuchhost.unsigned.test.", "TLSA");
    attack(Rule.forgeNxdomain(proof).at(tlsaName(MX1), "TLSA"));

    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void forgedNxdomain_forAddress_withNsecProofCopiedFromTheSameZone_isALookupFailure() {
    Message proof = world.attacker().fetchFromUpstream("nosuchhost.example.test.", "A");
    attack(Rule.forgeNxdomain(proof).at(MX1, "A"));

    assertLookupFailed(resolver().lookupA(host(MX1)));
  }

  @Test
  void forgedNodata_forAaaa_withoutProof_isALookupFailure() {
    attack(Rule.forgeNodata().at(V6, "AAAA"));

    assertLookupFailed(resolver().lookupAaaa(host(V6)));
  }

  @Test
  void forgedNodata_forTlsa_whileKeyQueriesAreDropped_isNotNoTlsa() {
    // dnsjava 3.7.1's fail-open path (PITFALLS.md): with the keys unreachable it hands the
    // forged denial back without AD and without a verdict. The host's addresses were
    // validated before the attack (so the TLSA query is sent at all).
    DnsAnswer<InetAddress> validatedAddresses = DnsAnswer.data(host(MX1), "A", SecurityStatus.SECURE,
        List.of(InetAddress.getLoopbackAddress()), Duration.ofMinutes(5), List.of());
    attack(Rule.drop().under("example.test.").ofType("DS", "DNSKEY"));
    ActiveRule forge = attack(Rule.forgeNodata().at(tlsaName(MX1), "TLSA"));

    TlsaAnswer tlsa = resolver().lookupTlsa(validatedAddresses, world.port());

    assertThat(forge.applications()).isPositive();
    assertLookupFailed(tlsa);
  }

  @Test
  void forgedNxdomain_forTlsa_whileKeyQueriesGetForgedDenials_isNotNoTlsa() {
    attack(Rule.forgeNodata().under("example.test.").ofType("DS", "DNSKEY"));
    attack(Rule.forgeNxdomain().at(tlsaName(MX1), "TLSA"));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void dsDenialForged_forSignedChild_withoutProof_defersDelivery() {
    ActiveRule forge = attack(Rule.forgeNodata().at("example.test.", "DS"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(forge.applications()).isPositive();
    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void dsDenialForged_forSignedChild_withTheProofOfTheUnsignedSibling_isALookupFailure() {
    // A validly signed NSEC of test. saying "unsigned.test. has no DS", offered for example.test.
    Message proof = world.attacker().fetchFromUpstream("unsigned.test.", "DS");
    attack(Rule.forgeNodata(proof).at("example.test.", "DS"));

    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
    assertLookupFailed(resolver().lookupA(host(MX1)));
  }

  @Test
  void dsNxdomainForged_forSignedChild_isALookupFailure() {
    attack(Rule.forgeNxdomain().at("example.test.", "DS"));

    assertLookupFailed(resolver().lookupMx("example.test"));
  }

  @Test
  void dsAnswerOfSignedChildReplacedByUnsignedSiblingsDenial_withSignerRewritten_isALookupFailure() {
    Message proof = world.attacker().fetchFromUpstream("unsigned.test.", "DS");
    attack(Rule.forgeNodata(proof).at("example.test.", "DS"));
    attack(Rule.rewriteSigner("unsigned.test.").under("example.test."));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
  }

  // --- CNAME hops -------------------------------------------------------------------------

  @Test
  void cnameHopRedirectedToAttackersUnsignedName_sendsNothingToTheAttacker() {
    Message evil = world.attacker().fetchFromUpstream(UNSIGNED_MX, "A");
    ActiveRule redirect = attack(Rule.rewriteCnameTarget(UNSIGNED_MX).at(MAIL_CNAME, "A"));
    attack(Rule.deleteRecords("A", MessageSection.ANSWER).at(MAIL_CNAME, "A"));
    attack(Rule.spliceAnswer(evil).at(MAIL_CNAME, "A"));

    DomainDelivery delivery = world.send("user@cname.test");

    assertThat(redirect.applications()).isPositive();
    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupA(host(MAIL_CNAME)));
  }

  @Test
  void cnameHopRedirectedToAttackersSignedName_sendsNothingToTheAttacker() {
    // The target's records are validly signed (other.test.), but the CNAME's signature no longer verifies.
    Message evil = world.attacker().fetchFromUpstream(OTHER_MX, "A");
    attack(Rule.rewriteCnameTarget(OTHER_MX).at(MAIL_CNAME, "A"));
    attack(Rule.deleteRecords("ANY", MessageSection.ANSWER).at(MAIL_CNAME, "A"));
    attack(Rule.addRecords(MessageSection.ANSWER, MAIL_CNAME + " 300 IN CNAME " + OTHER_MX).at(MAIL_CNAME, "A"));
    attack(Rule.spliceAnswer(evil).at(MAIL_CNAME, "A"));

    DomainDelivery delivery = world.send("user@cname.test");

    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void cnameForgedForMxHost_toAttackersUnsignedName_sendsNothingToTheAttacker() {
    Message evil = world.attacker().fetchFromUpstream(UNSIGNED_MX, "A");
    attack(Rule.deleteRecords("ANY", MessageSection.ANSWER).at(MX1, "A"));
    attack(Rule.addRecords(MessageSection.ANSWER, MX1 + " 300 IN CNAME " + UNSIGNED_MX).at(MX1, "A"));
    attack(Rule.spliceAnswer(evil).at(MX1, "A"));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupA(host(MX1)));
  }

  @Test
  void cnameForgedForTlsaOwner_toUnsignedName_isNotNoTlsa() {
    attack(Rule.deleteRecords("ANY", MessageSection.ANSWER).at(tlsaName(MX1), "TLSA"));
    attack(Rule.addRecords(MessageSection.ANSWER, tlsaName(MX1) + " 300 IN CNAME " + tlsaName(UNSIGNED_MX))
        .at(tlsaName(MX1), "TLSA"));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void tlsaCnameHopRedirectedToAttackersSignedTlsa_isALookupFailure() {
    // mx2's TLSA owner is a signed CNAME to mx1's; the attacker points it at other.test.'s
    // validly signed TLSA record of its own certificate.
    Message evil = world.attacker().fetchFromUpstream(tlsaName(OTHER_MX), "TLSA");
    attack(Rule.rewriteCnameTarget(tlsaName(OTHER_MX)).at(tlsaName(MX2), "TLSA"));
    attack(Rule.deleteRecords("TLSA", MessageSection.ANSWER).at(tlsaName(MX2), "TLSA"));
    attack(Rule.spliceAnswer(evil).at(tlsaName(MX2), "TLSA"));

    assertLookupFailed(resolver().lookupTlsa(host(MX2), world.port()));
  }

  @Test
  void cnameLoopForged_forMxHost_isALookupFailure() {
    attack(Rule.deleteRecords("ANY", MessageSection.ANSWER).at(MX1, "A"));
    attack(Rule.addRecords(MessageSection.ANSWER, MX1 + " 300 IN CNAME alias.example.test.",
        "alias.example.test. 300 IN CNAME " + MX1).at(MX1, "A"));

    assertLookupFailed(resolver().lookupA(host(MX1)));
  }

  @Test
  void cnameAddedBesideTheSignedAddress_isALookupFailure() {
    attack(Rule.addRecords(MessageSection.ANSWER, MX1 + " 300 IN CNAME " + UNSIGNED_MX,
        UNSIGNED_MX + " 300 IN A " + ATTACKER_ADDRESS).at(MX1, "A"));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupA(host(MX1)));
  }

  // --- drop and delay ---------------------------------------------------------------------

  @Test
  void tlsaQueriesDropped_defersDelivery() {
    ActiveRule drop = attack(Rule.drop().at(tlsaName(MX1), "TLSA"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(drop.applications()).isPositive();
    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void dnskeyQueriesDropped_isALookupFailure() {
    attack(Rule.drop().at("example.test.", "DNSKEY"));

    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void mxQueriesDropped_defersDelivery() {
    attack(Rule.drop().at("example.test.", "MX"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(delivery.plan()).hasValueSatisfying(p -> assertThat(p.outcome()).isEqualTo(PlanOutcome.MX_LOOKUP_FAILED));
    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void tlsaReplyDelayedBeyondTheQueryTimeout_isATimeoutNeverNoTlsa() {
    ActiveRule delay = attack(Rule.delay(Duration.ofHours(1)).at(tlsaName(MX1), "TLSA"));

    TlsaAnswer tlsa = resolver().lookupTlsa(host(MX1), world.port());

    assertThat(delay.applications()).isPositive();
    assertLookupFailed(tlsa);
  }
}
