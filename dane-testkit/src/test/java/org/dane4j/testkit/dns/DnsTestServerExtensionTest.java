package org.dane4j.testkit.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Rcode;

/** Every test starts from the original tree, whatever the previous test changed. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DnsTestServerExtensionTest {

  @RegisterExtension
  static final DnsTestServerExtension dns =
      DnsTestServerExtension.create(
          tree -> tree.zone("example.test.", z -> z.record("mx1 A 127.0.0.2")));

  @Test
  @Order(1)
  void firstTest_changesServerState() throws Exception {
    dns.server().inject(Fault.servfail().at("mx1.example.test."));
    dns.server().serve(dns.tree().toBuilder()
        .zone("example.test.", z -> z.removeRecords("mx1", "A")).build());

    assertThat(Validation.against(dns.server()).query("mx1.example.test.", "A").getRcode())
        .isEqualTo(Rcode.SERVFAIL);
  }

  @Test
  @Order(2)
  void nextTest_seesOriginalTreeWithoutFaultsOrCounts() throws Exception {
    assertThat(dns.server().queryCount()).isZero();
    assertThat(dns.server().tree()).isSameAs(dns.tree());

    assertThat(Validation.secure(
        Validation.against(dns.server()).query("mx1.example.test.", "A"))).isTrue();
  }

  @Test
  void server_outsideTest_isExplained() {
    DnsTestServerExtension unused = DnsTestServerExtension.of(dns.tree());

    assertThatThrownBy(unused::server)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not running");
  }
}
