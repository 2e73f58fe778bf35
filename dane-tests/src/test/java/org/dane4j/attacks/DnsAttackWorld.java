package org.dane4j.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.DnsOutcome;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.core.dns.MxAnswer;
import org.dane4j.core.dns.TlsaAnswer;
import org.dane4j.smtp.DaneMailer;
import org.dane4j.smtp.DeliveryStatus;
import org.dane4j.smtp.DomainDelivery;
import org.dane4j.smtp.SmtpDane;
import org.dane4j.testkit.dns.DnsTree;
import org.dane4j.testkit.dns.OnPathAttacker;
import org.dane4j.testkit.dns.TestDnsServer;
import org.dane4j.testkit.dns.ZoneBuilder;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.dane4j.testkit.smtp.StartTlsMode;
import org.dane4j.testkit.smtp.TestSmtpServer;

/**
 * The stage of the DNS attacks: a signed tree on a {@link TestDnsServer}, an {@link
 * OnPathAttacker} in front of it, and dane4j (its {@code DnssecResolver} in local validation
 * mode, {@code SmtpDane}, {@code DaneMailer}) resolving through the attacker only.
 *
 * <p>The tree, with {@code P} the SMTP port of the world:
 * <ul>
 *   <li>{@code example.test.} (signed): MX 10 mx1; mx1 A 127.0.0.2 with a DANE-EE TLSA at
 *       {@code _P._tcp.mx1}; mx2 A 127.0.0.2 whose TLSA owner is a CNAME to mx1's; mx3 A
 *       127.0.0.2 without TLSA (its TLSA owner holds a TXT record: a secure NODATA); v6 AAAA 2001:db8::25;
 *   <li>{@code cname.test.} (signed): MX 10 mail, mail CNAME mx1.example.test.;
 *   <li>{@code other.test.} (signed, a sibling the attacker controls the host of): MX 10 mx,
 *       mx A 127.0.0.66 with a TLSA record of the attacker's certificate;
 *   <li>{@code unsigned.test.} (a provably unsigned delegation): MX 10 mx, mx A 127.0.0.66;
 *   <li>{@code rolled.test.} (signed): MX 10 mx, mx A 127.0.0.4 with the TLSA of the key it
 *       uses now (for replays of the previous one).
 * </ul>
 *
 * <p>The SMTP servers play an attacker on the SMTP path too: mx1 at 127.0.0.2 hides STARTTLS
 * (stripped), so a client that lost DANE would send in cleartext there; the attacker's own
 * host at 127.0.0.66 hides STARTTLS as well; rolled.test's host at 127.0.0.4 offers STARTTLS
 * with its new key. A secure outcome is a deferral with no message received anywhere.
 */
final class DnsAttackWorld implements AutoCloseable {
  static final String MX1 = "mx1.example.test.";
  static final String MX2 = "mx2.example.test.";
  static final String MX3 = "mx3.example.test.";
  static final String V6 = "v6.example.test.";
  static final String MAIL_CNAME = "mail.cname.test.";
  static final String OTHER_MX = "mx.other.test.";
  static final String UNSIGNED_MX = "mx.unsigned.test.";
  static final String ROLLED_MX = "mx.rolled.test.";
  static final String ATTACKER_ADDRESS = "127.0.0.66";

  final TestCertificate mx1Cert = TestCertificates.leaf("mx1.example.test");
  final TestCertificate attackerCert = TestCertificates.attacker("mx.other.test");
  final TestCertificate rolledOldCert = TestCertificates.leaf("mx.rolled.test");
  final TestCertificate rolledNewCert = TestCertificates.leaf("mx.rolled.test");

  private final int port = freePort();
  private final DnsTree tree;
  private final TestDnsServer dns;
  private final OnPathAttacker attacker;
  private final TestSmtpServer mx1;
  private final TestSmtpServer rolled;
  private final TestSmtpServer attackerSmtp;
  private final List<DnssecResolver> resolvers = new ArrayList<>();

  DnsAttackWorld() {
    this.tree = DnsTree.builder()
        .zone("test.")
        .zone("example.test.", z -> z.records("@ MX 10 mx1", "mx1 A 127.0.0.2", "mx2 A 127.0.0.2",
            "mx3 A 127.0.0.2", "v6 AAAA 2001:db8::25",
            tlsaOwner("mx1") + " TLSA " + mx1Cert.tlsa("3 1 1"),
            tlsaOwner("mx2") + " CNAME " + tlsaOwner("mx1"),
            tlsaOwner("mx3") + " TXT \"no TLSA here\""))
        .zone("cname.test.", z -> z.records("@ MX 10 mail", "mail CNAME mx1.example.test."))
        .zone("other.test.", z -> z.records("@ MX 10 mx", "mx A " + ATTACKER_ADDRESS,
            tlsaOwner("mx") + " TLSA " + attackerCert.tlsa("3 1 1")))
        .zone("unsigned.test.", z -> z.unsigned().records("@ MX 10 mx", "mx A " + ATTACKER_ADDRESS))
        .zone("rolled.test.", z -> z.records("@ MX 10 mx", "mx A 127.0.0.4",
            tlsaOwner("mx") + " TLSA " + rolledNewCert.tlsa("3 1 1")))
        .build();
    this.dns = TestDnsServer.start(tree);
    this.attacker = OnPathAttacker.start(dns.address());
    this.mx1 = smtp("127.0.0.2", mx1Cert.serverSslContext(), StartTlsMode.HIDDEN);
    this.rolled = smtp("127.0.0.4", rolledNewCert.serverSslContext(), StartTlsMode.OFFERED);
    this.attackerSmtp = smtp(ATTACKER_ADDRESS, attackerCert.serverSslContext(), StartTlsMode.HIDDEN);
  }

