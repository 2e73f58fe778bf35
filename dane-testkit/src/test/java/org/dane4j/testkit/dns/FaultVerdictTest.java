package org.dane4j.testkit.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dane4j.testkit.dns.Validation.answers;
import static org.dane4j.testkit.dns.Validation.assertBogus;
import static org.dane4j.testkit.dns.Validation.assertInsecureAnswer;
import static org.dane4j.testkit.dns.Validation.ede;
import static org.dane4j.testkit.dns.Validation.secure;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Each fault makes dnsjava's validator reach the verdict the fault's Javadoc promises. */
class FaultVerdictTest {

  private static final String TLSA = "_25._tcp.mx1 TLSA 3 1 1 "
      + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  /** How long the validator waits for each query a fault drops; other answers come at once. */
  private static final Duration DROP_WAIT = Duration.ofMillis(300);

  @RegisterExtension
  static final DnsTestServerExtension dns =
      DnsTestServerExtension.create(
          tree ->
              tree.zone("test.")
                  .zone("names.test.", z -> z
                      .records(
                          "expired A 127.0.0.1",
                          "future A 127.0.0.1",
                          "stripped A 127.0.0.1",
                          "altered A 127.0.0.1",
                          "flooded A 127.0.0.1",
                          "sprinkled A 127.0.0.1",
                          "failing A 127.0.0.1",
                          "silent A 127.0.0.1",
                          "big A 127.0.0.1",
                          "fine A 127.0.0.1")
                      .fault(Fault.expiredSignatures().at("expired"))
                      .fault(Fault.notYetValidSignatures().at("future"))
                      .fault(Fault.missingSignatures().at("stripped", "A"))
                      .fault(Fault.invalidSignatures().at("altered"))
                      .fault(Fault.signatureFlood(16).at("flooded", "A"))
                      .fault(Fault.signatureFlood(1).at("sprinkled", "A"))
                      .fault(Fault.servfail().at("failing"))
                      .fault(Fault.drop().at("silent"))
                      .fault(Fault.truncate().at("big", "A")))
                  .zone("expired.test.", z -> z.record("mx1 A 127.0.0.1")
                      .fault(Fault.expiredSignatures()))
                  .zone("mismatch.test.", z -> z.record("mx1 A 127.0.0.1")
                      .fault(Fault.dsMismatch()))
                  .zone("insecure.test.", z -> z.unsigned().record("mx1 A 127.0.0.1"))
                  .zone("weak.test.", z -> z.algorithm(SigningAlgorithm.RSA_SHA256)
                      .rsaKeyBits(512).record("mx1 A 127.0.0.1"))
                  .zone("iterations.test.", z -> z.nsec3Parameters(500, "abcd")
                      .record("mx1 A 127.0.0.1"))
                  .zone("forged.test.", z -> z.record(TLSA)
                      .record("_25._tcp.mx2 TLSA 3 1 1 00")
                      .fault(Fault.forgedNxdomain().at("_25._tcp.mx1"))
                      .fault(Fault.forgedNodata().at("_25._tcp.mx2")))
                  .zone("keyless.test.", z -> z.record(TLSA)
                      .fault(Fault.dropKeyQueries())
                      .fault(Fault.forgedNxdomain().at("_25._tcp.mx1")))
                  .zone("keyless-nodata.test.", z -> z.record(TLSA)
                      .fault(Fault.dropKeyQueries())
                      .fault(Fault.forgedNodata().at("_25._tcp.mx1"))));

  private static Message ask(String name, String type) throws IOException {
    return Validation.against(dns.server()).query(name, type);
  }

  /** Asks where the fault drops queries: only there does the validator wait for a timeout. */
  private static Message askThroughDrops(String name, String type) throws IOException {
    return Validation.against(dns.server(), DROP_WAIT).query(name, type);
  }

  @Test
  void unfaultedNameBesideFaultyOnes_isSecure() throws Exception {
    assertThat(secure(ask("fine.names.test.", "A"))).isTrue();
  }

  @Test
  void expiredSignaturesOnName_isBogus() throws Exception {
    assertBogus(ask("expired.names.test.", "A"));
  }

