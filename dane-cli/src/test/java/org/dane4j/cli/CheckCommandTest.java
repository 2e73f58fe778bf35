package org.dane4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dane4j.testkit.dns.Fault;
import org.dane4j.testkit.pki.TestCertificates;
import org.dane4j.testkit.smtp.DaneTestEnvironment;
import org.dane4j.testkit.smtp.StartTlsMode;
import org.dane4j.testkit.smtp.TestSmtpServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code dane check} against the testkit's signed DNS tree and STARTTLS servers. */
class CheckCommandTest {
  @RegisterExtension
  static final DaneTestEnvironment env = DaneTestEnvironment.builder()
      .domain("example.test", d -> d
          .mx(10, "mx1.example.test", mx -> mx.tlsa("3 1 1 auto"))
          .mx(20, "mx2.example.test", mx -> mx.tlsa("2 1 1")))
      .domain("rollover.test", d -> d.mx(10, "mx.rollover.test", mx -> mx
          .tlsa("3 1 1 auto")
          .tlsa("3 1 1 " + TestCertificates.leaf("next.rollover.test").tlsa("3 1 1").dataHex())))
      .domain("twoaddr.test", d -> d.record("mx IN A 127.0.0.9").mx(10, "mx.twoaddr.test", mx -> mx.tlsa("3 1 1 auto")))
      .domain("plain.test", d -> d.unsigned().mx(10, "mx.plain.test", mx -> mx.noTls()))
      .domain("nomail.test", d -> d.record("www IN A 127.0.0.1"))
      .build();

  @TempDir
  static Path dir;
  static Path anchor;

  @BeforeAll
  static void writeTrustAnchor() throws Exception {
    anchor = Files.writeString(dir.resolve("anchor.zone"), env.dns().trustAnchor());
  }