  private TestSmtpServer smtp(String address, SSLContext tls, StartTlsMode mode) {
    try {
      return TestSmtpServer.builder().address(InetAddress.getByName(address)).port(port).tls(tls)
          .startTlsMode(mode).hostname("server-" + address).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  /** The TLSA owner of a host, relative or absolute as the host is given: {@code _<port>._tcp.<host>}. */
  String tlsaOwner(String host) {
    return "_" + port + "._tcp." + host;
  }

  DnsTree tree() {
    return tree;
  }

  TestDnsServer dns() {
    return dns;
  }

  OnPathAttacker attacker() {
    return attacker;
  }

  TestSmtpServer rolledServer() {
    return rolled;
  }

  /** A fresh resolver (empty cache) that asks only the attacker, closed at {@link #reset()}. */
  DnssecResolver resolver() {
    return resolver(b -> { });
  }

  DnssecResolver resolver(Consumer<DnssecResolver.Builder> options) {
    DnssecResolver.Builder builder = DnssecResolver.builder().upstream(attacker.address())
        .trustAnchors(dns.trustAnchor()).queryTimeout(Duration.ofMillis(500)).attempts(2)
        .lookupTimeout(Duration.ofSeconds(5)).clock(Clock.systemUTC());
    options.accept(builder);
    DnssecResolver resolver = builder.build();
    resolvers.add(resolver);
    return resolver;
  }

  SmtpDane dane() {
    return SmtpDane.builder().resolver(resolver()).port(port).build();
  }

  /** Sends one message to the recipient with a fresh mailer and returns its domain's delivery. */
  DomainDelivery send(String recipient) {
    DaneMailer mailer = DaneMailer.builder().session(TlsAttackWorld.session()).smtpDane(dane()).build();
    try {
      return mailer.send(TlsAttackWorld.message(recipient)).domain(recipient.substring(recipient.indexOf('@') + 1));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records a reply as the tree looked with a change (same keys, e.g. an older TLSA), then serves the real tree again. */
  org.xbill.DNS.Message recordFrom(DnsTree.Builder changed, String name, String type) {
    dns.serve(changed.build());
    try {
      return attacker.fetchFromUpstream(name, type);
    } finally {
      dns.serve(tree);
    }
  }

  /** RFC 7672 section 2.1.2: the delivery waits; nobody, honest or not, received the message. */
  void assertDeferredAndNothingSent(DomainDelivery delivery) {
    assertThat(delivery.status()).as("delivery: %s", delivery).isEqualTo(DeliveryStatus.DEFERRED);
    assertNothingSent();
  }

  void assertNothingSent() {
    assertThat(mx1.messages()).as("messages received in cleartext by mx1").isEmpty();
    assertThat(attackerSmtp.messages()).as("messages received by the attacker's host").isEmpty();
    assertThat(rolled.messages()).as("messages received by an unauthenticated rolled.test host").isEmpty();
  }

  /** RFC 7672 section 2.1.1: a failure (bogus or indeterminate), never data, never a denial. */
  static void assertLookupFailed(DnsAnswer<?> answer) {
    assertThat(answer.outcome()).as("answer: %s", answer).isEqualTo(DnsOutcome.FAILED);
    assertThat(answer.status().isFailure()).as("status of %s", answer).isTrue();
  }

  static void assertLookupFailed(TlsaAnswer answer) {
    assertThat(answer.isFailure()).as("TLSA answer: %s", answer).isTrue();
    assertLookupFailed(answer.answer());
  }

  static void assertLookupFailed(MxAnswer answer) {
    assertThat(answer.isFailure()).as("MX answer: %s", answer).isTrue();
    assertLookupFailed(answer.answer());
  }

  /** Back to the honest state between tests: no rules, no faults, the original tree, no messages. */
  void reset() {
    attacker.clearRules();
    dns.clearInjectedFaults();
    dns.serve(tree);
    resolvers.forEach(DnssecResolver::close);
    resolvers.clear();
    mx1.clearHistory();
    rolled.clearHistory();
    attackerSmtp.clearHistory();
  }

  @Override
  public void close() {
    reset();
    mx1.close();
    rolled.close();
    attackerSmtp.close();
    attacker.close();
    dns.close();
  }

  private static int freePort() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Zone tweaks for {@link #recordFrom}: the tree with one zone changed. */
  DnsTree.Builder treeWith(String zone, Consumer<ZoneBuilder> change) {
    return tree.toBuilder().zone(zone, change);
  }
}
