package org.dane4j.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dane4j.core.TlsaRecord;
import org.dane4j.testkit.TestClock;
import org.dane4j.testkit.dns.Denial;
import org.dane4j.testkit.dns.DnsTestServerExtension;
import org.dane4j.testkit.dns.Fault;
import org.dane4j.testkit.dns.SigningAlgorithm;
import org.dane4j.testkit.dns.TestDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DnssecResolver} end to end: real dnsjava validation over the testkit's signed tree
 * and in-process DNS server on loopback (RFC-CHECKLIST items 1-6, 10-12, 31).
 */
class DnssecResolverTest {
  private static final String TLSA = "3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final String TLSA2 = "3 1 1 fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
  private static final int HOSTS = 40;

  @RegisterExtension
  static final DnsTestServerExtension dns = DnsTestServerExtension.create(tree -> tree
      .zone("test.")
      .zone("example.test.", z -> {
        z.records("@ MX 20 mx2", "@ MX 10 mx1",
            "mx1 A 127.0.0.2", "mx2 A 127.0.0.3",
            "_25._tcp.mx1 TLSA " + TLSA,
            "_25._tcp.mx2 CNAME _25._tcp.mx1",
            "alias CNAME mx1",
            "toinsecure CNAME mx.insecure.test.",
            "_25._tcp.toinsecure TLSA " + TLSA2,
            "nomx A 127.0.0.6",
            "nullmx MX 0 .");
        for (int i = 0; i < HOSTS; i++) {
          z.record("h" + i + " A 127.0.1." + i);
        }
      })
      .zone("nsec3.test.", z -> z.denial(Denial.NSEC3).records("mx A 127.0.0.7"))
      .zone("manyiter.test.", z -> z.nsec3Parameters(150, "").records("mx A 127.0.0.8"))
      .zone("rsa.test.", z -> z.algorithm(SigningAlgorithm.RSA_SHA256).records("mx A 127.0.0.12"))
      .zone("ed.test.", z -> z.algorithm(SigningAlgorithm.ED25519).records("mx A 127.0.0.13"))
      .zone("insecure.test.", z -> z.unsigned().records("mx A 127.0.0.4", "alias CNAME mx1.example.test."))
      .zone("expired.test.", z -> z.records("mx A 127.0.0.9").fault(Fault.expiredSignatures()))
      .zone("notyet.test.", z -> z.records("mx A 127.0.0.9").fault(Fault.notYetValidSignatures()))
      .zone("nosigs.test.", z -> z.records("mx A 127.0.0.9").fault(Fault.missingSignatures()))
      .zone("dsbad.test.", z -> z.records("mx A 127.0.0.9").fault(Fault.dsMismatch()))
      .zone("servfail.test.", z -> z.records("mx A 127.0.0.9").fault(Fault.servfail()))
      .zone("drop.test.", z -> z.records("mx A 127.0.0.9").fault(Fault.drop()))
      .zone("trunc.test.", z -> z.records("mx A 127.0.0.5").fault(Fault.truncate().at("mx")))
      .zone("forged.test.", z -> z.records("mx A 127.0.0.10", "_25._tcp.mx TLSA " + TLSA)
          .fault(Fault.dropKeyQueries())
          .fault(Fault.forgedNxdomain().at("_25._tcp.mx")))
      .zone("flood.test.", z -> z.records("flooded A 127.0.0.15", "sprinkled A 127.0.0.16")
          .fault(Fault.signatureFlood(16).at("flooded", "A"))
          .fault(Fault.signatureFlood(1).at("sprinkled", "A")))
      .zone("weakrsa.test.", z -> z.algorithm(SigningAlgorithm.RSA_SHA256).rsaKeyBits(512)
          .records("mx A 127.0.0.17"))
      .zone("badsig.test.", z -> z.records("mx A 127.0.0.9").fault(Fault.invalidSignatures().at("mx", "A")))
      .zone("forgednodata.test.", z -> z.records("mx A 127.0.0.14", "_25._tcp.mx TLSA " + TLSA)
          .fault(Fault.dropKeyQueries())
          .fault(Fault.forgedNodata().at("_25._tcp.mx")))
      .zone("forgedonly.test.", z -> z.records("mx A 127.0.0.11", "_25._tcp.mx TLSA " + TLSA)
          .fault(Fault.forgedNxdomain().at("_25._tcp.mx"))));

