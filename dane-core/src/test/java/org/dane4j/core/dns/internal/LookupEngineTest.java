package org.dane4j.core.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dane4j.core.TlsaRecord;
import org.dane4j.core.dns.CnameHop;
import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.DnsFailure;
import org.dane4j.core.dns.DnsOutcome;
import org.dane4j.core.dns.FailureKind;
import org.dane4j.core.dns.MxAnswer;
import org.dane4j.core.dns.MxHost;
import org.dane4j.core.dns.SecurityStatus;
import org.dane4j.core.dns.TlsaAnswer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The lookup logic over a scripted validator: CNAME hop security (RFC 7672 2.1.3), the
 * insecurity proof for unvalidated denials, TLSA base domains (2.2.2, 2.2.3), MX
 * interpretation, caching and coalescing.
 */
class LookupEngineTest {
  private static final String SECURE_SOA = "secure.example. 300 IN SOA ns.secure.example. h.secure.example. 1 3600 600 86400 60";
  private static final String INSECURE_SOA =
      "insecure.example. 300 IN SOA ns.insecure.example. h.insecure.example. 1 3600 600 86400 60";
  private static final String TLSA_DATA = "3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
  private final FakeDns dns = new FakeDns();
  private LookupEngine engine = new LookupEngine(TestSettings.with(clock), dns::bind);

  @AfterEach
  void close() {
    engine.close();
  }

  private DnsAnswer<InetAddress> a(String host) {
    return engine.addresses(host, false).toCompletableFuture().join();
  }

  private TlsaAnswer tlsa(String host) {
    return engine.tlsa(a(host), 25).toCompletableFuture().join();
  }

  private TlsaAnswer tlsaByHost(String host, int port) {
    return engine.tlsa(host, port).toCompletableFuture().join();
  }

  private MxAnswer mx(String domain) {
    return engine.mx(domain).toCompletableFuture().join();
  }

  @Test
  void secureAddress_isSecureDataWithTtl() throws Exception {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");

    DnsAnswer<InetAddress> answer = a("MX.Secure.Example.");

    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(answer.outcome()).isEqualTo(DnsOutcome.DATA);
    assertThat(answer.name()).isEqualTo("mx.secure.example");
    assertThat(answer.records()).containsExactly(InetAddress.getByName("192.0.2.1"));
    assertThat(answer.ttl()).isEqualTo(Duration.ofSeconds(300));
    assertThat(answer.cnameChain()).isEmpty();
  }

  @Test
  void inflatedTtl_isCappedByTheSignaturesOriginalTtl() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 86400 IN A 192.0.2.1",
        "mx.secure.example. 86400 IN RRSIG A 13 3 60 20261201000000 20261101000000 4711 secure.example. "
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==");

