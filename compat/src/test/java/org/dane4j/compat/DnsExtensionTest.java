package org.dane4j.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.testkit.dns.DnsTestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The DNS extension's Javadoc example: a signed tree served for the tests of a class. */
class DnsExtensionTest {
  @RegisterExtension
  static final DnsTestServerExtension dns = DnsTestServerExtension.create(tree -> tree
      .zone("test.")
      .zone("example.test.", z -> z.record("mx1 A 127.0.0.2")));

  @Test
  void resolvesThroughTheSignedTree() {
    try (DnssecResolver resolver = DnssecResolver.builder()
        .upstream(dns.address()).trustAnchors(dns.trustAnchor()).build()) {
      DnsAnswer<InetAddress> answer = resolver.lookupA("mx1.example.test");

      assertThat(answer.isSecure()).as("%s", answer).isTrue();
      assertThat(answer.records()).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.2");
    }
  }
}