  private final TestClock clock = TestClock.at(Instant.now());
  private final List<DnssecResolver> resolvers = new ArrayList<>();
  private final DnssecResolver resolver = newResolver(DnssecResolver.builder());

  private DnssecResolver newResolver(DnssecResolver.Builder builder) {
    DnssecResolver r = builder.upstream(dns.address()).trustAnchors(dns.trustAnchor())
        .queryTimeout(Duration.ofSeconds(1)).attempts(2).clock(clock).build();
    resolvers.add(r);
    return r;
  }

  @AfterEach
  void closeResolvers() {
    resolvers.forEach(DnssecResolver::close);
  }

  private TestDnsServer server() {
    return dns.server();
  }

  @Test
  void signedZone_answersAreSecure() {
    DnsAnswer<InetAddress> answer = resolver.lookupA("mx1.example.test");

    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(answer.outcome()).isEqualTo(DnsOutcome.DATA);
    assertThat(answer.records()).containsExactly(address("127.0.0.2"));
    assertThat(answer.ttl()).isPositive();
  }

  @Test
  void unsignedDelegation_answersAreInsecure() {
    DnsAnswer<InetAddress> answer = resolver.lookupA("mx.insecure.test");

    assertThat(answer.status()).isEqualTo(SecurityStatus.INSECURE);
    assertThat(answer.records()).containsExactly(address("127.0.0.4"));
  }

