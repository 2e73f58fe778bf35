package org.dane4j.testkit.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.dane4j.core.TlsaRecord;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Building trees: defaults, options and the errors bad input gets. */
class DnsTreeTest {

  @Test
  void trustAnchor_isRootDsOfAlgorithm13WithSha256() throws Exception {
    DnsTree tree = DnsTree.builder().build();

    Record anchor;
    try (Master parser = new Master(tree.trustAnchorStream())) {
      anchor = parser.nextRecord();
    }

    assertThat(anchor.getName()).isEqualTo(Name.root);
    assertThat(anchor).isInstanceOf(DSRecord.class);
    assertThat(((DSRecord) anchor).getAlgorithm()).isEqualTo(13);
    assertThat(((DSRecord) anchor).getDigestID()).isEqualTo(2);
  }

  @Test
  void zoneNames_listParentsFirst() {
    DnsTree tree = DnsTree.builder().zone("b.test.").zone("test").zone("a.test.").build();

    assertThat(tree.zoneNames()).containsExactly(".", "test.", "a.test.", "b.test.");
  }

  @Test
  void zoneDeclaredTwice_keepsBothConfigurations() throws Exception {
    DnsTree tree = DnsTree.builder()
        .zone("example.test.", z -> z.record("a A 127.0.0.1"))
        .zone("example.test.", z -> z.record("b A 127.0.0.2"))
        .build();

    try (TestDnsServer server = TestDnsServer.start(tree)) {
      assertThat(Validation.secure(Validation.against(server).query("a.example.test.", "A")))
          .isTrue();
      assertThat(Validation.secure(Validation.against(server).query("b.example.test.", "A")))
          .isTrue();
    }
  }

  @Test
  void signatureValidity_isUsedForEveryRrsig() throws Exception {
    Instant inception = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    Instant expiration = inception.plus(30, ChronoUnit.DAYS);
    DnsTree tree = DnsTree.builder().signatureValidity(inception, expiration)
        .zone("example.test.", z -> z.record("a A 127.0.0.1")).build();

    try (TestDnsServer server = TestDnsServer.start(tree)) {
      SimpleResolver plain = new SimpleResolver(server.address());
      plain.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
      Message m = plain.send(Message.newQuery(
          Record.newRecord(Name.fromString("a.example.test."), Type.A, DClass.IN)));
      RRSIGRecord sig = (RRSIGRecord) m.getSection(Section.ANSWER).stream()
          .filter(r -> r.getType() == Type.RRSIG).findFirst().orElseThrow();

      assertThat(sig.getTimeSigned()).isEqualTo(inception);
      assertThat(sig.getExpire()).isEqualTo(expiration);
    }
  }

  @Test
  void toBuilderWithNewKeys_changesChildKeyButNotTrustAnchor() throws Exception {
    DnsTree tree = DnsTree.builder().zone("example.test.", z -> z.record("a A 127.0.0.1"))
        .build();
    DnsTree rolled = tree.toBuilder().zone("example.test.", ZoneBuilder::newKeys).build();

    assertThat(rolled.trustAnchor()).isEqualTo(tree.trustAnchor());
    try (TestDnsServer server = TestDnsServer.start(rolled)) {
      assertThat(Validation.secure(Validation.against(server).query("a.example.test.", "A")))
          .isTrue();
    }
  }

  @Test
  void tlsaFromDaneCore_isServedSecurely() throws Exception {
    TlsaRecord tlsa = TlsaRecord.parse("3 1 1 " + "ab".repeat(32));
    DnsTree tree = DnsTree.builder()
        .zone("example.test.", z -> z.tlsa("_25._tcp.mx1", tlsa)).build();

    try (TestDnsServer server = TestDnsServer.start(tree)) {
      Message m = Validation.against(server).query("_25._tcp.mx1.example.test.", "TLSA");

      assertThat(Validation.secure(m)).isTrue();
      assertThat(Validation.answers(m)).filteredOn(r -> r.getType() == Type.TLSA)
          .extracting(r -> TlsaRecord.parse(r.rdataToString())).containsExactly(tlsa);
    }
  }

