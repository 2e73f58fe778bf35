package org.dane4j.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.core.dns.SecurityStatus;
import org.dane4j.testkit.dns.DnsTree;
import org.dane4j.testkit.dns.Fault;
import org.dane4j.testkit.dns.TestDnsServer;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 7672 section 2 planning against a signed DNS tree served on loopback. */
class SmtpDanePlanTest {
  private static final int PORT = 2525;

  private static TestCertificate mx1;
  private static TestCertificate mx2;
  private static DnsTree tree;
  private static TestDnsServer dns;

  private DnssecResolver resolver;

  @BeforeAll
  static void startDns() {
    mx1 = TestCertificates.leaf("mx1.example.test");
    mx2 = TestCertificates.leaf("mx2.example.test");
    tree = DnsTree.builder()
        .zone("test.")
        .zone("example.test.", z -> z.records(
            "@ MX 10 mx1", "@ MX 20 mx2",
            "mx1 A 127.0.0.2", "_2525._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"),
            "mx2 A 127.0.0.3", "_2525._tcp.mx2 TLSA " + mx2.tlsa("3 1 1")))
        .zone("insecure.test.", z -> z.unsigned().records("@ MX 10 mx", "mx A 127.0.0.4",
            "_2525._tcp.mx TLSA " + mx1.tlsa("3 1 1")))
        .build();
    dns = TestDnsServer.start(tree);
  }

  @AfterAll
  static void stopDns() {
    dns.close();
  }

  @AfterEach
  void closeResolver() {
    if (resolver != null) {
      resolver.close();
    }
    dns.clearInjectedFaults();
  }

  @Test
  void secureMxAndTlsa_targetsAreDaneAuthenticatedInMxOrder() throws Exception {
    DeliveryPlan plan = dane(SmtpTlsPolicy.DANE).plan("example.test").toCompletableFuture().join();

    assertThat(plan.outcome()).isEqualTo(PlanOutcome.READY);
    assertThat(plan.mxStatus()).hasValue(SecurityStatus.SECURE);
    assertThat(plan.targets()).extracting(DeliveryTarget::host).containsExactly("mx1.example.test", "mx2.example.test");
    DeliveryTarget first = plan.targets().get(0);
    assertThat(first.requirement()).isEqualTo(TlsRequirement.DANE_AUTHENTICATED);
    assertThat(first.reason()).isEqualTo(TargetReason.TLSA_USABLE);
    assertThat(first.addresses()).containsExactly(InetAddress.getByName("127.0.0.2"));
    assertThat(first.tlsa()).containsExactly(mx1.tlsa("3 1 1"));
    assertThat(first.baseDomain()).hasValue("mx1.example.test");
    assertThat(first.referenceNames()).containsExactly("mx1.example.test", "example.test");
  }

  @Test
  void insecureZone_opportunisticWithoutTlsa() {
    DeliveryPlan plan = dane(SmtpTlsPolicy.DANE).plan("insecure.test").toCompletableFuture().join();

    assertThat(plan.mxStatus()).hasValue(SecurityStatus.INSECURE);
    assertThat(plan.targets()).singleElement().satisfies(target -> {
      assertThat(target.requirement()).isEqualTo(TlsRequirement.OPPORTUNISTIC);
      assertThat(target.reason()).isEqualTo(TargetReason.ADDRESSES_INSECURE);
      assertThat(target.tlsa()).isEmpty();
    });
  }

  @Test
  void bogusTlsaOnMx1_mx1UnreachableMx2Fine() {
    dns.inject(Fault.missingSignatures().at("_2525._tcp.mx1.example.test.", "TLSA"));

    DeliveryPlan plan = dane(SmtpTlsPolicy.DANE).plan("example.test").toCompletableFuture().join();

    assertThat(plan.isReady()).isTrue();
    assertThat(plan.targets().get(0).requirement()).isEqualTo(TlsRequirement.UNREACHABLE);
    assertThat(plan.targets().get(0).reason()).isEqualTo(TargetReason.TLSA_LOOKUP_FAILED);
    assertThat(plan.targets().get(1).requirement()).isEqualTo(TlsRequirement.DANE_AUTHENTICATED);
  }

  private SmtpDane dane(SmtpTlsPolicy policy) {
    resolver = DnssecResolver.builder().upstream(dns.address()).trustAnchors(dns.trustAnchor())
        .lookupTimeout(Duration.ofSeconds(5)).build();
    return SmtpDane.builder().resolver(resolver).policy(policy).port(PORT).build();
  }
}
