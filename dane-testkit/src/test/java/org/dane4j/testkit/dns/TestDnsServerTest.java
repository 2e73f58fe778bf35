package org.dane4j.testkit.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

/** What the server puts on the wire, seen by a plain (non-validating) client. */
class TestDnsServerTest {

  @RegisterExtension
  static final DnsTestServerExtension dns =
      DnsTestServerExtension.create(
          tree ->
              tree.zone("test.")
                  .zone("example.test.", z -> z
                      .record("@ MX 10 mx1")
                      .record("mx1 A 127.0.0.2")
                      .record("www CNAME mx1")
                      .record("*.load A 127.0.0.7"))
                  .zone("big.test.", z -> z
                      .algorithm(SigningAlgorithm.RSA_SHA256)
                      .denial(Denial.NSEC3)
                      .record("mx1 A 127.0.0.2")));

  private static Message query(String name, String type, boolean dnssecOk, boolean tcp)
      throws IOException {
    return query(name, type, dnssecOk, tcp, 1232);
  }

  private static Message query(String name, String type, boolean dnssecOk, boolean tcp,
      int payload) throws IOException {
    return query(dns.server(), name, type, dnssecOk, tcp, payload);
  }

  private static Message query(TestDnsServer server, String name, String type, boolean dnssecOk,
      boolean tcp, int payload) throws IOException {
    SimpleResolver resolver = new SimpleResolver(server.address());
    resolver.setTimeout(Duration.ofSeconds(2));
    resolver.setTCP(tcp);
    resolver.setIgnoreTruncation(true);
    resolver.setEDNS(0, payload, dnssecOk ? ExtendedFlags.DO : 0, List.of());
    return resolver.send(
        Message.newQuery(Record.newRecord(Name.fromString(name), Type.value(type), DClass.IN)));
  }

  private static Set<Integer> types(Message m, int section) {
    return m.getSection(section).stream().map(Record::getType).collect(Collectors.toSet());
  }

  @Test
  void withDoBit_answerCarriesRrsigs() throws Exception {
    Message m = query("mx1.example.test.", "A", true, false);

    assertThat(types(m, Section.ANSWER)).containsExactlyInAnyOrder(Type.A, Type.RRSIG);
  }

  @Test
  void withoutDoBit_answerHasNoRrsigs() throws Exception {
    Message m = query("mx1.example.test.", "A", false, false);

    assertThat(types(m, Section.ANSWER)).containsExactly(Type.A);
  }

  @Test
  void reply_setsRaAndEchoesEdnsButNeverSetsAd() throws Exception {
    Message m = query("mx1.example.test.", "A", true, false);

    assertThat(m.getHeader().getFlag(Flags.RA)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.AD)).isFalse();
    assertThat(m.getOPT()).isNotNull();
    assertThat(m.getOPT().getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
  }

  @Test
  void dsQuery_isAnsweredFromParentSideOfCut() throws Exception {
    Message m = query("example.test.", "DS", true, false);

    RRSIGRecord signature = (RRSIGRecord) m.getSection(Section.ANSWER).stream()
        .filter(r -> r.getType() == Type.RRSIG).findFirst().orElseThrow();
    assertThat(signature.getSigner()).isEqualTo(Name.fromString("test."));
  }

