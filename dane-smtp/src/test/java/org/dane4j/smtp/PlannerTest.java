package org.dane4j.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dane4j.core.DaneVerifier;
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
import org.junit.jupiter.api.Test;

/** The RFC 7672 section 2 decisions of {@link Planner}, from hand-made validated answers. */
class PlannerTest {
  private static final int PORT = 25;
  private static final Duration TTL = Duration.ofMinutes(5);
  private static final TlsaRecord DANE_EE = TlsaRecord.parse("3 1 1 " + "ab".repeat(32));
  private static final TlsaRecord PKIX_EE = TlsaRecord.parse("1 1 1 " + "cd".repeat(32));

  private final FakeLookups dns = new FakeLookups();

  @Test
  void failedALookup_makesTheHostUnreachableEvenWithAaaa() throws Exception {
    dns.mx("example.org", SecurityStatus.SECURE, "mx1.example.org");
    dns.a.put("mx1.example.org", DnsAnswer.failed("mx1.example.org", "A", DnsFailure.of(FailureKind.BOGUS, "bad sig"),
        List.of()));
    dns.aaaa.put("mx1.example.org", addresses("mx1.example.org", "AAAA", SecurityStatus.SECURE, "2001:db8::1"));

    DeliveryTarget target = plan(SmtpTlsPolicy.DANE).targets().get(0);

    assertThat(target.reason()).isEqualTo(TargetReason.ADDRESS_LOOKUP_FAILED);
    assertThat(target.requirement()).isEqualTo(TlsRequirement.UNREACHABLE);
    assertThat(target.detail()).contains("bad sig");
    assertThat(target.addresses()).isEmpty();
  }

  @Test
  void ipv6OnlyHost_tlsaIsLookedUpFromTheAaaaAnswer() throws Exception {
    dns.mx("example.org", SecurityStatus.SECURE, "mx1.example.org");
    dns.a.put("mx1.example.org", noData("mx1.example.org", "A"));
    dns.aaaa.put("mx1.example.org", addresses("mx1.example.org", "AAAA", SecurityStatus.SECURE, "2001:db8::1"));
    dns.secureTlsa("mx1.example.org", DANE_EE);

    DeliveryTarget target = plan(SmtpTlsPolicy.DANE).targets().get(0);

    assertThat(target.requirement()).isEqualTo(TlsRequirement.DANE_AUTHENTICATED);
    assertThat(target.addresses()).containsExactly(InetAddress.getByName("2001:db8::1"));
    assertThat(dns.tlsaQueriedWith).containsExactly("AAAA");
  }

  @Test
  void reportOnly_failedTlsaLookup_isUsedOnlyOverTlsAndMarkedRelaxed() throws Exception {
    dns.secureHost("example.org", "mx1.example.org", "192.0.2.1");
    dns.tlsa.put("mx1.example.org", TlsaAnswer.queried("mx1.example.org", PORT, "mx1.example.org",
        DnsAnswer.failed("_25._tcp.mx1.example.org", "TLSA", DnsFailure.of(FailureKind.TIMEOUT, "no answer"),
            List.of())));

    DeliveryTarget target = plan(SmtpTlsPolicy.INSECURE_DANE_REPORT_ONLY).targets().get(0);

    assertThat(target.reason()).isEqualTo(TargetReason.TLSA_LOOKUP_FAILED);
    assertThat(target.requirement()).isEqualTo(TlsRequirement.TLS_UNAUTHENTICATED);
    assertThat(target.requirement().requiresTls()).isTrue();
    assertThat(target.isRelaxed()).isTrue();
  }

  @Test
  void reportOnly_usableTlsa_requiresTlsButNotAuthentication() throws Exception {
    dns.secureHost("example.org", "mx1.example.org", "192.0.2.1");
    dns.secureTlsa("mx1.example.org", DANE_EE);

    DeliveryTarget target = plan(SmtpTlsPolicy.INSECURE_DANE_REPORT_ONLY).targets().get(0);

    assertThat(target.reason()).isEqualTo(TargetReason.TLSA_USABLE);
    assertThat(target.requirement()).isEqualTo(TlsRequirement.TLS_UNAUTHENTICATED);
    assertThat(target.tlsa()).containsExactly(DANE_EE);
    assertThat(target.toString()).contains("not enforced: report-only");
  }

