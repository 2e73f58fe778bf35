package org.dane4j.core.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.FailureKind;
import org.dane4j.core.dns.SecurityStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * NSEC3 opt-out (RFC 5155 sections 6 and 9.2): the validator calls a DS denial in an opt-out
 * span INSECURE, so dane4j checks the covering NSEC3's signature itself against the parent's
 * validated keys before it accepts the child as unsigned.
 */
class InsecurityProofTest {
  private static final Name PARENT = Names.parse("example");
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  private final MutableClock clock = new MutableClock(NOW);
  private final FakeDns dns = new FakeDns();
  private final LookupEngine engine = new LookupEngine(TestSettings.with(clock), dns::bind);
  private final KeyPair keys = ecKeys();
  private final DNSKEYRecord dnskey = new DNSKEYRecord(PARENT, DClass.IN, 300, 257, DNSKEYRecord.Protocol.DNSSEC,
      DNSSEC.Algorithm.ECDSAP256SHA256, keys.getPublic());

  InsecurityProofTest() throws Exception {
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An NSEC3 of {@code example.} whose span is all hashes but {@code 00..00} itself. */
  private static NSEC3Record spanningNsec3(int flags, int iterations) {
    byte[] low = new byte[20];
    byte[] high = new byte[20];
    Arrays.fill(high, (byte) 0xff);
    Name owner = Names.parse(new base32(base32.Alphabet.BASE32HEX, false, true).toString(low) + ".example");
    return new NSEC3Record(owner, DClass.IN, 300, NSEC3Record.SHA1_DIGEST_ID, flags, iterations, null, high,
        new int[] {Type.NS});
  }

  private RRSIGRecord sign(Record r) throws Exception {
    RRset set = new RRset(r);
    return DNSSEC.sign(set, dnskey, keys.getPrivate(), NOW.minusSeconds(3600), NOW.plusSeconds(86_400));
  }

  private void parentKeys(boolean secure) {
    dns.reply("example", Type.DNSKEY, secure, Rcode.NOERROR, List.of(dnskey), List.of());
  }

  private void insecureData() throws Exception {
    dns.reply("mx.child.example", Type.A, false, Rcode.NOERROR,
        List.of(new org.xbill.DNS.ARecord(Names.parse("mx.child.example"), DClass.IN, 300,
            InetAddress.getByName("192.0.2.7"))), List.of());
  }

  private DnsAnswer<InetAddress> lookup() {
    return engine.addresses("mx.child.example", false).toCompletableFuture().join();
  }

  @Test
  void optOutSpanSignedByTheParent_provesTheChildUnsigned() throws Exception {
    NSEC3Record nsec3 = spanningNsec3(NSEC3Record.Flags.OPT_OUT, 0);
    dns.reply("child.example", Type.DS, false, Rcode.NOERROR, List.of(), List.of(nsec3, sign(nsec3)));
    parentKeys(true);
    insecureData();

    DnsAnswer<InetAddress> answer = lookup();

    assertThat(answer.isFailure()).isFalse();
    assertThat(answer.status()).isEqualTo(SecurityStatus.INSECURE);
    assertThat(dns.queries("example", Type.DNSKEY)).isEqualTo(1);
  }

  @Test
  void optOutSpanWithABrokenSignature_isNoProof() throws Exception {
    NSEC3Record nsec3 = spanningNsec3(NSEC3Record.Flags.OPT_OUT, 0);
    RRSIGRecord good = sign(nsec3);
    byte[] bytes = good.getSignature();
    bytes[0] ^= 1;
    RRSIGRecord forged = new RRSIGRecord(good.getName(), DClass.IN, 300, Type.NSEC3, good.getAlgorithm(),
        good.getOrigTTL(), good.getExpire(), good.getTimeSigned(), good.getFootprint(), good.getSigner(), bytes);
    dns.reply("child.example", Type.DS, false, Rcode.NOERROR, List.of(), List.of(nsec3, forged));
    parentKeys(true);
    insecureData();

    DnsAnswer<InetAddress> answer = lookup();

    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.UNPROVEN_INSECURITY);
    assertThat(answer.failure().orElseThrow().reason()).contains("child.example", "without a proof");
  }

  @Test
  void nsec3WithoutTheOptOutFlag_isNoProof() throws Exception {
    NSEC3Record nsec3 = spanningNsec3(0, 0);
    dns.reply("child.example", Type.DS, false, Rcode.NOERROR, List.of(), List.of(nsec3, sign(nsec3)));
    parentKeys(true);
    insecureData();

    assertThat(lookup().failure().orElseThrow().kind()).isEqualTo(FailureKind.UNPROVEN_INSECURITY);
    assertThat(dns.queries("example", Type.DNSKEY)).isZero();
  }

