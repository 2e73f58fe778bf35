package org.dane4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.dane4j.testkit.dns.DnsTree;
import org.dane4j.testkit.dns.TestDnsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** {@code dane predelegation} against the testkit's DNS server standing in for the zone's name servers. */
class PredelegationCommandTest {
  static TestDnsServer server;
  static String ns;
  static String ds;
  static String ksk;

  @BeforeAll
  static void start() throws Exception {
    server = TestDnsServer.start(DnsTree.builder().zone("test.").zone("pre.test.", z -> z.record("www A 127.0.0.1"))
        .build());
    ns = "ns.pre.test/127.0.0.1:" + server.port();
    SimpleResolver resolver = new SimpleResolver(server.address());
    for (Record r : resolver.send(Message.newQuery(Record.newRecord(Name.fromString("pre.test."), Type.DS, DClass.IN)))
        .getSection(Section.ANSWER)) {
      if (r instanceof DSRecord d) {
        ds = d.getFootprint() + " " + d.getAlgorithm() + " " + d.getDigestID() + " " + HexFormat.of().formatHex(d.getDigest());
      }
    }
    for (Record r : resolver.send(Message.newQuery(Record.newRecord(Name.fromString("pre.test."), Type.DNSKEY, DClass.IN)))
        .getSection(Section.ANSWER)) {
      if (r instanceof DNSKEYRecord k && k.getFlags() == 257) {
        ksk = "pre.test. IN DNSKEY " + k.rdataToString();
      }
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void submittedDsAndDnskey_areFoundAndSignTheKeys() {
    Cli cli = Cli.run("predelegation", "pre.test", "--ns", ns, "--ds", ds, "--dnskey", ksk);

    assertThat(cli.out()).as(cli.toString()).contains("DS " + ds.substring(0, ds.indexOf(' ', ds.indexOf(' ', ds.indexOf(' ') + 1) + 1))
        + " is served and signs the DNSKEY RRset").contains("is served and signs the DNSKEY RRset")
        .doesNotContain("ERROR ns.pre.test[127.0.0.1:" + server.port() + "]: no answer")
        .doesNotContain("glue").doesNotContain("NS RRset").doesNotContain("expected NXDOMAIN");
  }

  @Test
  void testServerWithoutAa_isReportedAsNotAuthoritative() {
    Cli cli = Cli.run("predelegation", "pre.test", "--ns", ns);

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.out()).contains("SOA over UDP is not authoritative (AA not set)");
  }

  @Test
  void wrongDs_matchesNoKey() {
    Cli cli = Cli.run("predelegation", "pre.test", "--ns", ns, "--ds", "1 13 2 " + "00".repeat(32));

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.out()).contains("ERROR: DS 1 13 2 matches no DNSKEY the zone serves");
  }

  @Test
  void nsSetDifferentFromSubmitted_isAnError() {
    Cli cli = Cli.run("predelegation", "pre.test", "--ns", ns, "--ns", "ns2.pre.test/127.0.0.1:" + server.port());

    assertThat(cli.out()).contains("differs from the submitted name servers [ns.pre.test, ns2.pre.test]");
  }

  @Test
  void inZoneNameServerWithoutGlue_isOneLineExit2() {
    Cli cli = Cli.run("predelegation", "pre.test", "--ns", "ns.pre.test");

    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.err().lines()).singleElement().asString().contains("give its glue address as ns.pre.test/ADDR");
  }

  @Test
  void noNameServerAnswers_isExit2() {
    Cli cli = Cli.run("predelegation", "pre.test", "--ns", "ns.pre.test/127.0.0.1:1", "--timeout", "1");

    assertThat(cli.exit()).as(cli.toString()).isEqualTo(2);
    assertThat(cli.out()).contains("COULD NOT CHECK");
  }
}
