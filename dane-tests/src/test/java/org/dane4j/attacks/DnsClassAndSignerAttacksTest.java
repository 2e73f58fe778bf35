package org.dane4j.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dane4j.attacks.DnsAttackWorld.MAIL_CNAME;
import static org.dane4j.attacks.DnsAttackWorld.MX1;
import static org.dane4j.attacks.DnsAttackWorld.MX3;
import static org.dane4j.attacks.DnsAttackWorld.V6;
import static org.dane4j.attacks.DnsAttackWorld.assertLookupFailed;

import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.DnsOutcome;
import org.dane4j.core.dns.SecurityStatus;
import org.dane4j.smtp.DeliveryPlan;
import org.dane4j.smtp.DomainDelivery;
import org.dane4j.smtp.PlanOutcome;
import org.dane4j.testkit.dns.ActiveRule;
import org.dane4j.testkit.dns.MessageSection;
import org.dane4j.testkit.dns.Rule;
import org.junit.jupiter.api.Test;

/**
 * The two attacks of issue 9, and their variants, by an on-path attacker between dane4j's
 * validating stub and its resolver, without any zone key:
 * <ul>
 *   <li>the CLASS of signed records flipped from IN to CH (one bit): dnsjava 3.7.1 finds no
 *       trust anchor for CH and calls the answer INSECURE;
 *   <li>the signer name of the RRSIGs rewritten, above all to a provably unsigned zone:
 *       dnsjava proves the signer's zone insecure and calls the RRset INSECURE, although RFC
 *       4035 section 5.3.1 requires the signer to be the zone that holds the RRset.
 * </ul>
 * RFC 7672 section 2.1.1: every such answer is a lookup failure; a failed MX lookup defers
 * (2.1.2), a failed address or TLSA lookup makes the MX host unusable (2.1.2, 2.2.2). Never
 * "insecure", never "no TLSA", never cleartext, never the attacker's address.
 */
class DnsClassAndSignerAttacksTest extends DnsAttackTestBase {

  // --- CLASS IN -> CH ---------------------------------------------------------------------

