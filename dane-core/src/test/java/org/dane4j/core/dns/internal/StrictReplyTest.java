package org.dane4j.core.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import org.dane4j.core.dns.DnsFailure;
import org.dane4j.core.dns.FailureKind;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The strict reading of replies: what an on-path attacker can rewrite without a key is refused. */
class StrictReplyTest {
  private static final Name MX = Names.parse("mx.example.org");
  private static final Name ZONE = Names.parse("example.org");

  private static Message reply(Name qname, int qtype) {
    Message m = new Message();
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setRcode(Rcode.NOERROR);
    m.addRecord(Record.newRecord(qname, qtype, DClass.IN), Section.QUESTION);
    return m;
  }

  private static ARecord a(Name owner, int dclass, String address) throws Exception {
    return new ARecord(owner, dclass, 300, InetAddress.getByName(address));
  }

  private static RRSIGRecord sig(Name owner, int covered, Name signer) {
    Instant now = Instant.now();
    return new RRSIGRecord(owner, DClass.IN, 300, covered, 13, 300, now.plusSeconds(3600), now.minusSeconds(60), 4711,
        signer, new byte[64]);
  }

  private static Optional<DnsFailure> problem(Name qname, int qtype, Message m) {
    return StrictReply.problem(qname, qtype, m);
  }

  @Test
  void signedAnswerOfTheQuestion_readsCleanly() throws Exception {
    Message m = reply(MX, Type.A);
    m.addRecord(a(MX, DClass.IN, "192.0.2.1"), Section.ANSWER);
    m.addRecord(sig(MX, Type.A, ZONE), Section.ANSWER);

    assertThat(problem(MX, Type.A, m)).isEmpty();
  }

  @Test
  void answerRecordOfClassChaos_isMalformed() throws Exception {
    Message m = reply(MX, Type.A);
    m.addRecord(a(MX, DClass.CH, "192.0.2.66"), Section.ANSWER);

    DnsFailure failure = problem(MX, Type.A, m).orElseThrow();

    assertThat(failure.kind()).isEqualTo(FailureKind.MALFORMED);
    assertThat(failure.reason()).contains("class CH", "only class IN");
  }

  @Test
  void authorityRecordOfClassChaos_isMalformed() {
    Message m = reply(MX, Type.A);
    m.addRecord(new SOARecord(ZONE, DClass.CH, 300, ZONE, ZONE, 1, 2, 3, 4, 5), Section.AUTHORITY);

    assertThat(problem(MX, Type.A, m).orElseThrow().kind()).isEqualTo(FailureKind.MALFORMED);
  }

  @Test
  void questionOfAnotherClassOrName_isMalformed() {
    Message other = new Message();
    other.addRecord(Record.newRecord(MX, Type.A, DClass.CH), Section.QUESTION);
    Message elsewhere = reply(Names.parse("attacker.example"), Type.A);

    assertThat(problem(MX, Type.A, other).orElseThrow().reason()).contains("another question");
    assertThat(problem(MX, Type.A, elsewhere).orElseThrow().reason()).contains("another question");
  }

  @Test
  void signerThatIsNotAnAncestorOfTheOwner_isBogus() throws Exception {
    Message m = reply(MX, Type.A);
    m.addRecord(a(MX, DClass.IN, "192.0.2.1"), Section.ANSWER);
    m.addRecord(sig(MX, Type.A, Names.parse("unsigned.example")), Section.ANSWER);

    DnsFailure failure = problem(MX, Type.A, m).orElseThrow();

    assertThat(failure.kind()).isEqualTo(FailureKind.BOGUS);
    assertThat(failure.reason()).contains("unsigned.example", "RFC 4035 section 5.3.1");
  }

  @Test
  void denialSignedByAnUnrelatedZone_isBogus() {
    Message m = reply(MX, Type.TLSA);
    Name nsecOwner = Names.parse("mx.example.org");
    m.addRecord(new NSECRecord(nsecOwner, DClass.IN, 300, Names.parse("z.example.org"), new int[] {Type.A}),
        Section.AUTHORITY);
    m.addRecord(sig(nsecOwner, Type.NSEC, Names.parse("org")), Section.AUTHORITY);
    m.addRecord(new SOARecord(Names.parse("other.example"), DClass.IN, 300, ZONE, ZONE, 1, 2, 3, 4, 5),
        Section.AUTHORITY);

    assertThat(problem(MX, Type.TLSA, m).orElseThrow().reason()).contains("out of bailiwick", "other.example");
  }

