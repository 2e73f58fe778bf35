package org.dane4j.testkit.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dane4j.testkit.dns.Validation.answers;
import static org.dane4j.testkit.dns.Validation.assertInsecureAnswer;
import static org.dane4j.testkit.dns.Validation.ede;
import static org.dane4j.testkit.dns.Validation.secure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Insecure delegations under NSEC and NSEC3 parents, and CNAMEs across security boundaries. */
class DelegationAndCnameTest {

  @RegisterExtension
  static final DnsTestServerExtension dns =
      DnsTestServerExtension.create(
          tree ->
              tree.zone("test.", z -> z.denial(Denial.NSEC3))
                  .zone("secure.test.", z -> z
                      .record("mx1 A 127.0.0.2")
                      .record("to-insecure CNAME mx1.insecure.test.")
                      .record("to-outside CNAME mx1.example.org.")
                      .record("to-direct CNAME mx1.direct."))
                  .zone("insecure.test.", z -> z
                      .unsigned()
                      .record("mx1 A 127.0.0.3")
                      .record("to-secure CNAME mx1.secure.test."))
                  .zone("child.secure.test.", z -> z.unsigned().record("mx1 A 127.0.0.4"))
                  .zone("direct.", z -> z.record("mx1 A 127.0.0.5")));

  private static Message ask(String name, String type) throws Exception {
    return Validation.against(dns.server()).query(name, type);
  }

  @Test
  void unsignedChildOfNsec3Parent_isInsecure() throws Exception {
    Message m = ask("mx1.insecure.test.", "A");

    assertInsecureAnswer(m, Type.A);
  }

  @Test
  void unsignedChildOfNsecParent_isInsecure() throws Exception {
    Message m = ask("mx1.child.secure.test.", "A");

    assertThat(secure(m)).isFalse();
    assertThat(answers(m)).extracting(Record::getType).contains(Type.A);
  }

  @Test
  void missingNameInUnsignedZone_isInsecureNxdomain() throws Exception {
    Message m = ask("nx.insecure.test.", "A");

    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(secure(m)).isFalse();
    assertThat(ede(m)).isNegative();
  }

  @Test
  void zoneDelegatedStraightFromRoot_isSecure() throws Exception {
    assertThat(secure(ask("mx1.direct.", "A"))).isTrue();
  }

  @Test
  void cnameFromSecureToInsecureZone_isInsecureWithBothRecords() throws Exception {
    Message m = ask("to-insecure.secure.test.", "A");

    assertThat(secure(m)).isFalse();
    assertThat(answers(m)).extracting(Record::getType).contains(Type.CNAME, Type.A);
  }

  @Test
  void cnameFromInsecureToSecureZone_isInsecure() throws Exception {
    Message m = ask("to-secure.insecure.test.", "A");

    assertThat(secure(m)).isFalse();
    assertThat(answers(m)).extracting(Record::getType).contains(Type.CNAME, Type.A);
  }

  @Test
  void cnameAcrossSecureZones_isSecure() throws Exception {
    Message m = ask("to-direct.secure.test.", "A");

    assertThat(secure(m)).isTrue();
    assertThat(answers(m)).extracting(Record::getType).contains(Type.CNAME, Type.A);
  }

  @Test
  void cnameToNameOutsideTree_isSecureNxdomain() throws Exception {
    Message m = ask("to-outside.secure.test.", "A");

    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(secure(m)).isTrue();
    assertThat(answers(m)).extracting(Record::getType).contains(Type.CNAME);
  }
}