  @Test
  void optOutSpanWhenTheParentKeysDoNotValidate_isNoProof() throws Exception {
    NSEC3Record nsec3 = spanningNsec3(NSEC3Record.Flags.OPT_OUT, 0);
    dns.reply("child.example", Type.DS, false, Rcode.NOERROR, List.of(), List.of(nsec3, sign(nsec3)));
    parentKeys(false);
    insecureData();

    assertThat(lookup().failure().orElseThrow().kind()).isEqualTo(FailureKind.UNPROVEN_INSECURITY);
  }

  @Test
  void optOutSpanBeyondTheIterationLimit_isNoProof() throws Exception {
    NSEC3Record nsec3 = spanningNsec3(NSEC3Record.Flags.OPT_OUT, 500);
    dns.reply("child.example", Type.DS, false, Rcode.NOERROR, List.of(), List.of(nsec3, sign(nsec3)));
    parentKeys(true);
    insecureData();

    assertThat(lookup().failure().orElseThrow().kind()).isEqualTo(FailureKind.UNPROVEN_INSECURITY);
  }

  @Test
  void optOutSpanSignedByAnotherZone_isNoProof() throws Exception {
    NSEC3Record nsec3 = spanningNsec3(NSEC3Record.Flags.OPT_OUT, 0);
    RRSIGRecord good = sign(nsec3);
    RRSIGRecord elsewhere = new RRSIGRecord(good.getName(), DClass.IN, 300, Type.NSEC3, good.getAlgorithm(),
        good.getOrigTTL(), good.getExpire(), good.getTimeSigned(), good.getFootprint(), Name.root,
        good.getSignature());
    dns.reply("child.example", Type.DS, false, Rcode.NOERROR, List.of(), List.of(nsec3, elsewhere));
    parentKeys(true);
    insecureData();

    assertThat(lookup().failure().orElseThrow().reason()).contains("signature by .", "parent zone is example.");
  }

  private static DSRecord ds(String owner, int algorithm) {
    byte[] digest = new byte[32];
    Arrays.fill(digest, (byte) 0xab);
    return new DSRecord(Names.parse(owner), DClass.IN, 300, 4711, algorithm, DNSSEC.Digest.SHA256, digest);
  }

  @Test
  void secureDsListingOnlyUnsupportedAlgorithms_provesTheChildUnsigned() throws Exception {
    dns.reply("child.example", Type.DS, true, Rcode.NOERROR,
        List.of(ds("child.example", DNSSEC.Algorithm.PRIVATEDNS), ds("child.example", DNSSEC.Algorithm.ECC_GOST)),
        List.of());
    insecureData();

    DnsAnswer<InetAddress> answer = lookup();

    assertThat(answer.status()).isEqualTo(SecurityStatus.INSECURE);
  }

  @Test
  void secureDsWithOneSupportedAlgorithm_isASignedCutNotAProof() throws Exception {
    dns.reply("child.example", Type.DS, true, Rcode.NOERROR,
        List.of(ds("child.example", DNSSEC.Algorithm.PRIVATEDNS), ds("child.example", DNSSEC.Algorithm.ECDSAP256SHA256)),
        List.of());
    insecureData();

    DnsAnswer<InetAddress> answer = lookup();

    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.UNPROVEN_INSECURITY);
  }

  @Test
  void dsOfAnRsaKeyAboveTheMinimumSize_isNotTheWeakKeyException() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    Name child = Names.parse("child.example");
    DNSKEYRecord strong = new DNSKEYRecord(child, DClass.IN, 300, 257, DNSKEYRecord.Protocol.DNSSEC,
        DNSSEC.Algorithm.RSASHA256, generator.generateKeyPair().getPublic());
    dns.reply("child.example", Type.DS, true, Rcode.NOERROR,
        List.of(new DSRecord(child, DClass.IN, 300, DNSSEC.Digest.SHA256, strong)), List.of());
    dns.reply("child.example", Type.DNSKEY, false, Rcode.NOERROR, List.of(strong), List.of());
    insecureData();

    DnsAnswer<InetAddress> answer = lookup();

    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.UNPROVEN_INSECURITY);
    assertThat(dns.queries("child.example", Type.DNSKEY)).isEqualTo(1);
  }

  @Test
  void secureNxdomainForAnAncestorsDs_isNoProof() throws Exception {
    dns.reply("child.example", Type.DS, true, Rcode.NXDOMAIN, List.of(), List.of());
    insecureData();

    DnsAnswer<InetAddress> answer = lookup();

    assertThat(answer.failure().orElseThrow().reason()).contains("child.example. does not exist");
  }
}