  @Test
  void mandatoryDane_unusableTlsaOnly_isUnreachableWithTheReason() throws Exception {
    dns.secureHost("example.org", "mx1.example.org", "192.0.2.1");
    dns.secureTlsa("mx1.example.org", PKIX_EE);

    DeliveryPlan plan = plan(SmtpTlsPolicy.MANDATORY_DANE);

    assertThat(plan.outcome()).isEqualTo(PlanOutcome.NO_USABLE_TARGET);
    assertThat(plan.targets().get(0).reason()).isEqualTo(TargetReason.MANDATORY_DANE_UNAVAILABLE);
    assertThat(plan.targets().get(0).detail()).startsWith("TLSA_ALL_UNUSABLE");
  }

  @Test
  void insecureTlsaRrset_isOpportunistic() throws Exception {
    dns.secureHost("example.org", "mx1.example.org", "192.0.2.1");
    dns.tlsa.put("mx1.example.org", TlsaAnswer.queried("mx1.example.org", PORT, "mx1.example.org",
        DnsAnswer.data("_25._tcp.mx1.example.org", "TLSA", SecurityStatus.INSECURE, List.of(DANE_EE), TTL,
            List.of())));

    DeliveryTarget target = plan(SmtpTlsPolicy.DANE).targets().get(0);

    assertThat(target.reason()).isEqualTo(TargetReason.TLSA_INSECURE);
    assertThat(target.tlsa()).isEmpty();
  }

  @Test
  void secureMxThroughCname_referenceNamesIncludeNextHopAndExpansion() throws Exception {
    dns.mxAnswers.put("alias.example.org", MxAnswer.of(DnsAnswer.data("alias.example.org", "MX", SecurityStatus.SECURE,
        List.of(new MxHost(10, "mx1.example.net")), TTL,
        List.of(new CnameHop("alias.example.org", "mail.example.org", SecurityStatus.SECURE)))));
    dns.a.put("mx1.example.net", addresses("mx1.example.net", "A", SecurityStatus.SECURE, "192.0.2.1"));
    dns.aaaa.put("mx1.example.net", noData("mx1.example.net", "AAAA"));
    dns.secureTlsa("mx1.example.net", DANE_EE);

    DeliveryTarget target = planner(SmtpTlsPolicy.DANE).plan("alias.example.org", PORT).toCompletableFuture().get()
        .targets().get(0);

    assertThat(target.referenceNames()).containsExactly("mx1.example.net", "alias.example.org", "mail.example.org");
  }

  @Test
  void insecureMx_referenceNamesAreOnlyTheHost() throws Exception {
    dns.mx("example.org", SecurityStatus.INSECURE, "mx1.example.net");
    dns.a.put("mx1.example.net", addresses("mx1.example.net", "A", SecurityStatus.SECURE, "192.0.2.1"));
    dns.aaaa.put("mx1.example.net", noData("mx1.example.net", "AAAA"));
    dns.secureTlsa("mx1.example.net", DANE_EE);

    DeliveryTarget target = plan(SmtpTlsPolicy.DANE).targets().get(0);

    assertThat(target.requirement()).isEqualTo(TlsRequirement.DANE_AUTHENTICATED);
    assertThat(target.referenceNames()).containsExactly("mx1.example.net");
    assertThat(target.isMxSecure()).isFalse();
  }

  @Test
  void implicitMx_referenceNamesAreBaseDomainAndNextHop() throws Exception {
    dns.mxAnswers.put("example.org", MxAnswer.of(DnsAnswer.negative("example.org", "MX", DnsOutcome.NODATA,
        SecurityStatus.SECURE, TTL, List.of())));
    dns.a.put("example.org", addresses("example.org", "A", SecurityStatus.SECURE, "192.0.2.1"));
    dns.aaaa.put("example.org", noData("example.org", "AAAA"));
    dns.secureTlsa("example.org", DANE_EE);

    DeliveryPlan plan = plan(SmtpTlsPolicy.DANE);

    assertThat(plan.targets()).singleElement().satisfies(target -> {
      assertThat(target.host()).isEqualTo("example.org");
      assertThat(target.referenceNames()).containsExactly("example.org");
    });
  }

