package org.dane4j.testkit.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.dane4j.testkit.dns.internal.FaultRule;
import org.dane4j.testkit.dns.internal.DnsListeners;
import org.dane4j.testkit.dns.internal.Responder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * An in-process DNS server on loopback that serves a {@link DnsTree} the way a recursive
 * resolver would, so that a DNSSEC-validating stub (such as dnsjava's {@code
 * ValidatingResolver}, or dane4j's own resolver) can be pointed at it directly.
 *
 * <p>It answers every name from the zone that holds it, DS queries from the parent side of
 * the zone cut, follows CNAMEs within the tree, proves NXDOMAIN and NODATA with NSEC or NSEC3
 * records, includes RRSIGs only when the query sets the DO bit, echoes EDNS, sets RA and never
 * sets AD (validating is the client's job). Names outside the tree get a signed NXDOMAIN from
 * the root. UDP and TCP listen on the same ephemeral port; UDP answers larger than the
 * client's EDNS buffer come back truncated (TC=1), as from a real server.
 *
 * <pre>{@code
 * try (TestDnsServer server = TestDnsServer.start(tree)) {
 *   InetSocketAddress address = server.address();
 *   ...
 *   assertThat(server.queryCount("_25._tcp.mx1.example.test.", "TLSA")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops every thread it started.
 */
public final class TestDnsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TestDnsServer.class);

  /** Two UDP workers: answers are pre-signed, so answering never waits. */
  private static final int UDP_WORKERS = 2;
  /** Larger queries are not queries this server needs to understand. */
  private static final int MAX_UDP_QUERY = 4096;

  private final Responder responder;
  private final DnsListeners transport;
  private volatile DnsTree tree;

  private TestDnsServer(DnsTree tree, InetAddress address) {
    this.tree = tree;
    this.responder = new Responder(tree.signedZones());
    this.transport = new DnsListeners(address, "dane4j-dns", UDP_WORKERS, MAX_UDP_QUERY);
    transport.start((query, tcp, send) -> {
      byte[] reply = responder.answer(query, !tcp);
      if (reply != null) {
        send.accept(reply);
      }
    });
  }

  /**
   * Starts a server for the tree on 127.0.0.1 and an ephemeral port.
   *
   * @param tree the tree to serve
   * @return the running server
   * @throws java.io.UncheckedIOException when no port can be bound
   */
  public static TestDnsServer start(DnsTree tree) {
    return start(tree, InetAddress.getLoopbackAddress());
  }

  /**
   * Starts a server for the tree on the given loopback address (any of 127.0.0.0/8 or ::1)
   * and an ephemeral port.
   *
   * @param tree the tree to serve
   * @param address a loopback address
   * @return the running server
   * @throws IllegalArgumentException when the address is not a loopback address
   */
  public static TestDnsServer start(DnsTree tree, InetAddress address) {
    Objects.requireNonNull(tree, "tree");
    if (!address.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          address + " is not a loopback address: test servers listen on loopback only");
    }
    TestDnsServer server = new TestDnsServer(tree, address);
    LOG.info("DNS test server for {} listening on {} (UDP and TCP)", tree.zoneNames(),
        server.address());
    return server;
  }

  /**
   * Returns the address that both the UDP and the TCP listener are bound to.
   *
   * @return the loopback address and port
   */
  public InetSocketAddress address() {
    return transport.address();
  }

  /**
   * Returns the port both listeners use.
   *
   * @return the ephemeral port
   */
  public int port() {
    return transport.address().getPort();
  }

  /**
   * Returns the tree being served.
   *
   * @return the current tree
   */
  public DnsTree tree() {
    return tree;
  }

  /**
   * Returns the served tree's trust anchor, see {@link DnsTree#trustAnchor()}.
   *
   * @return the root DS record in presentation format
   */
  public String trustAnchor() {
    return tree.trustAnchor();
  }

  /**
   * Serves another tree from the next query on, e.g. one derived with {@link
   * DnsTree#toBuilder()} (same keys, changed records). Query counts and injected faults stay.
   *
   * @param newTree the tree to serve
   */
  public void serve(DnsTree newTree) {
    Objects.requireNonNull(newTree, "newTree");
    responder.replaceZones(newTree.signedZones());
    this.tree = newTree;
    LOG.info("DNS test server on {} now serves {}", address(), newTree.zoneNames());
  }

  /**
   * Adds an answering fault (SERVFAIL, drop, truncation, dropped key queries, forged
   * NXDOMAIN) from the next query on. Names must be absolute; a fault that is not narrowed
   * applies to every name of the tree.
   *
   * @param fault the fault
   * @throws IllegalArgumentException for signing faults, which need a new tree, and for
   *     relative names
   */
  public void inject(Fault fault) {
    Objects.requireNonNull(fault, "fault");
    if (fault.kind().isSigningFault()) {
      throw new IllegalArgumentException(
          fault + " changes signatures, which are made when the tree is built: add it to a zone"
              + " of tree.toBuilder() and serve(...) the new tree");
    }
    responder.inject(FaultRule.inTree(fault));
  }

  /** Removes every fault added with {@link #inject(Fault)}; the tree's own faults stay. */
  public void clearInjectedFaults() {
    responder.clearInjected();
  }

  /**
   * Returns how many queries the server received (dropped ones included). A query is counted
   * once its fault has been chosen, so a test may wait for a count and then change faults
   * without racing that query; {@link Fault#times(int)} is the simpler way to fault only the
   * first queries.
   *
   * @return the number since start or the last {@link #resetQueryCounts()}
   */
  public long queryCount() {
    return responder.queryCount();
  }

  /**
   * Returns how many of the queries arrived over TCP, e.g. to prove that a client retried
   * over TCP after a truncated UDP answer.
   *
   * @return the number since start or the last {@link #resetQueryCounts()}
   */
  public long tcpQueryCount() {
    return responder.tcpQueryCount();
  }

  /**
   * Returns how many queries for one name and type the server received.
   *
   * @param name the absolute query name, e.g. {@code "_25._tcp.mx1.example.test."}
   * @param type the type mnemonic, e.g. {@code "TLSA"}
   * @return the number since start or the last {@link #resetQueryCounts()}
   */
  public long queryCount(String name, String type) {
    int typeValue = Type.value(type);
    if (typeValue < 0) {
      throw new IllegalArgumentException("unknown DNS record type \"" + type + "\"");
    }
    try {
      return responder.queryCount(Name.fromString(name, Name.root), typeValue);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("malformed name \"" + name + "\": " + e.getMessage(), e);
    }
  }

  /** Sets all query counts back to zero. */
  public void resetQueryCounts() {
    responder.resetCounts();
  }

  /**
   * Stops the listeners and returns once every thread of this server has ended, so that a
   * test may check for leftover threads right after; calling it again does nothing.
   */
  @Override
  public void close() {
    if (transport.isClosed()) {
      return;
    }
    transport.close();
    LOG.info("DNS test server on {} stopped", address());
  }
}