  @Test
  void answerOutsideTheCnameChain_isMalformed() throws Exception {
    Message m = reply(MX, Type.A);
    m.addRecord(a(MX, DClass.IN, "192.0.2.1"), Section.ANSWER);
    m.addRecord(a(Names.parse("other.example.org"), DClass.IN, "192.0.2.66"), Section.ANSWER);

    assertThat(problem(MX, Type.A, m).orElseThrow().reason()).contains("outside the question's name");
  }

  @Test
  void cnameChain_isFollowedAndItsTargetMayAnswer() throws Exception {
    Name target = Names.parse("real.example.net");
    Message m = reply(MX, Type.A);
    m.addRecord(new CNAMERecord(MX, DClass.IN, 300, target), Section.ANSWER);
    m.addRecord(a(target, DClass.IN, "192.0.2.1"), Section.ANSWER);

    assertThat(problem(MX, Type.A, m)).isEmpty();
  }

  @Test
  void twoCnamesAtOneName_orCnameBesideData_isMalformed() throws Exception {
    Message two = reply(MX, Type.A);
    two.addRecord(new CNAMERecord(MX, DClass.IN, 300, Names.parse("a.example.net")), Section.ANSWER);
    two.addRecord(new CNAMERecord(MX, DClass.IN, 300, Names.parse("b.example.net")), Section.ANSWER);
    Message beside = reply(MX, Type.A);
    beside.addRecord(new CNAMERecord(MX, DClass.IN, 300, Names.parse("a.example.net")), Section.ANSWER);
    beside.addRecord(a(MX, DClass.IN, "192.0.2.1"), Section.ANSWER);

    assertThat(problem(MX, Type.A, two).orElseThrow().reason()).contains("more than one CNAME");
    assertThat(problem(MX, Type.A, beside).orElseThrow().reason()).contains("both a CNAME");
  }

  @Test
  void cnameLoop_endsTheReading() throws Exception {
    Name other = Names.parse("loop.example.org");
    Message m = reply(MX, Type.A);
    m.addRecord(new CNAMERecord(MX, DClass.IN, 300, other), Section.ANSWER);
    m.addRecord(new CNAMERecord(other, DClass.IN, 300, MX), Section.ANSWER);

    assertThat(problem(MX, Type.A, m)).isEmpty();
  }

  @Test
  void duplicatedRecord_orRrsetWithTwoTtls_isMalformed() throws Exception {
    Message twice = reply(MX, Type.A);
    twice.addRecord(a(MX, DClass.IN, "192.0.2.1"), Section.ANSWER);
    twice.addRecord(a(MX, DClass.IN, "192.0.2.1"), Section.ANSWER);
    Message ttls = reply(MX, Type.A);
    ttls.addRecord(a(MX, DClass.IN, "192.0.2.1"), Section.ANSWER);
    ttls.addRecord(new ARecord(MX, DClass.IN, 60, InetAddress.getByName("192.0.2.2")), Section.ANSWER);

    assertThat(problem(MX, Type.A, twice).orElseThrow().reason()).contains("twice");
    assertThat(problem(MX, Type.A, ttls).orElseThrow().reason()).contains("TTLs", "RFC 2181");
  }

  @Test
  void additionalSection_isNotPolicyInputAndNotChecked() throws Exception {
    Message m = reply(MX, Type.A);
    m.addRecord(a(MX, DClass.IN, "192.0.2.1"), Section.ANSWER);
    m.addRecord(a(Names.parse("glue.attacker.example"), DClass.CH, "192.0.2.66"), Section.ADDITIONAL);

    assertThat(problem(MX, Type.A, m)).isEmpty();
  }

  @Test
  void nxdomainHoldingTheAskedData_isMalformed() throws Exception {
    Message m = reply(MX, Type.A);
    m.getHeader().setRcode(Rcode.NXDOMAIN);
    m.addRecord(a(MX, DClass.IN, "192.0.2.1"), Section.ANSWER);
    Message chain = reply(MX, Type.A);
    chain.getHeader().setRcode(Rcode.NXDOMAIN);
    chain.addRecord(new CNAMERecord(MX, DClass.IN, 300, Names.parse("gone.example.net")), Section.ANSWER);

    assertThat(problem(MX, Type.A, m).orElseThrow().reason()).contains("NXDOMAIN", "RFC 6604");
    assertThat(problem(MX, Type.A, chain)).isEmpty();
  }

  @Test
  void answerRecordOfATypeNotAskedFor_isMalformed() throws Exception {
    Message m = reply(MX, Type.TLSA);
    m.addRecord(a(MX, DClass.IN, "192.0.2.66"), Section.ANSWER);

    assertThat(problem(MX, Type.TLSA, m).orElseThrow().reason()).contains("a type not asked for");
  }
}