  @Test
  void zoneFile_showsGeneratedAndSignedRecords() {
    DnsTree tree = DnsTree.builder()
        .zone("test.", z -> z.denial(Denial.NSEC3))
        .zone("example.test.", z -> z.record("mx1 A 127.0.0.2"))
        .build();

    assertThat(tree.zoneFile("test."))
        .contains("example.test.", "\tDS\t", "\tNSEC3\t", "\tNSEC3PARAM\t", "\tRRSIG\t")
        .containsPattern("ns\\.example\\.test\\.\\s+3600\\s+IN\\s+A\\s+127\\.0\\.0\\.1");
    assertThat(tree.zoneFile("example.test"))
        .containsPattern("mx1\\.example\\.test\\.\\s+300\\s+IN\\s+A\\s+127\\.0\\.0\\.2")
        .contains("\tDNSKEY\t", "\tNSEC\t");
  }

  @Test
  void denialRecords_liveAsLongAsNegativeAnswers() {
    DnsTree tree = DnsTree.builder()
        .zone("example.test.", z -> z.record("@ 60 SOA ns hostmaster 1 7200 3600 1209600 30"))
        .build();

    assertThat(tree.zoneFile("example.test.")).containsPattern("\\s30\\s+IN\\s+NSEC\\s");
  }

  @Test
  void zoneFileOfUnknownZone_listsTheZones() {
    DnsTree tree = DnsTree.builder().build();

    assertThatThrownBy(() -> tree.zoneFile("nope."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[.]");
  }

  @Test
  void malformedRecord_isRejectedWithLineAndZone() {
    assertThatThrownBy(() -> DnsTree.builder().zone("example.test.", z -> z.record("mx1 A 300.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mx1 A 300.1")
        .hasMessageContaining("example.test.");
  }

  @Test
  void recordOutsideZone_isRejected() {
    assertThatThrownBy(
            () -> DnsTree.builder().zone("example.test.", z -> z.record("mx1.other.test. A 127.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside zone example.test.");
  }

  @Test
  void generatedRecordType_isRejected() {
    assertThatThrownBy(
            () -> DnsTree.builder().zone("example.test.", z -> z.record("@ DNSKEY 257 3 13 AAAA")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("generated");
  }

  @Test
  void recordInsideChildZone_isRejectedAtBuild() {
    DnsTree.Builder builder = DnsTree.builder()
        .zone("test.", z -> z.record("mx1.example.test. A 127.0.0.1"))
        .zone("example.test.");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lies in child zone example.test.");
  }

  @Test
  void faultOutsideZone_isRejected() {
    assertThatThrownBy(() -> DnsTree.builder()
            .zone("example.test.", z -> z.fault(Fault.drop().at("mx1.other.test."))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside zone example.test.");
  }

  @Test
  void dsMismatchNarrowedToName_isRejected() {
    assertThatThrownBy(() -> Fault.dsMismatch().at("mx1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole zone");
  }

  @Test
  void faultWithUnknownType_isRejected() {
    assertThatThrownBy(() -> Fault.drop().at("mx1", "NOPE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NOPE");
  }

  @Test
  void unsignedRoot_isRejected() {
    assertThatThrownBy(() -> DnsTree.builder().zone(".", ZoneBuilder::unsigned).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("root zone must be signed");
  }

  @Test
  void nsec3SaltThatIsNotHex_isRejected() {
    assertThatThrownBy(
            () -> DnsTree.builder().zone("example.test.", z -> z.nsec3Parameters(0, "xyz")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("xyz");
  }

  @Test
  void fault_toStringShowsScope() {
    assertThat(Fault.expiredSignatures().at("mx1", "a").toString())
        .isEqualTo("EXPIRED_SIGNATURES at mx1/A");
    assertThat(Fault.dsMismatch().toString()).isEqualTo("DS_MISMATCH (zone-wide)");
    assertThat(Fault.drop().at("mx1").times(2).toString())
        .isEqualTo("DROP at mx1 (first 2 queries)");
  }

  @Test
  void signingFaultLimitedToQueries_isRejected() {
    assertThatThrownBy(() -> Fault.expiredSignatures().times(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be limited");
  }
}
