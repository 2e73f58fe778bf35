package org.dane4j.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import org.dane4j.core.dns.SecurityStatus;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plan/target API an MTA with its own SMTP client uses, against a signed DNS tree. */
class SmtpDanePlanTest {
  private static TestCertificate mx1;
  private static TestCertificate mx2;

  @BeforeAll
  static void pki() {
    mx1 = TestCertificates.leaf("mx1.example.test");
    mx2 = TestCertificates.leaf("mx2.example.test");
  }

  @Test
  void secureMxAndTlsa_targetsKeepMxOrderWithValidatedData() throws Exception {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 20 mx2", "@ MX 10 mx1",
            "mx1 A 127.0.0.2", "mx1 AAAA ::1", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"),
            "mx2 A 127.0.0.3", "_PORT._tcp.mx2 TLSA " + mx2.tlsa("3 1 1"))
        .start()) {
      DeliveryPlan plan = world.dane().plan("Example.Test.").toCompletableFuture().join();

      assertThat(plan.domain()).isEqualTo("example.test");
      assertThat(plan.outcome()).isEqualTo(PlanOutcome.READY);
      assertThat(plan.mxStatus()).hasValue(SecurityStatus.SECURE);
      assertThat(plan.port()).isEqualTo(world.port());
      assertThat(plan.targets()).extracting(DeliveryTarget::host).containsExactly("mx1.example.test", "mx2.example.test");
      DeliveryTarget first = plan.targets().get(0);
      assertThat(first.requirement()).isEqualTo(TlsRequirement.DANE_AUTHENTICATED);
      assertThat(first.reason()).isEqualTo(TargetReason.TLSA_USABLE);
      assertThat(first.addresses()).containsExactly(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("::1"));
      assertThat(first.tlsa()).containsExactly(mx1.tlsa("3 1 1"));
      assertThat(first.baseDomain()).hasValue("mx1.example.test");
      assertThat(first.referenceNames()).containsExactly("mx1.example.test", "example.test");
      assertThat(first.isMxSecure()).isTrue();
    }
  }

  @Test
  void tlsaOrderDoesNotReorderMxHosts() {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "@ MX 20 mx2",
            "mx1 A 127.0.0.2", "mx2 A 127.0.0.3", "_PORT._tcp.mx2 TLSA " + mx2.tlsa("3 1 1"))
        .start()) {
      DeliveryPlan plan = world.dane().plan("example.test").toCompletableFuture().join();

      assertThat(plan.targets()).extracting(DeliveryTarget::requirement)
          .containsExactly(TlsRequirement.OPPORTUNISTIC, TlsRequirement.DANE_AUTHENTICATED);
    }
  }

  @Test
  void insecureAddresses_tlsaIsNotLookedUp() {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx.unsigned.test.")
        .unsignedZone("unsigned.test.", "mx A 127.0.0.2", "_PORT._tcp.mx TLSA " + mx1.tlsa("3 1 1"))
        .start()) {
      DeliveryPlan plan = world.dane().plan("example.test").toCompletableFuture().join();

      assertThat(plan.targets()).singleElement().satisfies(target -> {
        assertThat(target.reason()).isEqualTo(TargetReason.ADDRESSES_INSECURE);
        assertThat(target.baseDomain()).isEmpty();
      });
      assertThat(world.dns().queryCount("_" + world.port() + "._tcp.mx.unsigned.test.", "TLSA")).isZero();
    }
  }

  @Test
  void opportunisticTlsPolicy_doesNotLookUpTlsa() {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"))
        .dane(b -> b.policy("example.test", SmtpTlsPolicy.OPPORTUNISTIC_TLS))
        .start()) {
      DeliveryPlan plan = world.dane().plan("example.test").toCompletableFuture().join();

      assertThat(plan.policy()).isEqualTo(SmtpTlsPolicy.OPPORTUNISTIC_TLS);
      assertThat(plan.targets()).singleElement()
          .satisfies(target -> assertThat(target.reason()).isEqualTo(TargetReason.DANE_DISABLED));
      assertThat(world.dns().queryCount("_" + world.port() + "._tcp.mx1.example.test.", "TLSA")).isZero();
    }
  }

  @Test
  void mxNamingAnIpAddress_getsNoDane() throws Exception {
    try (MailWorld world = MailWorld.builder().signedZone("example.test.", "@ MX 10 127.0.0.2.").start()) {
      DeliveryPlan plan = world.dane().plan("example.test").toCompletableFuture().join();

      assertThat(plan.targets()).singleElement().satisfies(target -> {
        assertThat(target.reason()).isEqualTo(TargetReason.ADDRESS_LITERAL);
        assertThat(target.requirement()).isEqualTo(TlsRequirement.OPPORTUNISTIC);
        assertThat(target.addresses()).containsExactly(InetAddress.getByName("127.0.0.2"));
        assertThat(target.tlsClient().serverName()).isEmpty();
      });
    }
  }

  @Test
  void hostWithoutAddresses_isUnreachable() {
    try (MailWorld world = MailWorld.builder().signedZone("example.test.", "@ MX 10 nowhere").start()) {
      DeliveryPlan plan = world.dane().plan("example.test").toCompletableFuture().join();

      assertThat(plan.outcome()).isEqualTo(PlanOutcome.NO_USABLE_TARGET);
      assertThat(plan.targets()).singleElement()
          .satisfies(target -> assertThat(target.reason()).isEqualTo(TargetReason.NO_ADDRESSES));
      assertThat(plan.deferReason()).hasValueSatisfying(r -> assertThat(r).contains("nowhere.example.test"));
    }
  }

  @Test
  void nonexistentDomain_isUndeliverable() {
    try (MailWorld world = MailWorld.builder().signedZone("example.test.").start()) {
      DeliveryPlan plan = world.dane().plan("missing.example.test").toCompletableFuture().join();

      assertThat(plan.outcome()).isEqualTo(PlanOutcome.NO_SUCH_DOMAIN);
      assertThat(plan.outcome().isUndeliverable()).isTrue();
    }
  }

  @Test
  void unreachableTarget_hasNoTlsClient() {
    MailWorld.Builder builder = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 nowhere");
    try (MailWorld world = builder.start()) {
      DeliveryTarget target = world.dane().plan("example.test").toCompletableFuture().join().targets().get(0);

      assertThatThrownBy(target::tlsClient).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("NO_ADDRESSES");
    }
  }

  @Test
  void ownSmtpClient_startTlsWithTheTargetsSocketFactory_isVerified() throws Exception {
    try (MailWorld world = MailWorld.builder()
        .signedZone("example.test.", "@ MX 10 mx1", "mx1 A 127.0.0.2", "_PORT._tcp.mx1 TLSA " + mx1.tlsa("3 1 1"))
        .server("127.0.0.2", mx1.serverSslContext())
        .start()) {
      DeliveryTarget target = world.dane().plan("example.test").toCompletableFuture().join().targets().get(0);
      DaneTlsClient tls = target.tlsClient();
      InetAddress address = target.addresses().get(0);

      try (Socket plain = new Socket(address, target.port())) {
        BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = plain.getOutputStream();
        reply(in);
        command(out, in, "EHLO mta.test");
        command(out, in, "STARTTLS");
        try (SSLSocket socket = (SSLSocket) tls.socketFactory()
            .createSocket(plain, address.getHostAddress(), target.port(), true)) {
          socket.startHandshake();

          assertThat(tls.outcome(socket)).hasValueSatisfying(outcome -> {
            assertThat(outcome.isDaneVerified()).isTrue();
            assertThat(outcome.protocol()).hasValue(socket.getSession().getProtocol());
            assertThat(outcome.cipherSuite()).hasValue(socket.getSession().getCipherSuite());
          });
        }
      }
    }
  }

  @Test
  void relayPlan_usesTheRelaysTlsaAndNames() {
    TestCertificate relay = TestCertificates.leaf("relay.provider.test");
    try (MailWorld world = MailWorld.builder()
        .signedZone("provider.test.", "relay A 127.0.0.2", "_587._tcp.relay TLSA " + relay.tlsa("3 1 1"))
        .start()) {
      DeliveryPlan plan = world.dane().planRelay("relay.provider.test", 587).toCompletableFuture().join();

      assertThat(plan.mxStatus()).isEmpty();
      assertThat(plan.targets()).singleElement().satisfies(target -> {
        assertThat(target.port()).isEqualTo(587);
        assertThat(target.requirement()).isEqualTo(TlsRequirement.DANE_AUTHENTICATED);
        assertThat(target.referenceNames()).containsExactly("relay.provider.test");
      });
    }
  }

  @Test
  void badDomain_isRejectedAtOnce() {
    try (MailWorld world = MailWorld.builder().start()) {
      SmtpDane dane = world.dane();

      assertThatThrownBy(() -> dane.plan(" ")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> dane.planRelay("relay.test", 0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("0");
    }
  }

  private static String command(OutputStream out, BufferedReader in, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return reply(in);
  }

  private static String reply(BufferedReader in) throws IOException {
    String line;
    do {
      line = in.readLine();
    } while (line != null && line.length() > 3 && line.charAt(3) == '-');
    return line;
  }
}