  static Cli check(String domain, String... more) {
    List<String> args = new ArrayList<>(List.of("check", domain, "--port", String.valueOf(env.port()),
        "--resolver", "127.0.0.1:" + env.dns().port(), "--trust-anchor", anchor.toString(), "--no-nameservers",
        "--timeout", "5", "--at", "+1d"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void daneDomain_verifiesEveryMxWithMatchedRecordAndDepth() {
    Cli cli = check("example.test");

    assertThat(cli.exit()).as(cli.toString()).isZero();
    assertThat(cli.out())
        .contains("MX example.test: SECURE 10 mx1.example.test, 20 mx2.example.test")
        .contains("Matched DANE EE record " + env.tlsa("mx1.example.test").get(0) + " at depth 0")
        .contains("Verified TLS connection established to mx1.example.test[127.0.0.2]:" + env.port())
        .contains("Matched DANE TA record " + env.tlsa("mx2.example.test").get(0) + " at depth 1, name mx2.example.test")
        .contains("Result: OK");
  }

  @Test
  void singleDaneEeRecord_warnsAboutRolloverReadiness() {
    Cli cli = check("example.test");

    assertThat(cli.out()).contains("WARNING mx1.example.test: the only TLSA record is 3 1 1 for the current key")
        .doesNotContain("WARNING mx2.example.test: the only");
    assertThat(check("example.test", "--strict").exit()).isEqualTo(1);
  }

  @Test
  void currentAndNextRecord_isRolloverReady() {
    Cli cli = check("rollover.test");

    assertThat(cli.exit()).as(cli.toString()).isZero();
    assertThat(cli.out()).doesNotContain("the only TLSA record").doesNotContain("WARNING");
  }

  @Test
  void attackerCertificate_failsWithPerDepthExplanation() {
    env.mx("mx1.example.test").presents(TestCertificates.attacker("mx1.example.test").serverSslContext());

    Cli cli = check("example.test");

    assertThat(cli.exit()).as(cli.toString()).isEqualTo(1);
    assertThat(cli.out()).contains("Untrusted TLS connection established to mx1.example.test[127.0.0.2]")
        .contains("DANE verification failed").contains("would be")
        .contains("ERROR mx1.example.test[127.0.0.2]: DANE verification failed");
  }

  @Test
  void startTlsStripped_onADaneHost_isAnError() {
    env.mx("mx2.example.test").startTlsMode(StartTlsMode.HIDDEN);

    Cli cli = check("example.test");

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.out()).contains("ERROR mx2.example.test[127.0.0.3]: STARTTLS not offered in the EHLO reply "
        + "(TLS is required: senders skip this address)");
  }

  @Test
  void tlsaServfail_isALookupFailureWithTheHostUnusable() {
    env.dns().inject(Fault.servfail().at("_" + env.port() + "._tcp.mx1.example.test.", "TLSA"));

    Cli cli = check("example.test");

    assertThat(cli.exit()).as(cli.toString()).isEqualTo(1);
    assertThat(cli.out()).contains("ERROR mx1.example.test: TLSA lookup failed: SERVFAIL")
        .contains("unusable: senders skip this MX host");
  }

  @Test
  void chainServedOnOneAddressOnly_isAHalfDoneRollover() throws Exception {
    try (TestSmtpServer other = TestSmtpServer.builder().address(InetAddress.getByName("127.0.0.9")).port(env.port())
        .tls(TestCertificates.leaf("mx.twoaddr.test").serverSslContext()).start()) {
      Cli cli = check("twoaddr.test");

      assertThat(cli.exit()).as(cli.toString()).isEqualTo(1);
      assertThat(cli.out()).contains("WARNING mx.twoaddr.test: TLSA records match the chain on 1 address(es) but not on 1 "
          + "(127.0.0.9): a half-done certificate rollover?");
    }
  }

  @Test
  void ipv6Only_listsButDoesNotProbeIpv4Addresses() {
    Cli cli = check("example.test", "-6", "--json");

    assertThat(cli.out()).contains("\"verdict\": \"skipped\"").contains("address family not probed (--ipv6-only)")
        .doesNotContain("\"verdict\": \"verified\"");
  }

  @Test
  void daneTaChainExpiringBeforeAt_isAWarning() {
    Cli cli = check("example.test", "--at", "+4000d");

    assertThat(cli.out()).contains("WARNING mx2.example.test[127.0.0.3]: verifies now but not at");
  }

  @Test
  void unsignedDomainWithoutTls_isOpportunisticWithAWarning() {
    Cli cli = check("plain.test");

    assertThat(cli.exit()).as(cli.toString()).isZero();
    assertThat(cli.out()).contains("MX plain.test: INSECURE").contains("no DANE: opportunistic TLS")
        .contains("WARNING mx.plain.test[").contains("STARTTLS not offered");
  }

  @Test
  void json_followsTheDocumentedSchema() {
    Cli cli = check("example.test", "--json");

    assertThat(cli.exit()).isZero();
    assertThat(cli.out()).startsWith("{\n  \"schema\": \"dane4j-check/1\",\n  \"domain\": \"example.test\"")
        .contains("\"requirement\": \"dane\"").contains("\"verdict\": \"verified\"")
        .contains("\"matched_depth\": 1").contains("\"code\": \"rollover-single-record\"")
        .contains("\"exit_status\": 0");
  }

  @Test
  void domainWithoutMxOrAddresses_isExit2WithOneLine() {
    Cli cli = check("nomail.test");

    assertThat(cli.exit()).as(cli.toString()).isEqualTo(2);
    assertThat(cli.err().lines()).singleElement().asString()
        .isEqualTo("dane check: nomail.test has no MX records and no addresses: it receives no mail, nothing to check");
  }

  @Test
  void nonexistentDomain_isExit2WithOneLine() {
    Cli cli = check("nosuch.test");

    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.err().lines()).singleElement().asString().startsWith("dane check: nosuch.test does not exist");
  }

  @Test
  void unreachableResolver_isExit2WithOneLine() {
    Cli cli = Cli.run("check", "example.test", "--resolver", "127.0.0.1:1", "--trust-anchor", anchor.toString(),
        "--timeout", "1");

    assertThat(cli.exit()).as(cli.toString()).isEqualTo(2);
    assertThat(cli.err().lines()).singleElement().asString().startsWith("dane check: MX lookup failed");
  }

  @Test
  void badInput_isOneLineExit2() {
    assertThat(Cli.run("check", "user@example.test").err()).startsWith("dane check: \"user@example.test\" is not");
    assertThat(Cli.run("check", "example.test", "--at", "soon").exit()).isEqualTo(2);
    assertThat(Cli.run("check", "example.test", "--trust-anchor", "/no/such/file").err().lines()).hasSize(1);
    Cli remoteAd = Cli.run("check", "example.test", "--trust-ad", "--resolver", "192.0.2.1");
    assertThat(remoteAd.exit()).isEqualTo(2);
    assertThat(remoteAd.err()).startsWith("dane check: Refusing to trust the AD bit from non-loopback resolvers");
    assertThat(remoteAd.err().lines()).hasSize(1);
  }
}
