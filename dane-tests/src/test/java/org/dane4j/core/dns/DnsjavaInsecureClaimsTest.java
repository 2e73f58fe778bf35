package org.dane4j.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.dane4j.testkit.dns.DnsTestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * The two dnsjava 3.7.1 behaviours behind issue 9, reproduced with dnsjava alone: its
 * {@link ValidatingResolver} calls a signed answer INSECURE when an on-path attacker (here a
 * head resolver that rewrites replies) flips the records' CLASS to CH, or rewrites the RRSIG
 * signer name to a provably unsigned zone. No key is needed for either. If a dnsjava
 * upgrade makes these tests fail, dnsjava has fixed them: keep dane4j's own checks anyway
 * (SECURITY.md) and turn these into assertions of BOGUS.
 */
class DnsjavaInsecureClaimsTest {
  private static final String TLSA = "3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @RegisterExtension
  static final DnsTestServerExtension dns = DnsTestServerExtension.create(tree -> tree
      .zone("test.")
      .zone("example.test.", z -> z.records("mx1 A 127.0.0.2", "_25._tcp.mx1 TLSA " + TLSA))
      .zone("unsigned.test.", z -> z.unsigned().records("www A 127.0.0.9")));

  /** dnsjava's validator over a head resolver that rewrites the replies to one question. */
  private Message validate(String name, int type, UnaryOperator<Message> attacker) throws Exception {
    SimpleResolver upstream = new SimpleResolver(dns.address());
    upstream.setTimeout(Duration.ofSeconds(2));
    Name qname = Name.fromString(name);
    ValidatingResolver validator = new ValidatingResolver(new Rewriting(upstream, qname, type, attacker));
    validator.loadTrustAnchors(new ByteArrayInputStream(dns.trustAnchor().getBytes(StandardCharsets.UTF_8)));
    return validator.send(Message.newQuery(Record.newRecord(qname, type, DClass.IN)));
  }

  private static boolean insecure(Message reply) {
    return reply.getRcode() == Rcode.NOERROR && !reply.getHeader().getFlag(Flags.AD);
  }

  @Test
  void untouchedTlsa_isSecure() throws Exception {
    Message reply = validate("_25._tcp.mx1.example.test.", Type.TLSA, m -> m);

    assertThat(reply.getHeader().getFlag(Flags.AD)).isTrue();
  }

  @Test
  void classFlippedToChaos_dnsjavaCallsTheSignedTlsaInsecure() throws Exception {
    Message reply = validate("_25._tcp.mx1.example.test.", Type.TLSA, DnsjavaInsecureClaimsTest::flipClass);

    assertThat(insecure(reply)).isTrue();
    assertThat(reply.getSection(Section.ANSWER)).anySatisfy(r -> assertThat(r.getDClass()).isEqualTo(DClass.CH));
  }

  @Test
  void signerRewrittenToAnUnsignedZone_dnsjavaCallsTheSignedTlsaInsecure() throws Exception {
    Message reply = validate("_25._tcp.mx1.example.test.", Type.TLSA,
        m -> resign(m, Name.fromConstantString("unsigned.test.")));

    assertThat(insecure(reply)).isTrue();
    assertThat(reply.getSection(Section.ANSWER)).anySatisfy(r -> assertThat(r.getType()).isEqualTo(Type.TLSA));
  }

  /** Every answer record, data and RRSIG alike, moved to class CH: one bit on the wire. */
  static Message flipClass(Message reply) {
    Message m = reply.clone();
    m.removeAllRecords(Section.ANSWER);
    for (Record r : reply.getSection(Section.ANSWER)) {
      m.addRecord(Record.newRecord(r.getName(), r.getType(), DClass.CH, r.getTTL(), r.rdataToWireCanonical()),
          Section.ANSWER);
    }
    return m;
  }

  /** Every answer RRSIG's signer name replaced; the signature bytes stay as they were. */
  static Message resign(Message reply, Name signer) {
    Message m = reply.clone();
    m.removeAllRecords(Section.ANSWER);
    for (Record r : reply.getSection(Section.ANSWER)) {
      if (r instanceof RRSIGRecord) {
        RRSIGRecord s = (RRSIGRecord) r;
        r = new RRSIGRecord(s.getName(), s.getDClass(), s.getTTL(), s.getTypeCovered(), s.getAlgorithm(),
            s.getOrigTTL(), s.getExpire(), s.getTimeSigned(), s.getFootprint(), signer, s.getSignature());
      }
      m.addRecord(r, Section.ANSWER);
    }
    return m;
  }

  /** A head resolver that hands the replies to one question to the attacker first. */
  private static final class Rewriting implements Resolver {
    private final SimpleResolver upstream;
    private final Name qname;
    private final int qtype;
    private final UnaryOperator<Message> attacker;

    Rewriting(SimpleResolver upstream, Name qname, int qtype, UnaryOperator<Message> attacker) {
      this.upstream = upstream;
      this.qname = qname;
      this.qtype = qtype;
      this.attacker = attacker;
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
      Record q = query.getQuestion();
      boolean target = q.getName().equals(qname) && q.getType() == qtype;
      return upstream.sendAsync(query, executor).thenApply(reply -> target ? attacker.apply(reply) : reply);
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query) {
      return sendAsync(query, CompletableFuture.delayedExecutor(0, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    @Override
    public void setPort(int port) {
      upstream.setPort(port);
    }

    @Override
    public void setTCP(boolean flag) {
      upstream.setTCP(flag);
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
      upstream.setIgnoreTruncation(flag);
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, java.util.List<org.xbill.DNS.EDNSOption> options) {
      upstream.setEDNS(version, payloadSize, flags, options);
    }

    @Override
    public void setTSIGKey(org.xbill.DNS.TSIG key) {
      upstream.setTSIGKey(key);
    }

    @Override
    public void setTimeout(Duration timeout) {
      upstream.setTimeout(timeout);
    }

    @Override
    public Duration getTimeout() {
      return upstream.getTimeout();
    }
  }
}