  @Test
  void indeterminateMx_defers() throws Exception {
    dns.mxAnswers.put("example.org", MxAnswer.of(DnsAnswer.failed("example.org", "MX",
        DnsFailure.of(FailureKind.SERVFAIL, "upstream SERVFAIL"), List.of())));

    DeliveryPlan plan = plan(SmtpTlsPolicy.DANE);

    assertThat(plan.outcome()).isEqualTo(PlanOutcome.MX_LOOKUP_FAILED);
    assertThat(plan.outcome().isDeferred()).isTrue();
    assertThat(plan.detail()).contains("upstream SERVFAIL");
    assertThat(plan.targets()).isEmpty();
  }

  @Test
  void bracketedAddressLiteralRelay_getsNoDaneAndNoSni() throws Exception {
    DeliveryPlan plan = planner(SmtpTlsPolicy.DANE).planRelay("[192.0.2.7]", 25).toCompletableFuture().get();

    assertThat(plan.targets()).singleElement().satisfies(target -> {
      assertThat(target.reason()).isEqualTo(TargetReason.ADDRESS_LITERAL);
      assertThat(target.addresses()).containsExactly(InetAddress.getByName("192.0.2.7"));
      assertThat(target.tlsClient().serverName()).isEmpty();
    });
  }

  @Test
  void ipv4LookalikeRelay_isRefusedWithoutResolving() {
    // InetAddress.getByName would send "256.0.0.1" to the system resolver.
    assertThatThrownBy(() -> planner(SmtpTlsPolicy.DANE).planRelay("[256.0.0.1]", 25))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[256.0.0.1]")
        .hasMessageContaining("octet 256");
  }

  @Test
  void bracketedIpv6LiteralRelay_isParsed() throws Exception {
    DeliveryPlan plan = planner(SmtpTlsPolicy.DANE).planRelay("[2001:db8::7]", 25).toCompletableFuture().get();

    assertThat(plan.targets()).singleElement().satisfies(target -> {
      assertThat(target.reason()).isEqualTo(TargetReason.ADDRESS_LITERAL);
      assertThat(target.addresses()).containsExactly(InetAddress.getByName("2001:db8::7"));
    });
  }

  @Test
  void mxNamedLikeAnInvalidIpv4Literal_isUnusableAndTheOtherHostIsTried() throws Exception {
    dns.mx("example.org", SecurityStatus.SECURE, "999.0.0.1", "mx2.example.org");
    dns.a.put("mx2.example.org", addresses("mx2.example.org", "A", SecurityStatus.SECURE, "192.0.2.2"));
    dns.aaaa.put("mx2.example.org", noData("mx2.example.org", "AAAA"));
    dns.secureTlsa("mx2.example.org", DANE_EE);

    DeliveryPlan plan = plan(SmtpTlsPolicy.DANE);

    assertThat(plan.outcome()).isEqualTo(PlanOutcome.READY);
    assertThat(plan.targets()).extracting(DeliveryTarget::reason)
        .containsExactly(TargetReason.INVALID_HOST_NAME, TargetReason.TLSA_USABLE);
    assertThat(plan.targets().get(0).requirement()).isEqualTo(TlsRequirement.UNREACHABLE);
    assertThat(plan.targets().get(0).detail()).contains("'999.0.0.1'", "octet 999");
  }

  @Test
  void onlyMxNamedLikeAnInvalidIpv4Literal_isDeferredNotUndeliverable() throws Exception {
    dns.mx("example.org", SecurityStatus.SECURE, "999.0.0.1");

    DeliveryPlan plan = plan(SmtpTlsPolicy.DANE);

    assertThat(plan.outcome()).isEqualTo(PlanOutcome.NO_USABLE_TARGET);
    assertThat(plan.outcome().isDeferred()).isTrue();
    assertThat(plan.detail()).contains("999.0.0.1 INVALID_HOST_NAME");
  }