  @Test
  void classFlippedToChaos_onTlsaAnswer_defersDelivery() {
    ActiveRule flip = attack(Rule.rewriteClass("CH").at(tlsaName(MX1), "TLSA"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(flip.applications()).isPositive();
    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void classFlippedToChaos_onTlsaAnswer_isALookupFailure() {
    attack(Rule.rewriteClass("CH").at(tlsaName(MX1), "TLSA"));

    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void classFlippedToChaos_onMxAnswer_defersDelivery() {
    ActiveRule flip = attack(Rule.rewriteClass("CH").at("example.test.", "MX"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(flip.applications()).isPositive();
    assertThat(delivery.plan()).hasValueSatisfying(p -> assertThat(p.outcome()).isEqualTo(PlanOutcome.MX_LOOKUP_FAILED));
    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void classFlippedToChaos_onAddressAnswer_defersDelivery() {
    ActiveRule flip = attack(Rule.rewriteClass("CH").at(MX1, "A"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(flip.applications()).isPositive();
    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupA(host(MX1)));
  }

  @Test
  void classFlippedToChaos_onAaaaAnswer_isALookupFailure() {
    ActiveRule flip = attack(Rule.rewriteClass("CH").at(V6, "AAAA"));

    DnsAnswer<?> answer = resolver().lookupAaaa(host(V6));

    assertThat(flip.applications()).isPositive();
    assertLookupFailed(answer);
  }

  @Test
  void classFlippedToChaos_onTlsaDataOnly_signatureLeftInIn_isALookupFailure() {
    attack(Rule.rewriteClassOf("TLSA", "CH").at(tlsaName(MX1), "TLSA"));

    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void classFlippedToChaos_onCnameHopAndTarget_isALookupFailure() {
    attack(Rule.rewriteClass("CH").at(MAIL_CNAME, "A"));

    assertLookupFailed(resolver().lookupA(host(MAIL_CNAME)));
  }

  @Test
  void classFlippedToChaos_onTlsaNodataProof_isNotNoTlsa() {
    // mx3 has no TLSA records: the honest answer is a secure NODATA. With the proof's class
    // flipped it proves nothing, and "no TLSA" must not be concluded from it.
    ActiveRule flip = attack(Rule.rewriteClass("CH", MessageSection.AUTHORITY).at(tlsaName(MX3), "TLSA"));

    var tlsa = resolver().lookupTlsa(host(MX3), world.port());

    assertThat(flip.applications()).isPositive();
    assertLookupFailed(tlsa);
  }

  @Test
  void classFlippedToChaos_onNxdomainProof_isNotNoSuchDomain() {
    attack(Rule.rewriteClass("CH", MessageSection.AUTHORITY).at("nosuchhost.example.test.", "A"));

    assertLookupFailed(resolver().lookupA("nosuchhost.example.test"));
  }

  @Test
  void forgedAddressInChaosClass_besideTheDeletedSignedOne_sendsNothingToTheAttacker() {
    attack(Rule.deleteRecords("ANY", MessageSection.ANSWER).at(MX1, "A"));
    attack(Rule.addRecords(MessageSection.ANSWER, MX1 + " 300 CH A " + DnsAttackWorld.ATTACKER_ADDRESS).at(MX1, "A"));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupA(host(MX1)));
  }

  // --- RRSIG signer name ------------------------------------------------------------------

  @Test
  void signerRewrittenToUnsignedZone_onTlsaAnswer_defersDelivery() {
    ActiveRule rewrite = attack(Rule.rewriteSigner("unsigned.test.").at(tlsaName(MX1), "TLSA"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(rewrite.applications()).isPositive();
    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void signerRewrittenToUnsignedZone_onMxAnswer_defersDelivery() {
    ActiveRule rewrite = attack(Rule.rewriteSigner("unsigned.test.").at("example.test.", "MX"));

    DomainDelivery delivery = world.send("user@example.test");

    assertThat(rewrite.applications()).isPositive();
    assertThat(delivery.plan()).hasValueSatisfying(p -> assertThat(p.outcome()).isEqualTo(PlanOutcome.MX_LOOKUP_FAILED));
    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void signerRewrittenToUnsignedZone_onAddressAnswer_defersDelivery() {
    attack(Rule.rewriteSigner("unsigned.test.").at(MX1, "A"));

    DomainDelivery delivery = world.send("user@example.test");

    world.assertDeferredAndNothingSent(delivery);
    assertLookupFailed(resolver().lookupA(host(MX1)));
  }

  @Test
  void signerRewrittenToUnsignedZone_onAaaaAnswer_isALookupFailure() {
    attack(Rule.rewriteSigner("unsigned.test.").at(V6, "AAAA"));

    assertLookupFailed(resolver().lookupAaaa(host(V6)));
  }

  @Test
  void signerRewrittenToUnsignedZone_onTlsaNodataProof_isNotNoTlsa() {
    // The "unproven insecurity" guard of negative answers must not fall to the same trick.
    ActiveRule rewrite = attack(Rule.rewriteSigner("unsigned.test.").at(tlsaName(MX3), "TLSA"));

    var tlsa = resolver().lookupTlsa(host(MX3), world.port());

    assertThat(rewrite.applications()).isPositive();
    assertLookupFailed(tlsa);
  }

  @Test
  void signerRewrittenToUnsignedZone_onNxdomainProof_isNotNoSuchDomain() {
    attack(Rule.rewriteSigner("unsigned.test.").at("nosuchhost.example.test.", "A"));

    assertLookupFailed(resolver().lookupA("nosuchhost.example.test"));
  }

  @Test
  void signerRewrittenToUnsignedZone_onCnameHop_isALookupFailure() {
    attack(Rule.rewriteSigner("unsigned.test.").at(MAIL_CNAME, "A"));

    assertLookupFailed(resolver().lookupA(host(MAIL_CNAME)));
  }

  @Test
  void signerRewrittenToUnsignedZone_onMxOfCnameDomain_defersDelivery() {
    attack(Rule.rewriteSigner("unsigned.test.").at(MAIL_CNAME));

    DomainDelivery delivery = world.send("user@cname.test");

    world.assertDeferredAndNothingSent(delivery);
  }

  @Test
  void signerRewrittenToSignedAncestor_onTlsaAnswer_isALookupFailure() {
    attack(Rule.rewriteSigner("test.").at(tlsaName(MX1), "TLSA"));

    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void signerRewrittenToRoot_onAddressAnswer_isALookupFailure() {
    attack(Rule.rewriteSigner(".").at(MX1, "A"));

    assertLookupFailed(resolver().lookupA(host(MX1)));
  }

  @Test
  void signerRewrittenToSiblingZone_onTlsaAnswer_isALookupFailure() {
    attack(Rule.rewriteSigner("other.test.").at(tlsaName(MX1), "TLSA"));

    assertLookupFailed(resolver().lookupTlsa(host(MX1), world.port()));
  }

  @Test
  void signerRewrittenToNameBelowTheOwner_onAddressAnswer_isALookupFailure() {
    attack(Rule.rewriteSigner("sub.mx1.example.test.").at(MX1, "A"));

    assertLookupFailed(resolver().lookupA(host(MX1)));
  }

  @Test
  void signerRewrittenToUnsignedZone_underMandatoryDaneToo_neverInsecure() {
    attack(Rule.rewriteSigner("unsigned.test.").under("example.test."));

    DeliveryPlan plan = world.dane().plan("example.test").toCompletableFuture().join();

    assertThat(plan.outcome().isDeferred()).as("plan: %s", plan).isTrue();
    assertThat(plan.mxStatus()).isNotEqualTo(java.util.Optional.of(SecurityStatus.INSECURE));
  }

  @Test
  void noAttack_controlWorldDeliversToTheRolledHostOverDane_andMx3IsSecureNodata() {
    DomainDelivery delivery = world.send("user@rolled.test");

    assertThat(delivery.isDelivered()).as("delivery: %s", delivery).isTrue();
    var mx3Tlsa = resolver().lookupTlsa(host(MX3), world.port()).answer();
    assertThat(mx3Tlsa.outcome()).isEqualTo(DnsOutcome.NODATA);
    assertThat(mx3Tlsa.status()).isEqualTo(SecurityStatus.SECURE);
  }
}
