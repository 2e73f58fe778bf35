package org.dane4j.testkit.dns;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that serves a {@link DnsTree} with a {@link TestDnsServer} for the tests
 * of a class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DnsTestServerExtension dns = DnsTestServerExtension.create(tree -> tree
 *     .zone("test.")
 *     .zone("example.test.", z -> z.record("mx1 A 127.0.0.2")));
 *
 * @Test
 * void resolves() {
 *   InetSocketAddress server = dns.address();
 *   String anchor = dns.trustAnchor();
 *   ...
 * }
 * }</pre>
 *
 * <p>In a static field the server starts once before all tests and stops after them; in an
 * instance field it starts and stops around each test. Either way every test starts from the
 * original tree: after each test, faults injected with {@link TestDnsServer#inject(Fault)} are
 * removed, a tree swapped in with {@link TestDnsServer#serve(DnsTree)} is swapped back, and
 * the query counts are reset.
 */
public final class DnsTestServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  private final DnsTree tree;
  private TestDnsServer server;
  private boolean startedPerClass;

  private DnsTestServerExtension(DnsTree tree) {
    this.tree = tree;
  }

  /**
   * Serves an already built tree.
   *
   * @param tree the tree
   * @return the extension, to register with {@code @RegisterExtension}
   */
  public static DnsTestServerExtension of(DnsTree tree) {
    return new DnsTestServerExtension(Objects.requireNonNull(tree, "tree"));
  }

  /**
   * Builds a tree and serves it.
   *
   * @param configuration declares the zones on a fresh {@link DnsTree#builder()}
   * @return the extension, to register with {@code @RegisterExtension}
   */
  public static DnsTestServerExtension create(Consumer<DnsTree.Builder> configuration) {
    DnsTree.Builder builder = DnsTree.builder();
    configuration.accept(builder);
    return of(builder.build());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = TestDnsServer.start(tree);
    startedPerClass = true;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server == null) {
      server = TestDnsServer.start(tree);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!startedPerClass) {
      stop();
      return;
    }
    server.clearInjectedFaults();
    if (server.tree() != tree) {
      server.serve(tree);
    }
    server.resetQueryCounts();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
    startedPerClass = false;
  }

  /**
   * Returns the running server.
   *
   * @return the server
   * @throws IllegalStateException outside a test (before start or after stop)
   */
  public TestDnsServer server() {
    if (server == null) {
      throw new IllegalStateException(
          "the DNS test server is not running: use it inside a test of the class that registers"
              + " this extension");
    }
    return server;
  }

  /**
   * Returns the tree the extension was created with.
   *
   * @return the original tree
   */
  public DnsTree tree() {
    return tree;
  }

  /**
   * Returns the running server's address (UDP and TCP).
   *
   * @return the loopback address and port
   */
  public InetSocketAddress address() {
    return server().address();
  }

  /**
   * Returns the tree's trust anchor, see {@link DnsTree#trustAnchor()}.
   *
   * @return the root DS record in presentation format
   */
  public String trustAnchor() {
    return tree.trustAnchor();
  }
}