  @Test
  void notYetValidSignaturesOnName_isBogus() throws Exception {
    assertBogus(ask("future.names.test.", "A"));
  }

  @Test
  void missingSignaturesOnRrset_isBogus() throws Exception {
    assertBogus(ask("stripped.names.test.", "A"));
  }

  @Test
  void invalidSignaturesOnName_isBogus() throws Exception {
    assertBogus(ask("altered.names.test.", "A"));
  }

  @Test
  void signatureFloodAboveValidatorCap_isBogus() throws Exception {
    assertBogus(ask("flooded.names.test.", "A"));
  }

  @Test
  void singleInvalidSignatureBesideValidOne_isSecure() throws Exception {
    assertThat(secure(ask("sprinkled.names.test.", "A"))).isTrue();
  }

  @Test
  void expiredSignaturesZoneWide_isBogus() throws Exception {
    assertBogus(ask("mx1.expired.test.", "A"));
  }

  @Test
  void dsMismatch_isBogus() throws Exception {
    assertBogus(ask("mx1.mismatch.test.", "A"));
  }

  @Test
  void unsignedDelegation_isInsecureAnswer() throws Exception {
    Message m = ask("mx1.insecure.test.", "A");

    assertInsecureAnswer(m, Type.A);
  }

  @Test
  void rsaKeysBelow1024Bits_makeZoneInsecure() throws Exception {
    // dnsjava treats a zone whose keys are all too weak like one with an unsupported
    // algorithm: insecure (RFC 4035 section 5.2). Note the EDE on a NOERROR answer: an EDE
    // alone does not mean bogus.
    Message m = ask("mx1.weak.test.", "A");

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(secure(m)).isFalse();
    assertThat(answers(m)).extracting(Record::getType).contains(Type.A);
  }

  @Test
  void servfail_isFailureWithoutEde() throws Exception {
    Message m = ask("failing.names.test.", "A");

    assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(secure(m)).isFalse();
  }

  @Test
  void drop_timesOut() {
    assertThatThrownBy(() -> askThroughDrops("silent.names.test.", "A"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void truncation_answerArrivesOverTcpAndIsSecure() throws Exception {
    Message m = ask("big.names.test.", "A");

    assertThat(secure(m)).isTrue();
    assertThat(answers(m)).extracting(Record::getType).contains(Type.A);
    assertThat(dns.server().queryCount("big.names.test.", "A")).isEqualTo(2);
    assertThat(dns.server().tcpQueryCount()).isEqualTo(1);
  }

  @Test
  void nsec3WithExcessiveIterations_makesDenialInsecure() throws Exception {
    Message m = ask("nx.iterations.test.", "A");

    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(secure(m)).isFalse();
    assertThat(ede(m)).isNegative();
  }

  @Test
  void forgedNxdomain_withKeysAvailable_isBogus() throws Exception {
    assertBogus(ask("_25._tcp.mx1.forged.test.", "TLSA"));
  }

  @Test
  void forgedNxdomain_withKeyQueriesDropped_passesDnsjavaUnvalidated() throws Exception {
    // PITFALLS.md: dnsjava 3.7.1 fails open here; dane4j must call this INDETERMINATE.
    Message m = askThroughDrops("_25._tcp.mx1.keyless.test.", "TLSA");

    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(secure(m)).isFalse();
    assertThat(ede(m)).isNegative();
    assertThat(dns.server().queryCount("keyless.test.", "DS")).isPositive();
  }

  @Test
  void forgedNodata_withKeysAvailable_isBogus() throws Exception {
    assertBogus(ask("_25._tcp.mx2.forged.test.", "TLSA"));
  }

  @Test
  void forgedNodata_withKeyQueriesDropped_passesDnsjavaUnvalidated() throws Exception {
    Message m = askThroughDrops("_25._tcp.mx1.keyless-nodata.test.", "TLSA");

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answers(m)).isEmpty();
    assertThat(secure(m)).isFalse();
    assertThat(ede(m)).isNegative();
  }
}