  @Test
  void mx_isSecureAndInPreferenceOrder() {
    MxAnswer mx = resolver.lookupMx("example.test");

    assertThat(mx.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(mx.hosts()).containsExactly(new MxHost(10, "mx1.example.test"), new MxHost(20, "mx2.example.test"));
  }

  @Test
  void mx_securelyAbsent_isTheImplicitMx() {
    MxAnswer mx = resolver.lookupMx("nomx.example.test");

    assertThat(mx.answer().outcome()).isEqualTo(DnsOutcome.NODATA);
    assertThat(mx.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(mx.hosts()).containsExactly(new MxHost(0, "nomx.example.test"));
  }

  @Test
  void mx_nullMx_isReported() {
    MxAnswer mx = resolver.lookupMx("nullmx.example.test");

    assertThat(mx.isNullMx()).isTrue();
    assertThat(mx.hosts()).isEmpty();
  }

  @Test
  void nsec_provesNxdomainSecurely() {
    DnsAnswer<InetAddress> answer = resolver.lookupA("missing.example.test");

    assertThat(answer.outcome()).isEqualTo(DnsOutcome.NXDOMAIN);
    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(answer.isFailure()).isFalse();
  }

  @Test
  void nsec_provesNodataSecurely() {
    DnsAnswer<InetAddress> answer = resolver.lookupAaaa("mx1.example.test");

    assertThat(answer.outcome()).isEqualTo(DnsOutcome.NODATA);
    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
  }

  @Test
  void nsec3_provesNxdomainSecurely() {
    DnsAnswer<InetAddress> answer = resolver.lookupA("missing.nsec3.test");

    assertThat(answer.outcome()).isEqualTo(DnsOutcome.NXDOMAIN);
    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
  }

  @Test
  void nsec3_provesNodataSecurely() {
    DnsAnswer<InetAddress> answer = resolver.lookupAaaa("mx.nsec3.test");

    assertThat(answer.outcome()).isEqualTo(DnsOutcome.NODATA);
    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
  }

  @Test
  void nsec3_aboveTheIterationLimit_addressDenialIsInsecure() {
    DnsAnswer<InetAddress> data = resolver.lookupA("mx.manyiter.test");
    DnsAnswer<InetAddress> nxdomain = resolver.lookupA("missing.manyiter.test");
    DnsAnswer<InetAddress> nodata = resolver.lookupAaaa("mx.manyiter.test");

    assertThat(data.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(nxdomain.isFailure()).isFalse();
    assertThat(nxdomain.outcome()).isEqualTo(DnsOutcome.NXDOMAIN);
    assertThat(nxdomain.status()).isEqualTo(SecurityStatus.INSECURE);
    assertThat(nodata.outcome()).isEqualTo(DnsOutcome.NODATA);
    assertThat(nodata.status()).isEqualTo(SecurityStatus.INSECURE);
  }

  @Test
  void nsec3_aboveTheIterationLimit_tlsaAndMxDenialsFailWithEde27() {
    TlsaAnswer tlsa = resolver.lookupTlsa("mx.manyiter.test", 25);
    MxAnswer mx = resolver.lookupMx("missing.manyiter.test");

    assertThat(tlsa.isFailure()).isTrue();
    assertThat(tlsa.failure().orElseThrow().extendedDnsError()).hasValue(27);
    assertThat(tlsa.failure().orElseThrow().reason()).contains("iterations", "RFC 9276");
    assertThat(mx.isFailure()).isTrue();
    assertThat(mx.status()).isEqualTo(SecurityStatus.BOGUS);
  }

  @Test
  void hardeningSettings_arePerInstance() {
    DnssecResolver lenient = newResolver(DnssecResolver.builder().nsec3MaxIterations(200));

    MxAnswer strict = resolver.lookupMx("missing.manyiter.test");
    MxAnswer relaxed = lenient.lookupMx("missing.manyiter.test");

    assertThat(strict.isFailure()).isTrue();
    assertThat(relaxed.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(relaxed.answer().outcome()).isEqualTo(DnsOutcome.NXDOMAIN);
  }

  @Test
  void rsaAndEd25519Zones_validate() {
    assertThat(resolver.lookupA("mx.rsa.test").status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(resolver.lookupA("mx.ed.test").status()).isEqualTo(SecurityStatus.SECURE);
  }

  @Test
  void expiredSignatures_areBogusWithReason() {
    assertBogus(resolver.lookupA("mx.expired.test"));
  }

  @Test
  void notYetValidSignatures_areBogusWithReason() {
    assertBogus(resolver.lookupA("mx.notyet.test"));
  }

  @Test
  void invalidSignatures_areBogusWithReason() {
    assertBogus(resolver.lookupA("mx.badsig.test"));
  }

  @Test
  void missingSignatures_areBogusWithReason() {
    assertBogus(resolver.lookupA("mx.nosigs.test"));
  }

  @Test
  void dsMismatch_isBogusWithReason() {
    assertBogus(resolver.lookupA("mx.dsbad.test"));
  }

  private static void assertBogus(DnsAnswer<InetAddress> answer) {
    assertThat(answer.isFailure()).isTrue();
    assertThat(answer.status()).isEqualTo(SecurityStatus.BOGUS);
    DnsFailure failure = answer.failure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(FailureKind.BOGUS);
    assertThat(failure.extendedDnsError()).isPresent();
    assertThat(failure.reason()).contains(answer.name());
    assertThat(answer.records()).isEmpty();
  }

  @Test
  void upstreamServfail_isAServfailFailureNotBogus() {
    DnsAnswer<InetAddress> answer = resolver.lookupA("mx.servfail.test");

    assertThat(answer.isFailure()).isTrue();
    assertThat(answer.status()).isEqualTo(SecurityStatus.INDETERMINATE);
    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.SERVFAIL);
  }

  @Test
  void droppedAnswers_areATimeoutFailureNotNoRecords() {
    DnsAnswer<InetAddress> answer = resolver.lookupA("mx.drop.test");

    assertThat(answer.isFailure()).isTrue();
    assertThat(answer.outcome()).isEqualTo(DnsOutcome.FAILED);
    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.TIMEOUT);
  }

  @Test
  void truncatedUdp_isRetriedOverTcp() {
    DnsAnswer<InetAddress> answer = resolver.lookupA("mx.trunc.test");

    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(answer.records()).containsExactly(address("127.0.0.5"));
    assertThat(server().tcpQueryCount()).isPositive();
  }

  @Test
  void lostDatagram_isRetransmitted() {
    server().inject(Fault.drop().at("mx1.example.test.", "A").times(1));

    DnsAnswer<InetAddress> answer = resolver.lookupA("mx1.example.test");

    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(server().queryCount("mx1.example.test.", "A")).isEqualTo(2);
  }

  @Test
  void signatureFlood_aboveTheKeyTrapLimit_isBogus_andTheLimitIsPerInstance() {
    DnssecResolver patient = newResolver(DnssecResolver.builder().maxSignatureValidations(32));

    assertThat(resolver.lookupA("flooded.flood.test").status()).isEqualTo(SecurityStatus.BOGUS);
    assertThat(resolver.lookupA("sprinkled.flood.test").status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(patient.lookupA("flooded.flood.test").status()).isEqualTo(SecurityStatus.SECURE);
  }

  @Test
  void rsaKeysUnder1024Bits_makeTheZoneInsecure() {
    // Keys the validator refuses count like an unsupported algorithm (RFC 6840 section 5.2).
    DnsAnswer<InetAddress> answer = resolver.lookupA("mx.weakrsa.test");

    assertThat(answer.status()).isEqualTo(SecurityStatus.INSECURE);
  }

  @Test
  void lostDatagrams_areRetransmittedBeforeGivingUp() {
    server().inject(Fault.drop().at("mx1.example.test.", "A"));

    DnsAnswer<InetAddress> answer = resolver.lookupA("mx1.example.test");

    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(answer.failure().orElseThrow().reason()).contains("2 attempts");
    assertThat(server().queryCount("mx1.example.test.", "A")).isEqualTo(2);
  }

  @Test
  void cnameChain_allSecure_isSecureAtEachHop() {
    DnsAnswer<InetAddress> answer = resolver.lookupA("alias.example.test");

    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(answer.cnameChain())
        .containsExactly(new CnameHop("alias.example.test", "mx1.example.test", SecurityStatus.SECURE));
    assertThat(answer.records()).containsExactly(address("127.0.0.2"));
  }

  @Test
  void cnameChain_secureHopIntoUnsignedZone_isInsecureAfterTheHop() {
    DnsAnswer<InetAddress> answer = resolver.lookupA("toinsecure.example.test");

    assertThat(answer.status()).isEqualTo(SecurityStatus.INSECURE);
    assertThat(answer.cnameChain())
        .containsExactly(new CnameHop("toinsecure.example.test", "mx.insecure.test", SecurityStatus.SECURE));
    assertThat(answer.records()).containsExactly(address("127.0.0.4"));
  }

  @Test
  void cnameChain_insecureFirstHop_makesTheSignedTargetInsecure() {
    DnsAnswer<InetAddress> answer = resolver.lookupA("alias.insecure.test");

    assertThat(answer.status()).isEqualTo(SecurityStatus.INSECURE);
    assertThat(answer.cnameChain())
        .containsExactly(new CnameHop("alias.insecure.test", "mx1.example.test", SecurityStatus.INSECURE));
  }

  @Test
  void tlsa_plainHost_isFoundSecurelyAtTheHostName() {
    TlsaAnswer tlsa = resolver.lookupTlsa("mx1.example.test", 25);

    assertThat(tlsa.baseDomain()).hasValue("mx1.example.test");
    assertThat(tlsa.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(tlsa.records()).containsExactly(TlsaRecord.parse(TLSA));
  }

  @Test
  void tlsa_secureAlias_usesTheExpandedNameAsBaseDomain() {
    TlsaAnswer tlsa = resolver.lookupTlsa("alias.example.test", 25);

    assertThat(tlsa.baseDomain()).hasValue("mx1.example.test");
    assertThat(tlsa.records()).containsExactly(TlsaRecord.parse(TLSA));
  }

  @Test
  void tlsa_aliasIntoUnsignedZone_usesTheOriginalNameAsBaseDomain() {
    TlsaAnswer tlsa = resolver.lookupTlsa("toinsecure.example.test", 25);

    assertThat(tlsa.baseDomain()).hasValue("toinsecure.example.test");
    assertThat(tlsa.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(tlsa.records()).containsExactly(TlsaRecord.parse(TLSA2));
  }

  @Test
  void tlsa_insecureHost_isNotQueried() {
    TlsaAnswer tlsa = resolver.lookupTlsa("mx.insecure.test", 25);

    assertThat(tlsa.wasQueried()).isFalse();
    assertThat(tlsa.status()).isEqualTo(SecurityStatus.INSECURE);
    assertThat(server().queryCount("_25._tcp.mx.insecure.test.", "TLSA")).isZero();
  }

  @Test
  void tlsa_cnameAtTheTlsaName_keepsTheBaseDomain() {
    TlsaAnswer tlsa = resolver.lookupTlsa("mx2.example.test", 25);

    assertThat(tlsa.baseDomain()).hasValue("mx2.example.test");
    assertThat(tlsa.answer().cnameChain()).containsExactly(
        new CnameHop("_25._tcp.mx2.example.test", "_25._tcp.mx1.example.test", SecurityStatus.SECURE));
    assertThat(tlsa.records()).containsExactly(TlsaRecord.parse(TLSA));
  }

  @Test
  void tlsa_securelyAbsent_isAnAnswer() {
    TlsaAnswer tlsa = resolver.lookupTlsa("nomx.example.test", 25);

    assertThat(tlsa.isFailure()).isFalse();
    assertThat(tlsa.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(tlsa.answer().outcome()).isEqualTo(DnsOutcome.NXDOMAIN);
  }

  @Test
  void tlsa_hostLookupFailure_isATlsaFailure() {
    TlsaAnswer tlsa = resolver.lookupTlsa("mx.expired.test", 25);

    assertThat(tlsa.isFailure()).isTrue();
    assertThat(tlsa.failure().orElseThrow().kind()).isEqualTo(FailureKind.BOGUS);
  }

  @Test
  void forgedNxdomain_withKeyQueriesDropped_isIndeterminateNeverInsecure() {
    DnsAnswer<InetAddress> secureAddress = DnsAnswer.data("mx.forged.test", "A", SecurityStatus.SECURE,
        List.of(address("127.0.0.10")), Duration.ofSeconds(300), List.of());

    TlsaAnswer tlsa = resolver.lookupTlsa(secureAddress, 25);

    assertThat(tlsa.isFailure()).isTrue();
    assertThat(tlsa.status()).isEqualTo(SecurityStatus.INDETERMINATE);
    assertThat(tlsa.failure().orElseThrow().kind()).isEqualTo(FailureKind.UNPROVEN_INSECURITY);
    assertThat(tlsa.failure().orElseThrow().reason()).contains("_25._tcp.mx.forged.test");
  }

  @Test
  void forgedNodata_withKeyQueriesDropped_isIndeterminateNeverInsecure() {
    DnsAnswer<InetAddress> secureAddress = DnsAnswer.data("mx.forgednodata.test", "A", SecurityStatus.SECURE,
        List.of(address("127.0.0.14")), Duration.ofSeconds(300), List.of());

    TlsaAnswer tlsa = resolver.lookupTlsa(secureAddress, 25);

    assertThat(tlsa.status()).isEqualTo(SecurityStatus.INDETERMINATE);
    assertThat(tlsa.failure().orElseThrow().kind()).isEqualTo(FailureKind.UNPROVEN_INSECURITY);
    assertThat(tlsa.failure().orElseThrow().reason()).startsWith("NODATA");
  }

  @Test
  void forgedNxdomain_withKeysAvailable_isBogus() {
    TlsaAnswer tlsa = resolver.lookupTlsa("mx.forgedonly.test", 25);

    assertThat(tlsa.isFailure()).isTrue();
    assertThat(tlsa.status()).isEqualTo(SecurityStatus.BOGUS);
  }

  @Test
  void repeatedLookup_isAnsweredFromTheCache() {
    resolver.lookupA("mx1.example.test");
    long queries = server().queryCount();

    DnsAnswer<InetAddress> again = resolver.lookupA("mx1.example.test");

    assertThat(again.isSecure()).isTrue();
    assertThat(server().queryCount()).isEqualTo(queries);
  }

  @Test
  void cachedAnswer_expiresAfterItsTtl() {
    resolver.lookupA("mx1.example.test");

    clock.advance(Duration.ofSeconds(301));
    resolver.lookupA("mx1.example.test");

    assertThat(server().queryCount("mx1.example.test.", "A")).isEqualTo(2);
  }

  @Test
  void cachedAnswerTtl_isCappedByCacheMaxTtl() {
    DnssecResolver capped = newResolver(DnssecResolver.builder().cacheMaxTtl(Duration.ofSeconds(10)));
    DnsAnswer<InetAddress> answer = capped.lookupA("mx1.example.test");

    clock.advance(Duration.ofSeconds(10));
    capped.lookupA("mx1.example.test");

    assertThat(answer.ttl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(server().queryCount("mx1.example.test.", "A")).isEqualTo(2);
  }

  @Test
  void failure_isCachedOnlyBriefly() {
    resolver.lookupA("mx.servfail.test");
    resolver.lookupA("mx.servfail.test");
    assertThat(server().queryCount("mx.servfail.test.", "A")).isEqualTo(1);

    clock.advance(Duration.ofSeconds(5));
    resolver.lookupA("mx.servfail.test");

    assertThat(server().queryCount("mx.servfail.test.", "A")).isEqualTo(2);
  }

  @Test
  void warmTlsaLookup_isAnsweredWithoutQueriesForEveryNameVariant() {
    TlsaAnswer first = resolver.lookupTlsa("mx1.example.test", 25);
    long queries = server().queryCount();

    TlsaAnswer again = resolver.lookupTlsa("mx1.example.test", 25);
    TlsaAnswer upper = resolver.lookupTlsa("MX1.Example.Test.", 25);
    TlsaAnswer byAnswer = resolver.lookupTlsa(resolver.lookupA("mx1.example.test"), 25);

    assertThat(first.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(again).isEqualTo(first);
    assertThat(upper).isEqualTo(first);
    assertThat(byAnswer).isEqualTo(first);
    assertThat(server().queryCount()).isEqualTo(queries);
  }

  @Test
  void warmTlsaLookup_expiresAfterItsTtl() {
    resolver.lookupTlsa("mx1.example.test", 25);

    clock.advance(Duration.ofSeconds(301));
    TlsaAnswer later = resolver.lookupTlsa("mx1.example.test", 25);

    assertThat(later.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(server().queryCount("_25._tcp.mx1.example.test.", "TLSA")).isEqualTo(2);
  }

  @Test
  void warmTlsaLookup_otherPort_isLookedUpOnItsOwn() {
    resolver.lookupTlsa("mx1.example.test", 25);

    TlsaAnswer other = resolver.lookupTlsa("mx1.example.test", 26);

    assertThat(other.port()).isEqualTo(26);
    assertThat(other.records()).isEmpty();
    assertThat(other.answer().outcome()).isEqualTo(DnsOutcome.NXDOMAIN);
    assertThat(server().queryCount("_26._tcp.mx1.example.test.", "TLSA")).isEqualTo(1);
  }

  @Test
  void failedTlsaLookup_isRepeatedAfterTheFailureTtl() {
    resolver.lookupTlsa("mx.servfail.test", 25);
    assertThat(resolver.lookupTlsa("mx.servfail.test", 25).isFailure()).isTrue();
    assertThat(server().queryCount("mx.servfail.test.", "A")).isEqualTo(1);

    clock.advance(Duration.ofSeconds(5));
    resolver.lookupTlsa("mx.servfail.test", 25);

    assertThat(server().queryCount("mx.servfail.test.", "A")).isEqualTo(2);
  }

  @Test
  void trustAnchorFile_isLoaded(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("root.ds"), dns.trustAnchor());
    DnssecResolver fromFile = DnssecResolver.builder().upstream(dns.address()).trustAnchorFile(file).build();
    resolvers.add(fromFile);

    assertThat(fromFile.lookupA("mx1.example.test").status()).isEqualTo(SecurityStatus.SECURE);
  }

  @Test
  void ianaRootAnchors_doNotTrustAPrivateRoot() {
    DnssecResolver iana = DnssecResolver.builder().upstream(dns.address()).queryTimeout(Duration.ofMillis(150))
        .attempts(2).build();
    resolvers.add(iana);

    DnsAnswer<InetAddress> answer = iana.lookupA("mx1.example.test");

    assertThat(answer.isSecure()).isFalse();
    assertThat(answer.status()).isEqualTo(SecurityStatus.BOGUS);
  }

  @Test
  void trustAdBit_fromLoopbackValidator_isAccepted() {
    DnssecResolver trusting = DnssecResolver.builder().trustAdBitFrom(List.of(dns.address())).build();
    resolvers.add(trusting);

    DnsAnswer<InetAddress> answer = trusting.lookupA("mx1.example.test");

    // The test server is no validator and never sets AD: without AD nothing is secure.
    assertThat(answer.status()).isEqualTo(SecurityStatus.INSECURE);
  }

  @Test
  void thousandsOfParallelLookups_loseAndMixNothing_onBoundedThreads() {
    DnssecResolver uncached = DnssecResolver.builder().upstream(dns.address()).trustAnchors(dns.trustAnchor())
        .cacheMaxEntries(0).maxConcurrentQueries(32).build();
    resolvers.add(uncached);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long startedBefore = threads.getTotalStartedThreadCount();
    threads.resetPeakThreadCount();
    int liveBefore = threads.getThreadCount();

    // Every other lookup is a validated denial: dnsjava's negative-answer path is the one
    // that schedules steps on the common pool.
    List<CompletableFuture<DnsAnswer<InetAddress>>> lookups = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String name = (i % 2 == 0 ? "h" : "absent") + (i % HOSTS) + ".example.test";
      lookups.add(uncached.lookupAAsync(name).toCompletableFuture());
    }
    for (int i = 0; i < lookups.size(); i++) {
      DnsAnswer<InetAddress> answer = lookups.get(i).join();
      assertThat(answer.status()).as("%s", answer).isEqualTo(SecurityStatus.SECURE);
      if (i % 2 == 0) {
        assertThat(answer.name()).isEqualTo("h" + (i % HOSTS) + ".example.test");
        assertThat(answer.records()).containsExactly(address("127.0.1." + (i % HOSTS)));
      } else {
        assertThat(answer.name()).isEqualTo("absent" + (i % HOSTS) + ".example.test");
        assertThat(answer.outcome()).isEqualTo(DnsOutcome.NXDOMAIN);
      }
    }

    assertThat(threads.getPeakThreadCount() - liveBefore).isLessThan(64);
    assertThat(threads.getTotalStartedThreadCount() - startedBefore).isLessThan(2000);
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
