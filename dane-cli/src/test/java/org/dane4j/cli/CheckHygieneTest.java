package org.dane4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.dane4j.testkit.dns.DnsTree;
import org.dane4j.testkit.dns.TestDnsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DNSSEC hygiene part of {@code dane check}, against a tree with poor NSEC3 and signing habits. */
class CheckHygieneTest {
  static TestDnsServer server;
  @TempDir
  static Path dir;
  static Path anchor;

  @BeforeAll
  static void start() throws Exception {
    DnsTree tree = DnsTree.builder()
        .signatureValidity(Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(2)))
        .zone("test.")
        .zone("hyg.test.", z -> z.nsec3Parameters(5, "aabbcc").records("@ MX 10 mx", "mx A 127.0.0.1"))
        .zone("clean.test.", z -> z.records("@ MX 10 mx", "mx A 127.0.0.1"))
        .build();
    server = TestDnsServer.start(tree);
    anchor = Files.writeString(dir.resolve("anchor"), server.trustAnchor());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Cli check(String domain) {
    // Port 1: nothing listens, the SMTP part is "not checked"; this test reads the DNS findings.
    return Cli.run("check", domain, "--port", "1", "--resolver", "127.0.0.1:" + server.port(), "--trust-anchor",
        anchor.toString(), "--nameserver-port", String.valueOf(server.port()), "--timeout", "2", "--at", "+1d");
  }

  @Test
  void nsec3IterationsAndSalt_areWarnings() {
    Cli cli = check("hyg.test");

    assertThat(cli.out()).contains("WARNING hyg.test: NSEC3 uses 5 extra iterations: RFC 9276 section 3.1 asks for 0")
        .contains("WARNING hyg.test: NSEC3 uses a salt (aabbcc)");
  }

  @Test
  void signaturesExpiringWithinThreeDays_areWarnings() {
    Cli cli = check("clean.test");

    assertThat(cli.out()).contains("WARNING clean.test: DNSKEY RRSIG (key tag").contains("in less than 3 days");
  }

  @Test
  void nameServerOverUdpAndTcp_isChecked() {
    Cli cli = check("clean.test");

    // The test server answers like a resolver (RA, never AA): exactly what a registry flags as lame.
    assertThat(cli.out()).contains("WARNING clean.test: ns.clean.test[127.0.0.1]: SOA over UDP is not authoritative")
        .doesNotContain("no EDNS0").doesNotContain("no answer over").doesNotContain("expected NXDOMAIN")
        .doesNotContain("NSEC3");
    assertThat(cli.exit()).as(cli.toString()).isEqualTo(2);
    assertThat(cli.out()).contains("NOT CHECKED mx.clean.test[127.0.0.1]: cannot connect to 127.0.0.1:1");
  }

  @Test
  void nameServerUnreachable_isAWarningPerTransport() {
    Cli cli = Cli.run("check", "clean.test", "--port", "1", "--resolver", "127.0.0.1:" + server.port(),
        "--trust-anchor", anchor.toString(), "--nameserver-port", "1", "--timeout", "1", "--at", "+1d");

    assertThat(cli.out()).contains("WARNING clean.test: ns.clean.test[127.0.0.1]: no answer over TCP");
  }
}