  @Test
  void mxNamesThatAreNoHostNames_areUnusableWithoutLookups() throws Exception {
    // Leading zeros (octal to some parsers), brackets from DNS, IPv6 zones, escaped octets, the root.
    dns.mx("example.org", SecurityStatus.SECURE, "010.0.0.1", "[192.0.2.1]", "fe80::1%lo", "mx\\032a.example.org",
        "a:b:c:d:e:f:1:2:3", "x:y");

    DeliveryPlan plan = plan(SmtpTlsPolicy.DANE);

    assertThat(plan.outcome()).isEqualTo(PlanOutcome.NO_USABLE_TARGET);
    assertThat(plan.targets()).hasSize(6).allSatisfy(target -> {
      assertThat(target.reason()).isEqualTo(TargetReason.INVALID_HOST_NAME);
      assertThat(target.detail()).contains(target.host());
    });
  }

  @Test
  void addressLookupThrowing_makesThatHostUnusableNotThePlan() throws Exception {
    dns.mx("example.org", SecurityStatus.SECURE, "mx1.example.org", "mx2.example.org");
    dns.thrown.put("mx1.example.org", new IllegalStateException("resolver closed"));
    dns.aaaa.put("mx1.example.org", noData("mx1.example.org", "AAAA"));
    dns.a.put("mx2.example.org", addresses("mx2.example.org", "A", SecurityStatus.INSECURE, "192.0.2.2"));
    dns.aaaa.put("mx2.example.org", noData("mx2.example.org", "AAAA"));
    dns.tlsa.put("mx2.example.org", TlsaAnswer.notQueried("mx2.example.org", PORT,
        DnsAnswer.negative("_25._tcp.mx2.example.org", "TLSA", DnsOutcome.NODATA, SecurityStatus.INSECURE, TTL,
            List.of())));

    DeliveryPlan plan = plan(SmtpTlsPolicy.DANE);

    assertThat(plan.outcome()).isEqualTo(PlanOutcome.READY);
    assertThat(plan.targets().get(0).reason()).isEqualTo(TargetReason.ADDRESS_LOOKUP_FAILED);
    assertThat(plan.targets().get(0).detail()).contains("resolver closed");
    assertThat(plan.targets().get(1).isUsable()).isTrue();
  }

  @Test
  void tlsaLookupCompletingExceptionally_isATlsaLookupFailure() throws Exception {
    dns.secureHost("example.org", "mx1.example.org", "192.0.2.1");
    dns.failedStage.put("mx1.example.org", new IllegalStateException("executor rejected"));

    DeliveryTarget target = plan(SmtpTlsPolicy.DANE).targets().get(0);

    assertThat(target.reason()).isEqualTo(TargetReason.TLSA_LOOKUP_FAILED);
    assertThat(target.detail()).contains("executor rejected");
  }

  @Test
  void tlsaBaseDomainThatIsNoHostName_makesTheHostUnusable() throws Exception {
    dns.secureHost("example.org", "mx1.example.org", "192.0.2.1");
    String base = "a\\000b.example.org";
    dns.tlsa.put("mx1.example.org", TlsaAnswer.queried("mx1.example.org", PORT, base, DnsAnswer.data(
        "_25._tcp." + base, "TLSA", SecurityStatus.SECURE, List.of(DANE_EE), TTL, List.of())));

    DeliveryTarget target = plan(SmtpTlsPolicy.DANE).targets().get(0);

    assertThat(target.reason()).isEqualTo(TargetReason.INVALID_HOST_NAME);
    assertThat(target.detail()).contains("TLSA base domain of mx1.example.org", base);
  }

