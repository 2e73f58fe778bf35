package org.dane4j.core.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import org.dane4j.core.dns.FailureKind;
import org.dane4j.core.dns.SecurityStatus;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;
import org.xbill.DNS.dnssec.ValidatingResolver;

/** Reading dnsjava's validator verdicts without mixing up the kinds of failure. */
class VerdictsTest {
  private static final Name NAME = Names.parse("mx.example.org");
  private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 53);

  private final LookupContext context = new LookupContext(Runnable::run, NAME, Type.A);
  private final Message query = Message.newQuery(Record.newRecord(NAME, Type.A, DClass.IN));

  private static Message reply(int rcode) {
    Message m = new Message();
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setRcode(rcode);
    m.addRecord(Record.newRecord(NAME, Type.A, DClass.IN), Section.QUESTION);
    return m;
  }

  private static Message validatorBogus(int ede, String reason) {
    Message m = reply(Rcode.SERVFAIL);
    m.addRecord(new OPTRecord(1280, 0, 0, 0, List.of(new ExtendedErrorCodeOption(ede, reason))), Section.ADDITIONAL);
    m.addRecord(new TXTRecord(Name.root, ValidatingResolver.VALIDATION_REASON_QCLASS, 0, reason), Section.ADDITIONAL);
    return m;
  }

  @Test
  void validatorServfailWithEde_isBogusWithCodeAndReason() {
    context.replied(query, reply(Rcode.NOERROR), SERVER);

    RawResult r = Verdicts.validated(NAME, Type.A, validatorBogus(6, "signature expired"), null, context, "[up]", 100);

    assertThat(r.status()).isEqualTo(SecurityStatus.BOGUS);
    assertThat(r.failure().extendedDnsError()).hasValue(6);
    assertThat(r.failure().reason()).contains("signature expired", "mx.example.org");
  }

  @Test
  void upstreamServfail_dressedAsBogusByTheValidator_isServfail() {
    context.replied(query, reply(Rcode.SERVFAIL), SERVER);

    RawResult r = Verdicts.validated(NAME, Type.A, validatorBogus(6, "response type unknown"), null, context, "[up]", 100);

    assertThat(r.failure().kind()).isEqualTo(FailureKind.SERVFAIL);
    assertThat(r.status()).isEqualTo(SecurityStatus.INDETERMINATE);
  }

  @Test
  void adFlag_isSecure_andItsAbsenceInsecure() {
    Message secure = reply(Rcode.NOERROR);
    secure.getHeader().setFlag(Flags.AD);

    assertThat(Verdicts.validated(NAME, Type.A, secure, null, context, "[up]", 100).status())
        .isEqualTo(SecurityStatus.SECURE);
    assertThat(Verdicts.validated(NAME, Type.A, reply(Rcode.NXDOMAIN), null, context, "[up]", 100).status())
        .isEqualTo(SecurityStatus.INSECURE);
  }

  @Test
  void failedKeyQueries_areRecordedWithTheReply() {
    Message dnskeyQuery = Message.newQuery(Record.newRecord(Names.parse("example.org"), Type.DNSKEY, DClass.IN));
    context.failed(dnskeyQuery, new SocketTimeoutException("Query timed out"), SERVER);

    RawResult r = Verdicts.validated(NAME, Type.A, reply(Rcode.NXDOMAIN), null, context, "[up]", 100);

    assertThat(r.keyFetchProblems()).singleElement().asString().contains("example.org./DNSKEY", "timed out");
  }

  @Test
  void exceptions_areTimeoutMalformedOrNetworkErrors() {
    assertThat(Verdicts.validated(NAME, Type.A, null, new SocketTimeoutException("Query timed out"), context,
        "[up]", 100).failure().kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(Verdicts.validated(NAME, Type.A, null, new WireParseException("truncated"), context, "[up]", 100)
        .failure().kind()).isEqualTo(FailureKind.MALFORMED);
    assertThat(Verdicts.validated(NAME, Type.A, null, new java.net.PortUnreachableException("closed"), context,
        "[up]", 100).failure().kind()).isEqualTo(FailureKind.NETWORK_ERROR);
  }

  @Test
  void truncatedUdpReply_isReplacedByTheTcpReplyForTheStrictReading() throws Exception {
    Message truncated = reply(Rcode.NOERROR);
    truncated.getHeader().setFlag(Flags.TC);
    Message spliced = reply(Rcode.NOERROR);
    spliced.addRecord(new ARecord(NAME, DClass.IN, 300, java.net.InetAddress.getByName("192.0.2.1")), Section.ANSWER);
    spliced.addRecord(new ARecord(Names.parse("other.example.org"), DClass.IN, 300,
        java.net.InetAddress.getByName("192.0.2.66")), Section.ANSWER);
    context.replied(query, truncated, SERVER);
    context.replied(query, spliced, SERVER);
    Message validated = reply(Rcode.NOERROR);
    validated.getHeader().setFlag(Flags.AD);
    validated.addRecord(new ARecord(NAME, DClass.IN, 300, java.net.InetAddress.getByName("192.0.2.1")), Section.ANSWER);

    RawResult r = Verdicts.validated(NAME, Type.A, validated, null, context, "[up]", 100);

    assertThat(r.isFailure()).isTrue();
    assertThat(r.failure().reason()).contains("outside the question's name");
  }
}
