package org.dane4j.testkit.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Each rule of the {@link OnPathAttacker} does what it says, seen on the wire by a plain client. */
class OnPathAttackerTest {
  private static final String MX1 = "mx1.example.test.";

  @RegisterExtension
  static final DnsTestServerExtension dns = DnsTestServerExtension.create(tree -> tree
      .zone("test.")
      .zone("example.test.", z -> z.records("@ MX 10 mx1", "mx1 A 127.0.0.2", "mx2 A 127.0.0.3",
          "www CNAME mx1"))
      .zone("other.test.", z -> z.records("mx A 127.0.0.66"))
      .zone("unsigned.test.", z -> z.unsigned().records("www A 127.0.0.9")));

  private OnPathAttacker attacker;

  @BeforeEach
  void startAttacker() {
    attacker = OnPathAttacker.start(dns.address());
  }

  @AfterEach
  void stopAttacker() {
    attacker.close();
  }

  private Message ask(String name, String type) throws IOException {
    return ask(name, type, false, Duration.ofSeconds(5));
  }

  private Message ask(String name, String type, boolean tcp, Duration timeout) throws IOException {
    SimpleResolver resolver = new SimpleResolver(attacker.address());
    resolver.setTimeout(timeout);
    resolver.setTCP(tcp);
    resolver.setIgnoreTruncation(false);
    resolver.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
    return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.value(type), DClass.IN)));
  }

  private static List<Integer> types(Message m, int section) {
    return m.getSection(section).stream().map(Record::getType).collect(Collectors.toList());
  }

  @Test
  void withoutRules_forwardsTheUpstreamsReplyUnchanged() throws Exception {
    Message direct = attacker.fetchFromUpstream(MX1, "A");

    Message proxied = ask(MX1, "A");

    assertThat(proxied.getSection(Section.ANSWER)).isEqualTo(direct.getSection(Section.ANSWER));
    assertThat(attacker.queryCount(MX1, "A")).isEqualTo(1);
    assertThat(attacker.tamperedCount()).isZero();
  }

  @Test
  void rewriteClass_flipsTheClassOfEveryAnswerRecordAndNothingElse() throws Exception {
    ActiveRule flip = attacker.add(Rule.rewriteClass("CH").at(MX1, "A"));

    Message reply = ask(MX1, "A");

    assertThat(flip.applications()).isEqualTo(1);
    assertThat(reply.getSection(Section.ANSWER)).isNotEmpty()
        .allSatisfy(r -> assertThat(r.getDClass()).isEqualTo(DClass.CH));
    Message honest = attacker.lastUpstreamReply(MX1, "A").orElseThrow();
    assertThat(reply.getSection(Section.ANSWER)).extracting(Record::rdataToString)
        .isEqualTo(honest.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList());
    assertThat(reply.getSection(Section.AUTHORITY)).isEqualTo(honest.getSection(Section.AUTHORITY));
  }

  @Test
  void rewriteClassOf_flipsOnlyTheNamedType() throws Exception {
    attacker.add(Rule.rewriteClassOf("RRSIG", "CH").at(MX1, "A"));

    Message reply = ask(MX1, "A");

    assertThat(reply.getSection(Section.ANSWER)).allSatisfy(r ->
        assertThat(r.getDClass()).isEqualTo(r.getType() == Type.RRSIG ? DClass.CH : DClass.IN));
  }

  @Test
  void rewriteSigner_renamesTheSignerAndKeepsTheSignatureBytes() throws Exception {
    attacker.add(Rule.rewriteSigner("unsigned.test.").at(MX1, "A"));

    Message reply = ask(MX1, "A");

    RRSIGRecord forged = (RRSIGRecord) reply.getSection(Section.ANSWER).stream()
        .filter(r -> r.getType() == Type.RRSIG).findFirst().orElseThrow();
    RRSIGRecord honest = (RRSIGRecord) attacker.lastUpstreamReply(MX1, "A").orElseThrow()
        .getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.RRSIG).findFirst().orElseThrow();
    assertThat(forged.getSigner()).isEqualTo(Name.fromString("unsigned.test."));
    assertThat(forged.getSignature()).isEqualTo(honest.getSignature());
  }

  @Test
  void setFlagAndRcode_changeTheReplyHeader() throws Exception {
    attacker.add(Rule.setFlag(HeaderFlag.AD).at(MX1));
    attacker.add(Rule.clearFlag(HeaderFlag.RA).at(MX1));
    attacker.add(Rule.rcode("NXDOMAIN").at(MX1));

    Message reply = ask(MX1, "A");

    assertThat(reply.getHeader().getFlag(Flags.AD)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.RA)).isFalse();
    assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(types(reply, Section.ANSWER)).contains(Type.A);
  }

  @Test
  void queryRules_changeWhatTheUpstreamReceives() throws Exception {
    // A second attacker between the first and the server records what the first forwards.
    List<Message> seen = new CopyOnWriteArrayList<>();
    try (OnPathAttacker observer = OnPathAttacker.start(dns.address());
        OnPathAttacker first = OnPathAttacker.start(observer.address())) {
      observer.add(Rule.rewriteQuery("record", q -> {
        seen.add(q.clone());
        return q;
      }));
      first.add(Rule.setQueryFlag(HeaderFlag.CD));
      first.add(Rule.clearDnssecOk());
      attacker.close();
      attacker = first;

      Message reply = ask(MX1, "A");

      assertThat(seen).singleElement().satisfies(q -> {
        assertThat(q.getHeader().getFlag(Flags.CD)).isTrue();
        assertThat(q.getOPT().getFlags() & ExtendedFlags.DO).isZero();
      });
      assertThat(types(reply, Section.ANSWER)).containsExactly(Type.A);
    }
  }

  @Test
  void ttl_rewritesEveryTtlButTheSignedOriginalTtl() throws Exception {
    attacker.add(Rule.ttl(604_800).at(MX1, "A"));

    Message reply = ask(MX1, "A");

    assertThat(reply.getSection(Section.ANSWER)).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(604_800));
    assertThat(reply.getSection(Section.ANSWER)).filteredOn(r -> r.getType() == Type.RRSIG)
        .allSatisfy(r -> assertThat(((RRSIGRecord) r).getOrigTTL()).isEqualTo(ZoneBuilder.DEFAULT_TTL));
  }

  @Test
  void moveRecords_putsTheAnswerIntoTheAdditionalSection() throws Exception {
    attacker.add(Rule.moveRecords("ANY", MessageSection.ANSWER, MessageSection.ADDITIONAL).at(MX1, "A"));

    Message reply = ask(MX1, "A");

    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(types(reply, Section.ADDITIONAL)).contains(Type.A, Type.RRSIG, Type.OPT);
  }

  @Test
  void stripSignatures_removesEveryRrsig() throws Exception {
    attacker.add(Rule.stripSignatures());

    Message reply = ask("missing.example.test.", "A");

    assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(types(reply, Section.AUTHORITY)).contains(Type.SOA, Type.NSEC).doesNotContain(Type.RRSIG);
  }

  @Test
  void addAndDuplicateRecords_appendToTheSection() throws Exception {
    attacker.add(Rule.duplicateRecords(MessageSection.ANSWER).at(MX1, "A"));
    attacker.add(Rule.addRecords(MessageSection.ANSWER, "mx1.example.test. 300 IN A 192.0.2.66").at(MX1, "A"));

    Message reply = ask(MX1, "A");

    assertThat(reply.getSection(Section.ANSWER)).filteredOn(r -> r.getType() == Type.A)
        .extracting(r -> ((ARecord) r).getAddress().getHostAddress())
        .containsExactly("127.0.0.2", "127.0.0.2", "192.0.2.66");
  }

  @Test
  void rewriteCnameTarget_pointsTheCnameElsewhere() throws Exception {
    attacker.add(Rule.rewriteCnameTarget("mx.other.test.").at("www.example.test."));

    Message reply = ask("www.example.test.", "A");

    assertThat(reply.getSection(Section.ANSWER)).filteredOn(r -> r.getType() == Type.CNAME)
        .singleElement().satisfies(r ->
            assertThat(((CNAMERecord) r).getTarget()).isEqualTo(Name.fromString("mx.other.test.")));
  }

  @Test
  void replay_servesTheRecordedReplyAfterTheZoneChanged() throws Exception {
    Message recorded = attacker.fetchFromUpstream(MX1, "A");
    DnsTree original = dns.tree();
    dns.server().serve(original.toBuilder()
        .zone("example.test.", z -> z.removeRecords("mx1", "A").record("mx1 A 127.0.0.20")).build());
    try {
      attacker.add(Rule.replay(recorded).at(MX1, "A"));

      Message reply = ask(MX1, "A");

      assertThat(reply.getSection(Section.ANSWER)).isEqualTo(recorded.getSection(Section.ANSWER));
      assertThat(attacker.lastUpstreamReply(MX1, "A").orElseThrow().getSection(Section.ANSWER))
          .filteredOn(r -> r.getType() == Type.A).extracting(Record::rdataToString).containsExactly("127.0.0.20");
    } finally {
      dns.server().serve(original);
    }
  }

  @Test
  void spliceAnswer_appendsAnotherReplysSignedRecords() throws Exception {
    Message donor = attacker.fetchFromUpstream("mx.other.test.", "A");
    attacker.add(Rule.spliceAnswer(donor).at(MX1, "A"));

    Message reply = ask(MX1, "A");

    assertThat(reply.getSection(Section.ANSWER)).extracting(Record::getName).contains(
        Name.fromString(MX1), Name.fromString("mx.other.test."));
    assertThat(reply.getSection(Section.ANSWER)).filteredOn(r -> r.getType() == Type.RRSIG).hasSize(2);
  }

  @Test
  void replaceAndTransplantAnswer_swapTheAnswer() throws Exception {
    Message donor = attacker.fetchFromUpstream("mx.other.test.", "A");
    attacker.add(Rule.replaceAnswer(donor).at(MX1, "A"));
    attacker.add(Rule.transplantAnswer(donor).at("mx2.example.test.", "A"));

    Message replaced = ask(MX1, "A");
    Message transplanted = ask("mx2.example.test.", "A");

    assertThat(replaced.getSection(Section.ANSWER)).isEqualTo(donor.getSection(Section.ANSWER));
    assertThat(transplanted.getSection(Section.ANSWER)).extracting(Record::getName)
        .containsOnly(Name.fromString("mx2.example.test."));
    assertThat(transplanted.getSection(Section.ANSWER)).filteredOn(r -> r.getType() == Type.A)
        .extracting(Record::rdataToString).containsExactly("127.0.0.66");
  }

  @Test
  void forgedDenials_comeWithOrWithoutCopiedProof() throws Exception {
    Message proof = attacker.fetchFromUpstream("missing.other.test.", "A");
    attacker.add(Rule.forgeNxdomain().at(MX1, "A"));
    attacker.add(Rule.forgeNodata(proof).at("mx2.example.test.", "A"));

    Message nxdomain = ask(MX1, "A");
    Message nodata = ask("mx2.example.test.", "A");

    assertThat(nxdomain.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(nxdomain.getSection(Section.ANSWER)).isEmpty();
    assertThat(nxdomain.getSection(Section.AUTHORITY)).isEmpty();
    assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
    assertThat(nodata.getSection(Section.AUTHORITY)).isEqualTo(proof.getSection(Section.AUTHORITY));
  }

  @Test
  void drop_sendsNothingAndTheUpstreamNeverSeesTheQuery() {
    ActiveRule drop = attacker.add(Rule.drop().at(MX1, "A"));

    assertThatThrownBy(() -> ask(MX1, "A", false, Duration.ofMillis(300))).isInstanceOf(IOException.class);

    assertThat(drop.applications()).isEqualTo(1);
    assertThat(attacker.droppedCount()).isEqualTo(1);
    assertThat(attacker.lastUpstreamReply(MX1, "A")).isEmpty();
  }

  @Test
  void delay_holdsTheReplyBackAtLeastThatLong() throws Exception {
    attacker.add(Rule.delay(Duration.ofMillis(300)).at(MX1, "A"));

    long started = System.nanoTime();
    Message reply = ask(MX1, "A", false, Duration.ofSeconds(10));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(types(reply, Section.ANSWER)).contains(Type.A);
  }

  @Test
  void delay_beyondTheClientsTimeout_isATimeout_andCloseDoesNotWaitForIt() {
    attacker.add(Rule.delay(Duration.ofHours(1)).at(MX1, "A"));

    assertThatThrownBy(() -> ask(MX1, "A", false, Duration.ofMillis(300))).isInstanceOf(IOException.class);
    attacker.close();

    assertThat(liveThreadsOf(attacker)).isEmpty();
  }

  @Test
  void times_limitsTheRule_andRemoveStopsIt() throws Exception {
    ActiveRule nx = attacker.add(Rule.rcode("NXDOMAIN").at(MX1, "A").times(2));
    ActiveRule ad = attacker.add(Rule.setFlag(HeaderFlag.AD).under("example.test."));

    List<Integer> rcodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rcodes.add(ask(MX1, "A").getRcode());
    }
    ad.remove();
    Message afterRemoval = ask("mx2.example.test.", "A");

    assertThat(rcodes).containsExactly(Rcode.NXDOMAIN, Rcode.NXDOMAIN, Rcode.NOERROR);
    assertThat(nx.applications()).isEqualTo(2);
    assertThat(nx.isExhausted()).isTrue();
    assertThat(ad.applications()).isEqualTo(3);
    assertThat(afterRemoval.getHeader().getFlag(Flags.AD)).isFalse();
    assertThat(attacker.rules()).containsExactly(nx);
  }

  @Test
  void narrowing_matchesOnlyTheQuestion() throws Exception {
    attacker.add(Rule.setFlag(HeaderFlag.AD).under("other.test.").ofType("A"));

    assertThat(ask("mx.other.test.", "A").getHeader().getFlag(Flags.AD)).isTrue();
    assertThat(ask("mx.other.test.", "AAAA").getHeader().getFlag(Flags.AD)).isFalse();
    assertThat(ask(MX1, "A").getHeader().getFlag(Flags.AD)).isFalse();
  }

  @Test
  void truncationOverUdpOnly_makesTheClientRetryOverTcp_whereTheAnswerIsWhole() throws Exception {
    ActiveRule tc = attacker.add(Rule.setFlag(HeaderFlag.TC).overUdp().at(MX1, "A"));

    Message reply = ask(MX1, "A");

    assertThat(tc.applications()).isEqualTo(1);
    assertThat(attacker.queryCount(MX1, "A")).isEqualTo(2);
    assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(types(reply, Section.ANSWER)).contains(Type.A);
  }

  @Test
  void replyOutgrowingTheClientsBuffer_isSentTruncatedOverUdp() throws Exception {
    Message donor = attacker.fetchFromUpstream("mx.other.test.", "A");
    for (int i = 0; i < 6; i++) {
      attacker.add(Rule.spliceAnswer(donor).at(MX1, "A"));
    }
    SimpleResolver udpOnly = new SimpleResolver(attacker.address());
    udpOnly.setIgnoreTruncation(true);
    udpOnly.setEDNS(0, 512, ExtendedFlags.DO, List.of());

    Message cut = udpOnly.send(Message.newQuery(Record.newRecord(Name.fromString(MX1), Type.A, DClass.IN)));
    Message whole = ask(MX1, "A", true, Duration.ofSeconds(5));

    assertThat(cut.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(cut.getSection(Section.ANSWER)).isEmpty();
    assertThat(whole.getSection(Section.ANSWER)).hasSizeGreaterThan(12);
  }

  @Test
  void ownRewriters_seeQueryAndReply_andMayForgeWhenTheUpstreamIsSilent() throws Exception {
    ActiveRule swallow = attacker.add(Rule.rewriteWire("swallow the reply", wire -> null).at(MX1, "A"));

    assertThatThrownBy(() -> ask(MX1, "A", false, Duration.ofMillis(300))).isInstanceOf(IOException.class);
    assertThat(swallow.applications()).isEqualTo(1);

    attacker.clearRules();
    attacker.add(Rule.rewrite("answer the impossible", (query, reply) -> {
      Message forged = reply == null ? new Message(query.getHeader().getID()) : reply;
      forged.getHeader().setFlag(Flags.QR);
      forged.addRecord(query.getQuestion(), Section.QUESTION);
      forged.addRecord(new ARecord(query.getQuestion().getName(), DClass.IN, 60, InetAddress.getLoopbackAddress()),
          Section.ANSWER);
      return forged;
    }).at("nowhere.test."));
    attacker.add(Rule.rcode("REFUSED").at("nowhere.test.").times(1));
    attacker.add(Rule.forgeNxdomain().at("nowhere.test.").times(1));

    Message reply = ask("nowhere.test.", "A");

    assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(types(reply, Section.ANSWER)).isEmpty();
  }

  @Test
  void badRuleArguments_areRefusedAtOnce() {
    assertThatThrownBy(() -> Rule.rewriteClass("XX")).hasMessageContaining("XX");
    assertThatThrownBy(() -> Rule.rcode("BADVERS")).hasMessageContaining("BADVERS");
    assertThatThrownBy(() -> Rule.drop().at("relative")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> Rule.drop().times(0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> Rule.addRecords(MessageSection.ANSWER, "not a record")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> OnPathAttacker.builder().start()).hasMessageContaining("upstream");
  }

  @Test
  void toString_saysWhatAndWhere() {
    assertThat(Rule.rewriteClass("CH").at("_25._tcp.mx1.example.test.", "TLSA").times(2))
        .hasToString("class of any records in ANSWER -> CH at _25._tcp.mx1.example.test./TLSA (first 2)");
  }

  @Test
  void close_stopsAllThreadsAndFreesThePort() throws Exception {
    ask(MX1, "A");
    ask(MX1, "A", true, Duration.ofSeconds(5));

    attacker.close();

    assertThat(liveThreadsOf(attacker)).isEmpty();
    assertThatThrownBy(() -> ask(MX1, "A", false, Duration.ofMillis(200))).isInstanceOf(IOException.class);
  }

  private static List<String> liveThreadsOf(OnPathAttacker attacker) {
    String port = "-" + attacker.address().getPort();
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(name -> name.startsWith("dane4j-attacker-") && name.contains(port)).toList();
  }
}