  @Test
  void dnskeyQuery_isAnsweredByZoneItself() throws Exception {
    Message m = query("example.test.", "DNSKEY", true, false);

    assertThat(m.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.DNSKEY))
        .hasSize(2);
  }

  @Test
  void cname_isFollowedToTarget() throws Exception {
    Message m = query("www.example.test.", "A", false, false);

    assertThat(m.getSection(Section.ANSWER)).extracting(Record::getType)
        .containsExactly(Type.CNAME, Type.A);
  }

  @Test
  void nxdomain_carriesSoaAndNsecProof() throws Exception {
    Message m = query("nx.example.test.", "A", true, false);

    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(types(m, Section.AUTHORITY)).contains(Type.SOA, Type.NSEC, Type.RRSIG);
  }

  @Test
  void oversizedUdpAnswer_isTruncatedAndComplete_overTcp() throws Exception {
    Message udp = query("nx.a.b.big.test.", "A", true, false, 512);
    Message tcp = query("nx.a.b.big.test.", "A", true, true, 512);

    assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(types(tcp, Section.AUTHORITY)).contains(Type.SOA, Type.NSEC3, Type.RRSIG);
  }

  @Test
  void udpAndTcp_shareOnePort() throws Exception {
    Message udp = query("mx1.example.test.", "A", false, false);
    Message tcp = query("mx1.example.test.", "A", false, true);

    assertThat(udp.getSection(Section.ANSWER)).isEqualTo(tcp.getSection(Section.ANSWER));
    assertThat(dns.server().tcpQueryCount()).isEqualTo(1);
    assertThat(dns.server().queryCount()).isEqualTo(2);
  }

  @Test
  void tcpConnection_carriesSeveralQueries() throws Exception {
    try (Socket socket = new Socket(dns.address().getAddress(), dns.server().port());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        DataInputStream in = new DataInputStream(socket.getInputStream())) {
      for (String name : new String[] {"mx1.example.test.", "example.test."}) {
        byte[] wire = Message.newQuery(
            Record.newRecord(Name.fromString(name), Type.A, DClass.IN)).toWire();
        out.writeShort(wire.length);
        out.write(wire);
        out.flush();
        Message reply = new Message(in.readNBytes(in.readUnsignedShort()));

        assertThat(reply.getQuestion().getName()).isEqualTo(Name.fromString(name));
      }
    }
  }

  @Test
  void queryCount_countsPerNameAndType() throws Exception {
    query("mx1.example.test.", "A", false, false);
    query("mx1.example.test.", "A", false, false);
    query("mx1.example.test.", "AAAA", false, false);

    assertThat(dns.server().queryCount("MX1.example.test.", "A")).isEqualTo(2);
    assertThat(dns.server().queryCount("mx1.example.test.", "AAAA")).isEqualTo(1);
    assertThat(dns.server().queryCount()).isEqualTo(3);
  }

  @Test
  void injectedFault_appliesUntilCleared() throws Exception {
    dns.server().inject(Fault.servfail().at("mx1.example.test."));
    assertThat(query("mx1.example.test.", "A", false, false).getRcode())
        .isEqualTo(Rcode.SERVFAIL);

    dns.server().clearInjectedFaults();
    assertThat(query("mx1.example.test.", "A", false, false).getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void faultLimitedToOneQuery_affectsOnlyTheFirst() throws Exception {
    dns.server().inject(Fault.servfail().at("mx1.example.test.", "A").times(1));

    assertThat(query("mx1.example.test.", "A", false, false).getRcode())
        .isEqualTo(Rcode.SERVFAIL);
    assertThat(query("mx1.example.test.", "A", false, false).getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void droppedFirstDatagram_isRetriedSuccessfullyByAClientThatRetries() throws Exception {
    dns.server().inject(Fault.drop().at("mx1.example.test.", "A").times(1));
    SimpleResolver resolver = new SimpleResolver(dns.address());
    resolver.setTimeout(Duration.ofMillis(200));
    Message query = Message.newQuery(
        Record.newRecord(Name.fromString("mx1.example.test."), Type.A, DClass.IN));

    assertThatThrownBy(() -> resolver.send(query)).isInstanceOf(IOException.class);
    resolver.setTimeout(Duration.ofSeconds(2));
    assertThat(resolver.send(query).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(dns.server().queryCount("mx1.example.test.", "A")).isEqualTo(2);
  }

  @Test
  void injectedSigningFault_isRejectedWithAdvice() {
    assertThatThrownBy(() -> dns.server().inject(Fault.expiredSignatures()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("toBuilder");
  }

  @Test
  void injectedFaultWithRelativeName_isRejected() {
    assertThatThrownBy(() -> dns.server().inject(Fault.drop().at("mx1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute");
  }

  @Test
  void servedTreeDerivedWithToBuilder_keepsTrustAnchorAndChangesRecords() throws Exception {
    DnsTree changed = dns.tree().toBuilder()
        .zone("example.test.", z -> z.removeRecords("mx1", "A").record("mx1 A 127.0.0.9"))
        .build();

    dns.server().serve(changed);
    Message m = Validation.against(dns.server()).query("mx1.example.test.", "A");

    assertThat(changed.trustAnchor()).isEqualTo(dns.tree().trustAnchor());
    assertThat(Validation.secure(m)).isTrue();
    assertThat(m.getSection(Section.ANSWER)).filteredOn(r -> r.getType() == Type.A)
        .extracting(Record::rdataToString).containsExactly("127.0.0.9");
  }

  @Test
  void start_onNonLoopbackAddress_isRejected() throws Exception {
    InetAddress publicAddress = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1});

    assertThatThrownBy(() -> TestDnsServer.start(dns.tree(), publicAddress))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback");
  }

  @Test
  void close_stopsAllServerThreads() throws Exception {
    TestDnsServer server = TestDnsServer.start(dns.tree());
    String port = String.valueOf(server.port());
    query(server, "mx1.example.test.", "A", false, true, 1232);
    assertThat(server.tcpQueryCount()).isEqualTo(1);

    server.close();

    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .noneMatch(name -> name.startsWith("dane4j-dns-") && name.contains("-" + port));
  }

  @Test
  void thousandsOfParallelUdpQueries_eachGetsItsOwnAnswer() throws Exception {
    SimpleResolver resolver = new SimpleResolver(dns.address());
    resolver.setTimeout(Duration.ofSeconds(10));
    List<CompletableFuture<Message>> replies = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      Name name = Name.fromString("n" + i + ".load.example.test.");
      replies.add(resolver.sendAsync(
          Message.newQuery(Record.newRecord(name, Type.A, DClass.IN))).toCompletableFuture());
    }

    for (int i = 0; i < replies.size(); i++) {
      Message reply = replies.get(i).get(30, TimeUnit.SECONDS);
      assertThat(reply.getSection(Section.ANSWER)).extracting(Record::getName)
          .containsExactly(Name.fromString("n" + i + ".load.example.test."));
    }
    assertThat(dns.server().queryCount()).isEqualTo(2000);
  }
}