    assertThat(a("mx.secure.example").ttl()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void signatureAboutToExpire_capsTheTtl() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1",
        "mx.secure.example. 300 IN RRSIG A 13 3 300 20261122000030 20261101000000 4711 secure.example. "
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==");

    assertThat(a("mx.secure.example").ttl()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void cnameChain_secureHopToInsecureTarget_reportsEachHop() {
    dns.data("alias.secure.example", Type.A, false, "alias.secure.example. 300 IN CNAME host.insecure.example.",
        "host.insecure.example. 300 IN A 192.0.2.2");
    dns.data("alias.secure.example", Type.CNAME, true, "alias.secure.example. 300 IN CNAME host.insecure.example.");
    dns.data("host.insecure.example", Type.A, false, "host.insecure.example. 300 IN A 192.0.2.2");

    DnsAnswer<InetAddress> answer = a("alias.secure.example");

    assertThat(answer.status()).isEqualTo(SecurityStatus.INSECURE);
    assertThat(answer.cnameChain())
        .containsExactly(new CnameHop("alias.secure.example", "host.insecure.example", SecurityStatus.SECURE));
    assertThat(answer.canonicalName()).isEqualTo("host.insecure.example");
  }

  @Test
  void cnameChain_insecureFirstHop_makesTheRestInsecureWithoutAskingFurther() {
    dns.data("alias.insecure.example", Type.A, false, "alias.insecure.example. 300 IN CNAME next.secure.example.",
        "next.secure.example. 300 IN CNAME host.secure.example.", "host.secure.example. 300 IN A 192.0.2.3");
    dns.data("alias.insecure.example", Type.CNAME, false, "alias.insecure.example. 300 IN CNAME next.secure.example.");

    DnsAnswer<InetAddress> answer = a("alias.insecure.example");

    assertThat(answer.status()).isEqualTo(SecurityStatus.INSECURE);
    assertThat(answer.cnameChain()).extracting(CnameHop::status)
        .containsExactly(SecurityStatus.INSECURE, SecurityStatus.INSECURE);
    assertThat(dns.queries("next.secure.example", Type.CNAME)).isZero();
    assertThat(dns.queries("host.secure.example", Type.A)).isZero();
  }

  @Test
  void cnameChain_validatedAsAWhole_isSecureAtEveryHop() {
    dns.data("alias.secure.example", Type.A, true, "alias.secure.example. 300 IN CNAME host.secure.example.",
        "host.secure.example. 60 IN A 192.0.2.4");

    DnsAnswer<InetAddress> answer = a("alias.secure.example");

    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(answer.cnameChain())
        .containsExactly(new CnameHop("alias.secure.example", "host.secure.example", SecurityStatus.SECURE));
    assertThat(answer.ttl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(dns.queries("alias.secure.example", Type.CNAME)).isZero();
  }

  @Test
  void cnameLoop_isAChainFailure() {
    dns.data("a.secure.example", Type.A, true, "a.secure.example. 300 IN CNAME b.secure.example.",
        "b.secure.example. 300 IN CNAME a.secure.example.");

    DnsAnswer<InetAddress> answer = a("a.secure.example");

    assertThat(answer.isFailure()).isTrue();
    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.CNAME_CHAIN);
    assertThat(answer.status()).isEqualTo(SecurityStatus.INDETERMINATE);
  }

  @Test
  void secureNxdomain_isAnAnswerWithTheNegativeTtl() {
    dns.reply("nx.secure.example", Type.A, true, Rcode.NXDOMAIN, "AUTH " + SECURE_SOA);

    DnsAnswer<InetAddress> answer = a("nx.secure.example");

    assertThat(answer.isFailure()).isFalse();
    assertThat(answer.outcome()).isEqualTo(DnsOutcome.NXDOMAIN);
    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(answer.ttl()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void secureNodata_isDistinctFromNxdomain() {
    dns.reply("mx.secure.example", Type.AAAA, true, Rcode.NOERROR, "AUTH " + SECURE_SOA);

    DnsAnswer<InetAddress> answer = engine.addresses("mx.secure.example", true).toCompletableFuture().join();

    assertThat(answer.outcome()).isEqualTo(DnsOutcome.NODATA);
    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
  }

  @Test
  void unvalidatedDenial_inSignedZone_isIndeterminateNotInsecure() {
    dns.reply("_25._tcp.mx.secure.example", Type.TLSA, false, Rcode.NXDOMAIN, "AUTH " + SECURE_SOA);
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");

    TlsaAnswer answer = tlsa("mx.secure.example");

    assertThat(answer.isFailure()).isTrue();
    assertThat(answer.status()).isEqualTo(SecurityStatus.INDETERMINATE);
    DnsFailure failure = answer.failure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(FailureKind.UNPROVEN_INSECURITY);
    assertThat(failure.reason()).contains("secure.example", "signed", "forged");
  }

  @Test
  void unvalidatedDenial_afterFailedKeyQueries_isIndeterminateWithoutFurtherQueries() {
    dns.reply("_25._tcp.mx.secure.example", Type.TLSA, false, Rcode.NXDOMAIN,
        List.of("secure.example./DNSKEY failed: java.net.SocketTimeoutException"), "AUTH " + SECURE_SOA);
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");

    TlsaAnswer answer = tlsa("mx.secure.example");

    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.UNPROVEN_INSECURITY);
    assertThat(answer.failure().orElseThrow().reason()).contains("DNSKEY");
    assertThat(dns.queries("secure.example", Type.DS)).isZero();
  }

  @Test
  void unvalidatedDenial_afterFailedKeyQueries_isRetriedOnceTheFailureTtlPassed() {
    dns.reply("_25._tcp.mx.secure.example", Type.TLSA, false, Rcode.NXDOMAIN,
        List.of("secure.example./DNSKEY failed: java.net.SocketTimeoutException"), "AUTH " + SECURE_SOA);
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");
    tlsa("mx.secure.example");
    dns.data("_25._tcp.mx.secure.example", Type.TLSA, true, "_25._tcp.mx.secure.example. 300 IN TLSA " + TLSA_DATA);

    clock.advance(Duration.ofSeconds(5));
    TlsaAnswer answer = tlsa("mx.secure.example");

    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(dns.queries("_25._tcp.mx.secure.example", Type.TLSA)).isEqualTo(2);
  }

  @Test
  void unvalidatedDenial_withSoaOfAnUnsignedZone_isStillUnproven() {
    dns.reply("_25._tcp.mx.secure.example", Type.TLSA, false, Rcode.NXDOMAIN, "AUTH " + INSECURE_SOA);
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");

    TlsaAnswer answer = tlsa("mx.secure.example");

    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.UNPROVEN_INSECURITY);
    assertThat(dns.queries("insecure.example", Type.DS)).isZero();
  }

  @Test
  void unvalidatedDenial_inUnsignedZone_isProvenInsecureByTheDsDenialAtItsCut() {
    dns.reply("_25._tcp.mx.insecure.example", Type.TLSA, false, Rcode.NOERROR, "AUTH " + INSECURE_SOA);

    TlsaAnswer answer = engine.tlsa(DnsAnswer.data("mx.insecure.example", "A", SecurityStatus.SECURE,
        List.of(address("192.0.2.9")), Duration.ofSeconds(60), List.of()), 25).toCompletableFuture().join();

    assertThat(answer.isFailure()).isFalse();
    assertThat(answer.status()).isEqualTo(SecurityStatus.INSECURE);
    assertThat(answer.answer().outcome()).isEqualTo(DnsOutcome.NODATA);
    assertThat(dns.queries("example", Type.DS)).isEqualTo(1);
    assertThat(dns.queries("insecure.example", Type.DS)).isEqualTo(1);
    assertThat(dns.queries("mx.insecure.example", Type.DS)).isZero();
  }

  @Test
  void unvalidatedData_inSignedZone_isUnprovenNeverInsecure() {
    dns.data("mx.secure.example", Type.A, false, "mx.secure.example. 300 IN A 192.0.2.66");

    DnsAnswer<InetAddress> answer = a("mx.secure.example");

    assertThat(answer.isFailure()).isTrue();
    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.UNPROVEN_INSECURITY);
    assertThat(answer.failure().orElseThrow().reason()).contains("A data for mx.secure.example.", "deepest: secure.example.");
  }

  @Test
  void dsDenialWithoutNsBit_isNoCutAndNoProof() {
    dns.reply("_25._tcp.mx.secure.example", Type.TLSA, false, Rcode.NOERROR, "AUTH " + SECURE_SOA);

    TlsaAnswer answer = engine.tlsa(DnsAnswer.data("mx.secure.example", "A", SecurityStatus.SECURE,
        List.of(address("192.0.2.9")), Duration.ofSeconds(60), List.of()), 25).toCompletableFuture().join();

    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.UNPROVEN_INSECURITY);
    assertThat(dns.queries("_25._tcp.mx.secure.example", Type.DS)).isEqualTo(1);
  }