  @Test
  void hostNames_lettersDigitsHyphensUnderscores_areAccepted() {
    assertThat(Planner.hostNameProblem("mx-1.example.org")).isNull();
    assertThat(Planner.hostNameProblem("_mx.example.org")).isNull();
    assertThat(Planner.hostNameProblem("a".repeat(63) + ".org")).isNull();
    assertThat(Planner.hostNameProblem("a".repeat(64) + ".org")).contains("longer than 63");
    assertThat(Planner.hostNameProblem("")).contains("root");
    assertThat(Planner.hostNameProblem("a..org")).contains("empty label");
  }

  private DeliveryPlan plan(SmtpTlsPolicy policy) throws Exception {
    return planner(policy).plan("example.org", PORT).toCompletableFuture().get();
  }

  private Planner planner(SmtpTlsPolicy policy) {
    return new Planner(dns, DaneVerifier.builder().build(), domain -> policy);
  }

  private static DnsAnswer<InetAddress> addresses(String name, String type, SecurityStatus status, String address)
      throws Exception {
    return DnsAnswer.data(name, type, status, List.of(InetAddress.getByName(address)), TTL, List.of());
  }

  private static DnsAnswer<InetAddress> noData(String name, String type) {
    return DnsAnswer.negative(name, type, DnsOutcome.NODATA, SecurityStatus.SECURE, TTL, List.of());
  }

  /** Answers from maps; a missing entry is a test bug and fails loudly. */
  private static final class FakeLookups implements Lookups {
    final Map<String, MxAnswer> mxAnswers = new HashMap<>();
    final Map<String, DnsAnswer<InetAddress>> a = new HashMap<>();
    final Map<String, DnsAnswer<InetAddress>> aaaa = new HashMap<>();
    final Map<String, TlsaAnswer> tlsa = new HashMap<>();
    final List<String> tlsaQueriedWith = new ArrayList<>();
    /** Hosts whose A lookup throws at once. */
    final Map<String, RuntimeException> thrown = new HashMap<>();
    /** Hosts whose TLSA lookup completes exceptionally. */
    final Map<String, RuntimeException> failedStage = new HashMap<>();

    void mx(String domain, SecurityStatus status, String... hosts) {
      List<MxHost> records = new ArrayList<>();
      for (int i = 0; i < hosts.length; i++) {
        records.add(new MxHost(10 * (i + 1), hosts[i]));
      }
      mxAnswers.put(domain, MxAnswer.of(DnsAnswer.data(domain, "MX", status, records, TTL, List.of())));
    }

    void secureHost(String domain, String host, String address) throws Exception {
      mx(domain, SecurityStatus.SECURE, host);
      a.put(host, addresses(host, "A", SecurityStatus.SECURE, address));
      aaaa.put(host, noData(host, "AAAA"));
    }

    void secureTlsa(String host, TlsaRecord... records) {
      tlsa.put(host, TlsaAnswer.queried(host, PORT, host, DnsAnswer.data("_25._tcp." + host, "TLSA",
          SecurityStatus.SECURE, List.of(records), TTL, List.of())));
    }

    @Override
    public CompletionStage<MxAnswer> mx(String domain) {
      return CompletableFuture.completedFuture(require(mxAnswers, domain));
    }

    @Override
    public CompletionStage<DnsAnswer<InetAddress>> a(String host) {
      if (thrown.containsKey(host)) {
        throw thrown.get(host);
      }
      return CompletableFuture.completedFuture(require(a, host));
    }

    @Override
    public CompletionStage<DnsAnswer<InetAddress>> aaaa(String host) {
      return CompletableFuture.completedFuture(require(aaaa, host));
    }

    @Override
    public CompletionStage<TlsaAnswer> tlsa(DnsAnswer<InetAddress> hostAddresses, int port) {
      tlsaQueriedWith.add(hostAddresses.type());
      if (failedStage.containsKey(hostAddresses.name())) {
        return CompletableFuture.failedFuture(failedStage.get(hostAddresses.name()));
      }
      return CompletableFuture.completedFuture(require(tlsa, hostAddresses.name()));
    }

    private static <T> T require(Map<String, T> answers, String name) {
      T answer = answers.get(name);
      if (answer == null) {
        throw new AssertionError("unexpected lookup of " + name);
      }
      return answer;
    }
  }
}
