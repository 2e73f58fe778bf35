package org.dane4j.testkit.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dane4j.testkit.dns.Validation.answers;
import static org.dane4j.testkit.dns.Validation.assertSecureNodata;
import static org.dane4j.testkit.dns.Validation.secure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** dnsjava's validator, pointed at the test server, finds the tree's answers secure. */
class SecureAnswersTest {

  static final String TLSA_DATA =
      "3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @RegisterExtension
  static final DnsTestServerExtension dns =
      DnsTestServerExtension.create(
          tree ->
              tree.zone("test.")
                  .zone(
                      "example.test.",
                      z ->
                          z.record("@ MX 10 mx1")
                              .record("mx1 A 127.0.0.2")
                              .record("_25._tcp.mx1 TLSA " + TLSA_DATA)
                              .record("alias CNAME mx1")
                              .record("_25._tcp.alias CNAME _25._tcp.mx1")
                              .record("*.wild TXT \"synthesised\""))
                  .zone(
                      "nsec3.test.",
                      z -> z.denial(Denial.NSEC3).record("mx1 A 127.0.0.3")
                          .record("_25._tcp.mx1 TLSA " + TLSA_DATA)
                          .record("*.wild TXT \"synthesised\""))
                  .zone(
                      "rsa.test.",
                      z -> z.algorithm(SigningAlgorithm.RSA_SHA256).denial(Denial.NSEC3)
                          .record("mx1 A 127.0.0.4"))
                  .zone(
                      "p384.test.",
                      z -> z.algorithm(SigningAlgorithm.ECDSA_P384_SHA384)
                          .record("mx1 A 127.0.0.6"))
                  .zone(
                      "ed.test.",
                      z -> z.algorithm(SigningAlgorithm.ED25519).denial(Denial.NSEC3)
                          .record("mx1 A 127.0.0.5")));

  @Test
  void tlsa_signedZone_isSecure() throws Exception {
    Message m = Validation.against(dns.server()).query("_25._tcp.mx1.example.test.", "TLSA");

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(secure(m)).isTrue();
    assertThat(answers(m)).filteredOn(r -> r.getType() == Type.TLSA)
        .singleElement()
        .extracting(Record::rdataToString)
        .isEqualTo(Record.fromString(Name.root, Type.TLSA, DClass.IN, 0, TLSA_DATA, Name.root)
            .rdataToString());
  }

  @Test
  void missingName_nsec_isSecureNxdomain() throws Exception {
    Message m = Validation.against(dns.server()).query("nx.example.test.", "A");

    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(secure(m)).isTrue();
  }

  @Test
  void missingType_nsec_isSecureNodata() throws Exception {
    Message m = Validation.against(dns.server()).query("mx1.example.test.", "AAAA");

    assertSecureNodata(m);
  }

  @Test
  void emptyNonTerminal_nsec_isSecureNodata() throws Exception {
    Message m = Validation.against(dns.server()).query("_tcp.mx1.example.test.", "TLSA");

    assertSecureNodata(m);
  }

  @Test
  void missingName_nsec3_isSecureNxdomain() throws Exception {
    Message m = Validation.against(dns.server()).query("_25._tcp.nx.nsec3.test.", "TLSA");

    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(secure(m)).isTrue();
  }

  @Test
  void missingType_nsec3_isSecureNodata() throws Exception {
    Message m = Validation.against(dns.server()).query("mx1.nsec3.test.", "TXT");

    assertSecureNodata(m);
  }

  @Test
  void emptyNonTerminal_nsec3_isSecureNodata() throws Exception {
    Message m = Validation.against(dns.server()).query("_tcp.mx1.nsec3.test.", "TLSA");

    assertSecureNodata(m);
  }

  @Test
  void nameOutsideTree_isSecureNxdomainFromRoot() throws Exception {
    Message m = Validation.against(dns.server()).query("mail.example.org.", "MX");

    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(secure(m)).isTrue();
  }

  @Test
  void cnameChain_withinTree_isSecureWithTargetRecords() throws Exception {
    Message m = Validation.against(dns.server()).query("_25._tcp.alias.example.test.", "TLSA");

    assertThat(secure(m)).isTrue();
    assertThat(answers(m)).extracting(Record::getType).contains(Type.CNAME, Type.TLSA);
  }

  @Test
  void rsaSignedZone_isSecure() throws Exception {
    Message m = Validation.against(dns.server()).query("mx1.rsa.test.", "A");

    assertThat(secure(m)).isTrue();
    assertThat(answers(m)).filteredOn(r -> r.getType() == Type.A)
        .extracting(Record::rdataToString).containsExactly("127.0.0.4");
  }

  @Test
  void missingName_rsaNsec3_isSecureNxdomain() throws Exception {
    Message m = Validation.against(dns.server()).query("_25._tcp.nx.rsa.test.", "TLSA");

    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(secure(m)).isTrue();
  }

  @Test
  void p384SignedZone_isSecure() throws Exception {
    assertThat(secure(Validation.against(dns.server()).query("mx1.p384.test.", "A"))).isTrue();
  }

  @Test
  void ed25519SignedZone_isSecure() throws Exception {
    Message m = Validation.against(dns.server()).query("mx1.ed.test.", "A");

    assertThat(secure(m)).isTrue();
  }

  @Test
  void wildcardAnswer_nsec_isSecureUnderQueryName() throws Exception {
    Message m = Validation.against(dns.server()).query("a.b.wild.example.test.", "TXT");

    assertThat(secure(m)).isTrue();
    assertThat(answers(m)).filteredOn(r -> r.getType() == Type.TXT)
        .extracting(Record::getName).containsExactly(Name.fromString("a.b.wild.example.test."));
  }

  @Test
  void wildcardNodata_nsec_isSecure() throws Exception {
    Message m = Validation.against(dns.server()).query("a.wild.example.test.", "A");

    assertSecureNodata(m);
  }

  @Test
  void wildcardAnswer_nsec3_isSecure() throws Exception {
    Message m = Validation.against(dns.server()).query("a.b.wild.nsec3.test.", "TXT");

    assertThat(secure(m)).isTrue();
    assertThat(answers(m)).extracting(Record::getType).contains(Type.TXT);
  }

  @Test
  void wildcardNodata_nsec3_isSecure() throws Exception {
    Message m = Validation.against(dns.server()).query("a.wild.nsec3.test.", "A");

    assertSecureNodata(m);
  }
}