  @Test
  void dsReplySignedByAnotherZoneThanTheParent_isNoProof() {
    dns.reply("insecure.example", Type.DS, true, Rcode.NOERROR,
        "AUTH insecure.example. 300 IN NSEC z.example. NS RRSIG NSEC",
        "AUTH insecure.example. 300 IN RRSIG NSEC 13 2 300 20270101000000 20260101000000 4711 . "
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==");
    dns.data("mx.insecure.example", Type.A, false, "mx.insecure.example. 300 IN A 192.0.2.66");

    DnsAnswer<InetAddress> answer = a("mx.insecure.example");

    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.UNPROVEN_INSECURITY);
    assertThat(answer.failure().orElseThrow().reason()).contains("signature by .", "parent zone is example.");
  }

  @Test
  void insecureDsReplyWithoutOptOut_isNoProof() {
    dns.reply("insecure.example", Type.DS, false, Rcode.NOERROR,
        "AUTH insecure.example. 300 IN NSEC z.example. NS RRSIG NSEC");
    dns.data("mx.insecure.example", Type.A, false, "mx.insecure.example. 300 IN A 192.0.2.66");

    DnsAnswer<InetAddress> answer = a("mx.insecure.example");

    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.UNPROVEN_INSECURITY);
    assertThat(answer.failure().orElseThrow().reason()).contains("came back INSECURE without a proof");
  }

  @Test
  void nameOutsideEveryTrustAnchor_isInsecureWithoutDsQueries() {
    engine.close();
    Settings settings = TestSettings.with(clock);
    engine = new LookupEngine(new Settings(settings.upstreams(), false, "secure.example. 300 IN DS 4711 13 2 "
        + "ab".repeat(32), settings.queryTimeout(), settings.attempts(), settings.lookupTimeout(),
        settings.maxConcurrentQueries(), settings.threads(), settings.cacheMaxEntries(), settings.cacheMaxTtl(),
        settings.failureCacheTtl(), clock, 100, 8, 1024, true), dns::bind);
    dns.data("mx.insecure.example", Type.A, false, "mx.insecure.example. 300 IN A 192.0.2.5");

    DnsAnswer<InetAddress> answer = a("mx.insecure.example");

    assertThat(answer.status()).isEqualTo(SecurityStatus.INSECURE);
    assertThat(dns.queries("example", Type.DS)).isZero();
  }

  @Test
  void timeout_isAFailureNeverNoRecords() {
    dns.failure("slow.secure.example", Type.A, DnsFailure.of(FailureKind.TIMEOUT, "no reply"));

    DnsAnswer<InetAddress> answer = a("slow.secure.example");

    assertThat(answer.isFailure()).isTrue();
    assertThat(answer.outcome()).isEqualTo(DnsOutcome.FAILED);
    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(answer.status()).isEqualTo(SecurityStatus.INDETERMINATE);
  }

  @Test
  void bogus_keepsTheExtendedDnsError() {
    dns.failure("bad.secure.example", Type.A, DnsFailure.of(FailureKind.BOGUS, 7, "signature expired"));

    DnsAnswer<InetAddress> answer = a("bad.secure.example");

    assertThat(answer.status()).isEqualTo(SecurityStatus.BOGUS);
    assertThat(answer.failure().orElseThrow().extendedDnsError()).hasValue(7);
  }

  @Test
  void mx_isSortedByPreference() {
    dns.data("secure.example", Type.MX, true, "secure.example. 300 IN MX 20 mx2.secure.example.",
        "secure.example. 300 IN MX 10 mx1.secure.example.");

    MxAnswer answer = mx("secure.example");

    assertThat(answer.hosts()).containsExactly(new MxHost(10, "mx1.secure.example"), new MxHost(20, "mx2.secure.example"));
    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(answer.isImplicit()).isFalse();
  }

  @Test
  void mx_nodata_isTheImplicitMx() {
    dns.reply("secure.example", Type.MX, true, Rcode.NOERROR, "AUTH " + SECURE_SOA);

    MxAnswer answer = mx("secure.example");

    assertThat(answer.isImplicit()).isTrue();
    assertThat(answer.hosts()).containsExactly(new MxHost(0, "secure.example"));
  }

  @Test
  void mx_nullMx_hasNoHosts() {
    dns.data("nomail.secure.example", Type.MX, true, "nomail.secure.example. 300 IN MX 0 .");

    MxAnswer answer = mx("nomail.secure.example");

    assertThat(answer.isNullMx()).isTrue();
    assertThat(answer.hosts()).isEmpty();
  }

  @Test
  void mx_failure_hasNoHostsAndSaysWhy() {
    dns.failure("secure.example", Type.MX, DnsFailure.of(FailureKind.SERVFAIL, "upstream answered SERVFAIL"));

    MxAnswer answer = mx("secure.example");

    assertThat(answer.isFailure()).isTrue();
    assertThat(answer.hosts()).isEmpty();
    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.SERVFAIL);
  }

  @Test
  void tlsa_hostWithoutCname_queriesTheHostName() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");
    dns.data("_25._tcp.mx.secure.example", Type.TLSA, true, "_25._tcp.mx.secure.example. 300 IN TLSA " + TLSA_DATA);

    TlsaAnswer answer = tlsa("mx.secure.example");

    assertThat(answer.baseDomain()).hasValue("mx.secure.example");
    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(answer.records()).containsExactly(TlsaRecord.parse(TLSA_DATA));
  }

  @Test
  void tlsa_secureCnameExpansion_usesTheExpandedName() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN CNAME real.secure.example.",
        "real.secure.example. 300 IN A 192.0.2.1");
    dns.data("_25._tcp.real.secure.example", Type.TLSA, true,
        "_25._tcp.real.secure.example. 300 IN TLSA " + TLSA_DATA);

    TlsaAnswer answer = tlsa("mx.secure.example");

    assertThat(answer.baseDomain()).hasValue("real.secure.example");
    assertThat(answer.records()).hasSize(1);
    assertThat(dns.queries("_25._tcp.mx.secure.example", Type.TLSA)).isZero();
  }

  @Test
  void tlsa_secureFirstHopButInsecureExpansion_usesTheOriginalName() {
    dns.data("mx.secure.example", Type.A, false, "mx.secure.example. 300 IN CNAME host.insecure.example.",
        "host.insecure.example. 300 IN A 192.0.2.2");
    dns.data("mx.secure.example", Type.CNAME, true, "mx.secure.example. 300 IN CNAME host.insecure.example.");
    dns.data("host.insecure.example", Type.A, false, "host.insecure.example. 300 IN A 192.0.2.2");
    dns.data("_25._tcp.mx.secure.example", Type.TLSA, true, "_25._tcp.mx.secure.example. 300 IN TLSA " + TLSA_DATA);

    TlsaAnswer answer = tlsa("mx.secure.example");

    assertThat(answer.baseDomain()).hasValue("mx.secure.example");
    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(dns.queries("_25._tcp.host.insecure.example", Type.TLSA)).isZero();
  }

  @Test
  void tlsa_insecureAddresses_areNotQueried() {
    dns.data("mx.insecure.example", Type.A, false, "mx.insecure.example. 300 IN A 192.0.2.5");

    TlsaAnswer answer = tlsa("mx.insecure.example");

    assertThat(answer.wasQueried()).isFalse();
    assertThat(answer.status()).isEqualTo(SecurityStatus.INSECURE);
    assertThat(answer.isFailure()).isFalse();
    assertThat(dns.queries("_25._tcp.mx.insecure.example", Type.TLSA)).isZero();
  }

  @Test
  void tlsa_addressLookupFailure_isAFailure() {
    dns.failure("mx.secure.example", Type.A, DnsFailure.of(FailureKind.BOGUS, 6, "bogus"));

    TlsaAnswer answer = tlsa("mx.secure.example");

    assertThat(answer.isFailure()).isTrue();
    assertThat(answer.wasQueried()).isFalse();
    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.BOGUS);
    assertThat(answer.failure().orElseThrow().extendedDnsError()).hasValue(6);
  }

  @Test
  void tlsa_cnameAtTheTlsaName_isFollowedWithoutChangingTheBaseDomain() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");
    dns.data("_25._tcp.mx.secure.example", Type.TLSA, true,
        "_25._tcp.mx.secure.example. 300 IN CNAME tlsa.shared.secure.example.",
        "tlsa.shared.secure.example. 300 IN TLSA " + TLSA_DATA);

    TlsaAnswer answer = tlsa("mx.secure.example");

    assertThat(answer.baseDomain()).hasValue("mx.secure.example");
    assertThat(answer.answer().cnameChain()).containsExactly(
        new CnameHop("_25._tcp.mx.secure.example", "tlsa.shared.secure.example", SecurityStatus.SECURE));
    assertThat(answer.records()).hasSize(1);
  }

  @Test
  void tlsa_insecureCnameAtTheTlsaName_makesTheTlsaInsecure() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");
    dns.data("_25._tcp.mx.secure.example", Type.TLSA, false,
        "_25._tcp.mx.secure.example. 300 IN CNAME tlsa.insecure.example.",
        "tlsa.insecure.example. 300 IN TLSA " + TLSA_DATA);
    dns.data("_25._tcp.mx.secure.example", Type.CNAME, true,
        "_25._tcp.mx.secure.example. 300 IN CNAME tlsa.insecure.example.");
    dns.data("tlsa.insecure.example", Type.TLSA, false, "tlsa.insecure.example. 300 IN TLSA " + TLSA_DATA);

    TlsaAnswer answer = tlsa("mx.secure.example");

    assertThat(answer.status()).isEqualTo(SecurityStatus.INSECURE);
    assertThat(answer.answer().cnameChain()).extracting(CnameHop::status).containsExactly(SecurityStatus.SECURE);
  }

  @Test
  void tlsa_failedTlsaQuery_isAFailure() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");
    dns.failure("_25._tcp.mx.secure.example", Type.TLSA, DnsFailure.of(FailureKind.TIMEOUT, "no reply"));

    TlsaAnswer answer = tlsa("mx.secure.example");

    assertThat(answer.isFailure()).isTrue();
    assertThat(answer.wasQueried()).isTrue();
    assertThat(answer.records()).isEmpty();
  }

  @Test
  void repeatedLookup_isServedFromTheCache() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");

    DnsAnswer<InetAddress> first = a("mx.secure.example");
    DnsAnswer<InetAddress> second = a("mx.secure.example");

    assertThat(second).isEqualTo(first);
    assertThat(dns.queries("mx.secure.example", Type.A)).isEqualTo(1);
  }

  @Test
  void cachedAnswer_expiresWithItsTtl() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");
    a("mx.secure.example");

    clock.advance(Duration.ofSeconds(299));
    a("mx.secure.example");
    assertThat(dns.queries("mx.secure.example", Type.A)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    a("mx.secure.example");
    assertThat(dns.queries("mx.secure.example", Type.A)).isEqualTo(2);
  }

  @Test
  void secureDenial_isCached() {
    dns.reply("nx.secure.example", Type.A, true, Rcode.NXDOMAIN, "AUTH " + SECURE_SOA);

    a("nx.secure.example");
    a("nx.secure.example");

    assertThat(dns.queries("nx.secure.example", Type.A)).isEqualTo(1);
  }

  @Test
  void failure_isCachedOnlyForTheFailureTtl() {
    dns.failure("bad.secure.example", Type.A, DnsFailure.of(FailureKind.BOGUS, 6, "bogus"));
    a("bad.secure.example");
    a("bad.secure.example");
    assertThat(dns.queries("bad.secure.example", Type.A)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(5));
    a("bad.secure.example");

    assertThat(dns.queries("bad.secure.example", Type.A)).isEqualTo(2);
  }

  @Test
  void failureCacheTtlZero_neverCachesFailures() {
    engine.close();
    engine = new LookupEngine(TestSettings.with(clock, 10_000, Duration.ZERO), dns::bind);
    dns.failure("bad.secure.example", Type.A, DnsFailure.of(FailureKind.TIMEOUT, "no reply"));

    a("bad.secure.example");
    a("bad.secure.example");

    assertThat(dns.queries("bad.secure.example", Type.A)).isEqualTo(2);
  }

  @Test
  void cache_holdsAtMostMaxEntries() {
    engine.close();
    engine = new LookupEngine(TestSettings.with(clock, 2, Duration.ofSeconds(5)), dns::bind);
    for (String host : List.of("h1", "h2", "h3")) {
      dns.data(host + ".secure.example", Type.A, true, host + ".secure.example. 300 IN A 192.0.2.1");
      a(host + ".secure.example");
    }

    a("h1.secure.example");

    assertThat(dns.queries("h1.secure.example", Type.A)).isEqualTo(2);
  }

  @Test
  void concurrentIdenticalLookups_shareOneQuery() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");
    CompletableFuture<Void> gate = dns.hold();
    List<CompletableFuture<DnsAnswer<InetAddress>>> lookups = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      lookups.add(engine.addresses("mx.secure.example", false).toCompletableFuture());
    }

    gate.complete(null);

    assertThat(lookups).allSatisfy(l -> assertThat(l.join().isSecure()).isTrue());
    assertThat(dns.queries("mx.secure.example", Type.A)).isEqualTo(1);
  }

  @Test
  void thousandsOfParallelLookups_loseAndMixNothing() {
    int names = 40;
    for (int i = 0; i < names; i++) {
      dns.data("h" + i + ".secure.example", Type.A, true, "h" + i + ".secure.example. 300 IN A 192.0.2." + i);
    }
    CompletableFuture<Void> gate = dns.hold();
    List<CompletableFuture<DnsAnswer<InetAddress>>> lookups = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      lookups.add(engine.addresses("h" + (i % names) + ".secure.example", false).toCompletableFuture());
    }
    gate.complete(null);

    for (int i = 0; i < lookups.size(); i++) {
      DnsAnswer<InetAddress> answer = lookups.get(i).join();
      assertThat(answer.name()).isEqualTo("h" + (i % names) + ".secure.example");
      assertThat(answer.records()).containsExactly(address("192.0.2." + (i % names)));
    }
    assertThat(dns.totalQueries()).isEqualTo(names);
  }

  @Test
  void frontCache_tlsaByHost_repeatedLookupQueriesNothingAndSharesTheRecords() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");
    dns.data("_25._tcp.mx.secure.example", Type.TLSA, true, "_25._tcp.mx.secure.example. 300 IN TLSA " + TLSA_DATA);

    TlsaAnswer first = tlsaByHost("mx.secure.example", 25);
    TlsaAnswer second = tlsaByHost("mx.secure.example", 25);

    assertThat(second).isEqualTo(first);
    assertThat(second.records()).isSameAs(first.records());
    assertThat(dns.queries("mx.secure.example", Type.A)).isEqualTo(1);
    assertThat(dns.queries("_25._tcp.mx.secure.example", Type.TLSA)).isEqualTo(1);
  }

  @Test
  void frontCache_tlsaByAnswer_hitEqualsAFullLookup() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");
    dns.data("_25._tcp.mx.secure.example", Type.TLSA, true, "_25._tcp.mx.secure.example. 300 IN TLSA " + TLSA_DATA);
    TlsaAnswer full = tlsa("mx.secure.example");
    LookupEngine fresh = new LookupEngine(TestSettings.with(clock), dns::bind);

    TlsaAnswer hit = tlsa("mx.secure.example");

    assertThat(hit).isEqualTo(full).isEqualTo(fresh.tlsa(a("mx.secure.example"), 25).toCompletableFuture().join());
    assertThat(hit.baseDomain()).hasValue("mx.secure.example");
    assertThat(dns.queries("_25._tcp.mx.secure.example", Type.TLSA)).isEqualTo(2);
    fresh.close();
  }

  @Test
  void frontCache_tlsaByHost_expiresWithTheTlsaTtlWhenShorter() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");
    dns.data("_25._tcp.mx.secure.example", Type.TLSA, true, "_25._tcp.mx.secure.example. 60 IN TLSA " + TLSA_DATA);
    tlsaByHost("mx.secure.example", 25);

    clock.advance(Duration.ofSeconds(59));
    tlsaByHost("mx.secure.example", 25);
    assertThat(dns.queries("_25._tcp.mx.secure.example", Type.TLSA)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    tlsaByHost("mx.secure.example", 25);
    assertThat(dns.queries("_25._tcp.mx.secure.example", Type.TLSA)).isEqualTo(2);
    assertThat(dns.queries("mx.secure.example", Type.A)).isEqualTo(1);
  }

  @Test
  void frontCache_tlsaByHost_expiresWithTheAddressTtlWhenShorter() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 60 IN A 192.0.2.1");
    dns.data("_25._tcp.mx.secure.example", Type.TLSA, true, "_25._tcp.mx.secure.example. 300 IN TLSA " + TLSA_DATA);
    tlsaByHost("mx.secure.example", 25);

    clock.advance(Duration.ofSeconds(59));
    tlsaByHost("mx.secure.example", 25);
    assertThat(dns.queries("mx.secure.example", Type.A)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    tlsaByHost("mx.secure.example", 25);
    assertThat(dns.queries("mx.secure.example", Type.A)).isEqualTo(2);
  }

  @Test
  void frontCache_addressFailure_isServedOnlyForTheFailureTtl() {
    dns.failure("bad.secure.example", Type.A, DnsFailure.of(FailureKind.BOGUS, 6, "bogus"));
    tlsaByHost("bad.secure.example", 25);

    clock.advance(Duration.ofMillis(4999));
    assertThat(tlsaByHost("bad.secure.example", 25).isFailure()).isTrue();
    assertThat(dns.queries("bad.secure.example", Type.A)).isEqualTo(1);

    clock.advance(Duration.ofMillis(1));
    tlsaByHost("bad.secure.example", 25);
    assertThat(dns.queries("bad.secure.example", Type.A)).isEqualTo(2);
  }

  @Test
  void frontCache_tlsaFailure_isServedOnlyForTheFailureTtl() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");
    dns.failure("_25._tcp.mx.secure.example", Type.TLSA, DnsFailure.of(FailureKind.TIMEOUT, "no reply"));
    DnsAnswer<InetAddress> addresses = a("mx.secure.example");
    engine.tlsa(addresses, 25).toCompletableFuture().join();

    clock.advance(Duration.ofMillis(4999));
    assertThat(engine.tlsa(addresses, 25).toCompletableFuture().join().isFailure()).isTrue();
    assertThat(dns.queries("_25._tcp.mx.secure.example", Type.TLSA)).isEqualTo(1);

    clock.advance(Duration.ofMillis(1));
    engine.tlsa(addresses, 25).toCompletableFuture().join();
    assertThat(dns.queries("_25._tcp.mx.secure.example", Type.TLSA)).isEqualTo(2);
  }

  @Test
  void frontCache_failureCacheTtlZero_neverKeepsAFailure() {
    engine.close();
    engine = new LookupEngine(TestSettings.with(clock, 10_000, Duration.ZERO), dns::bind);
    dns.failure("bad.secure.example", Type.A, DnsFailure.of(FailureKind.TIMEOUT, "no reply"));

    tlsaByHost("bad.secure.example", 25);
    tlsaByHost("bad.secure.example", 25);

    assertThat(dns.queries("bad.secure.example", Type.A)).isEqualTo(2);
  }

  @Test
  void frontCache_differentPort_isAnotherEntry() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");
    dns.data("_25._tcp.mx.secure.example", Type.TLSA, true, "_25._tcp.mx.secure.example. 300 IN TLSA " + TLSA_DATA);
    dns.reply("_587._tcp.mx.secure.example", Type.TLSA, true, Rcode.NXDOMAIN, "AUTH " + SECURE_SOA);
    tlsaByHost("mx.secure.example", 25);
    engine.tlsa(a("mx.secure.example"), 25).toCompletableFuture().join();

    TlsaAnswer byHost = tlsaByHost("mx.secure.example", 587);
    TlsaAnswer byAnswer = engine.tlsa(a("mx.secure.example"), 587).toCompletableFuture().join();

    assertThat(byHost.port()).isEqualTo(587);
    assertThat(byHost.answer().outcome()).isEqualTo(DnsOutcome.NXDOMAIN);
    assertThat(byAnswer).isEqualTo(byHost);
  }

  @Test
  void frontCache_differentAddressStatus_isAnotherEntry() {
    dns.data("_25._tcp.mx.secure.example", Type.TLSA, true, "_25._tcp.mx.secure.example. 300 IN TLSA " + TLSA_DATA);
    List<InetAddress> ip = List.of(address("192.0.2.1"));
    DnsAnswer<InetAddress> secure = DnsAnswer.data("mx.secure.example", "A", SecurityStatus.SECURE, ip,
        Duration.ofSeconds(300), List.of());
    DnsAnswer<InetAddress> insecure = DnsAnswer.data("mx.secure.example", "A", SecurityStatus.INSECURE, ip,
        Duration.ofSeconds(300), List.of());
    DnsAnswer<InetAddress> failed = DnsAnswer.failed("mx.secure.example", "A",
        DnsFailure.of(FailureKind.BOGUS, "bogus"), List.of());
    assertThat(engine.tlsa(secure, 25).toCompletableFuture().join().wasQueried()).isTrue();

    TlsaAnswer forInsecure = engine.tlsa(insecure, 25).toCompletableFuture().join();
    TlsaAnswer forFailed = engine.tlsa(failed, 25).toCompletableFuture().join();

    assertThat(forInsecure.wasQueried()).isFalse();
    assertThat(forInsecure.status()).isEqualTo(SecurityStatus.INSECURE);
    assertThat(forFailed.isFailure()).isTrue();
  }

  @Test
  void frontCache_differentCnameChain_isAnotherEntry() {
    dns.data("_25._tcp.mx.secure.example", Type.TLSA, true, "_25._tcp.mx.secure.example. 300 IN TLSA " + TLSA_DATA);
    dns.reply("_25._tcp.real.secure.example", Type.TLSA, true, Rcode.NXDOMAIN, "AUTH " + SECURE_SOA);
    List<InetAddress> ip = List.of(address("192.0.2.1"));
    DnsAnswer<InetAddress> direct = DnsAnswer.data("mx.secure.example", "A", SecurityStatus.SECURE, ip,
        Duration.ofSeconds(300), List.of());
    DnsAnswer<InetAddress> alias = DnsAnswer.data("mx.secure.example", "A", SecurityStatus.SECURE, ip,
        Duration.ofSeconds(300), List.of(new CnameHop("mx.secure.example", "real.secure.example",
            SecurityStatus.SECURE)));
    engine.tlsa(direct, 25).toCompletableFuture().join();

    TlsaAnswer viaAlias = engine.tlsa(alias, 25).toCompletableFuture().join();

    assertThat(viaAlias.baseDomain()).hasValue("real.secure.example");
    assertThat(viaAlias.answer().outcome()).isEqualTo(DnsOutcome.NXDOMAIN);
  }

  @Test
  void frontCache_caseAndTrailingDotVariants_giveTheSameAnswerWithoutNewQueries() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");
    dns.data("_25._tcp.mx.secure.example", Type.TLSA, true, "_25._tcp.mx.secure.example. 300 IN TLSA " + TLSA_DATA);
    TlsaAnswer lower = tlsaByHost("mx.secure.example", 25);

    TlsaAnswer upper = tlsaByHost("MX.Secure.Example.", 25);

    assertThat(upper).isEqualTo(lower);
    assertThat(upper.host()).isEqualTo("mx.secure.example");
    assertThat(a("MX.SECURE.EXAMPLE").name()).isEqualTo("mx.secure.example");
    assertThat(dns.queries("mx.secure.example", Type.A)).isEqualTo(1);
    assertThat(dns.queries("_25._tcp.mx.secure.example", Type.TLSA)).isEqualTo(1);
  }

  @Test
  void frontCache_mx_repeatedLookupQueriesOnceUntilTheTtl() {
    dns.data("example.org", Type.MX, true, "example.org. 300 IN MX 10 mx.example.org.");
    MxAnswer first = mx("example.org");

    assertThat(mx("example.org")).isEqualTo(first);
    assertThat(dns.queries("example.org", Type.MX)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(300));
    mx("example.org");
    assertThat(dns.queries("example.org", Type.MX)).isEqualTo(2);
  }

  @Test
  void frontCache_closedEngine_servesNoCachedAnswer() {
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");
    a("mx.secure.example");

    engine.close();

    assertThat(a("mx.secure.example").failure().orElseThrow().kind()).isEqualTo(FailureKind.NETWORK_ERROR);
  }

  @Test
  void frontCache_cachingOff_queriesEveryTime() {
    engine.close();
    engine = new LookupEngine(TestSettings.with(clock, 0, Duration.ofSeconds(5)), dns::bind);
    dns.data("mx.secure.example", Type.A, true, "mx.secure.example. 300 IN A 192.0.2.1");

    a("mx.secure.example");
    a("mx.secure.example");

    assertThat(dns.queries("mx.secure.example", Type.A)).isEqualTo(2);
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
