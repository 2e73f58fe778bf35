package org.dane4j.benchmarks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.core.dns.SecurityStatus;
import org.dane4j.testkit.dns.DnsTree;
import org.dane4j.testkit.dns.TestDnsServer;

/**
 * The testkit's signed tree served on loopback: root, {@code test.}, {@code example.test.}
 * (ECDSA P-256, NSEC) with {@value #HOSTS} hosts {@code h0..h39} that each have an A and a
 * TLSA record, and optionally {@code bulk.test.} with {@code n} TLSA names for the scale
 * benchmark. Validation of a name in {@code example.test.} from cold walks root DNSKEY,
 * {@code test.} DS and DNSKEY, {@code example.test.} DS and DNSKEY, then the answer.
 */
final class DnsWorld implements AutoCloseable {
  static final int HOSTS = 40;
  static final String HOST = "h0.example.test";
  static final String TLSA_NAME = "_25._tcp.h0.example.test.";
  static final String TLSA = "3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  final DnsTree tree;
  final TestDnsServer server;

  DnsWorld(int bulkNames) {
    DnsTree.Builder builder = DnsTree.builder()
        .zone("test.")
        .zone("example.test.", z -> {
          for (int i = 0; i < HOSTS; i++) {
            z.record("h" + i + " A 127.0.1." + i);
            z.record("_25._tcp.h" + i + " TLSA " + TLSA);
          }
        });
    if (bulkNames > 0) {
      builder.zone("bulk.test.", z -> {
        for (int i = 0; i < bulkNames; i++) {
          z.record("_25._tcp.n" + i + " TLSA " + TLSA);
        }
      });
    }
    tree = builder.build();
    server = TestDnsServer.start(tree);
  }

  /** A dane4j resolver validating locally from this tree's root, with an empty cache. */
  DnssecResolver newResolver() {
    return DnssecResolver.builder().upstream(server.address()).trustAnchors(tree.trustAnchor())
        .queryTimeout(Duration.ofSeconds(2)).build();
  }

  /**
   * The secure A answer of a host, made up rather than looked up, so that a TLSA benchmark
   * measures the TLSA query alone (the base domain is the host itself, RFC 7672 section 2.2.2).
   */
  static DnsAnswer<InetAddress> secureAddress(String host) {
    try {
      return DnsAnswer.data(host, "A", SecurityStatus.SECURE,
          List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 1, 1})), Duration.ofMinutes(5), List.of());
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code n0.bulk.test .. n<count-1>.bulk.test} as secure A answers. */
  static List<DnsAnswer<InetAddress>> bulkHosts(int count) {
    List<DnsAnswer<InetAddress>> hosts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      hosts.add(secureAddress("n" + i + ".bulk.test"));
    }
    return hosts;
  }

  @Override
  public void close() {
    server.close();
  }
}
