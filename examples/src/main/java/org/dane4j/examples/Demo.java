package org.dane4j.examples;

import jakarta.mail.MessagingException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.dane4j.core.DaneResult;
import org.dane4j.core.Usage;
import org.dane4j.smtp.AttemptResult;
import org.dane4j.smtp.ChannelSecurity;
import org.dane4j.smtp.DeliveryAttempt;
import org.dane4j.smtp.DomainDelivery;
import org.dane4j.testkit.pki.TestCertificates;
import org.dane4j.testkit.smtp.DaneTestEnvironment;
import org.dane4j.testkit.smtp.StartTlsMode;

/**
 * The end-to-end demo behind the README's {@code mvn -q -Pdemo -DskipTests package}: a
 * DNSSEC-signed test DNS tree and two STARTTLS SMTP servers on loopback, one message
 * delivered with DANE through Jakarta Mail, then a man in the middle and a STARTTLS
 * stripper, both refused with the evidence. Everything runs offline and stops at the end.
 *
 * <p>It checks every outcome it prints: the exit status is 0 only when each step behaved
 * as RFC 7672 requires, so CI catches a regression.
 */
public final class Demo {
  private static final String DOMAIN = "example.test";
  private static final String MX1 = "mx1.example.test";
  private static final String MX2 = "mx2.example.test";

  private final PrintStream out;
  private final DaneTestEnvironment env;
  private final List<String> failures = new ArrayList<>();

  private Demo(PrintStream out, DaneTestEnvironment env) {
    this.out = out;
    this.env = env;
  }

  /** Runs the demo; exits with status 1 when a step did not behave as expected. */
  public static void main(String[] args) {
    List<String> failures;
    try {
      failures = run(System.out);
    } catch (RuntimeException e) {
      failures = List.of("the demo could not run: " + e);
    }
    if (!failures.isEmpty()) {
      System.err.println("\nDEMO FAILED: " + failures.size() + " expectation(s) did not hold:");
      failures.forEach(f -> System.err.println("  - " + f));
      System.exit(1);
    }
  }

  /**
   * Runs every step, printing to {@code out}.
   *
   * @return what did not behave as expected; empty when everything did
   */
  static List<String> run(PrintStream out) {
    try (DaneTestEnvironment env = world().start()) {
      Demo demo = new Demo(out, env);
      demo.showWorld();
      demo.deliverWithDane();
      demo.fallBackToSecondMx();
      demo.refuseManInTheMiddle();
      demo.refuseStartTlsStripping();
      out.println();
      out.println(demo.failures.isEmpty() ? "All steps behaved as RFC 7672 requires."
          : demo.failures.size() + " expectation(s) did NOT hold.");
      return List.copyOf(demo.failures);
    }
  }

  /** mx1 is pinned by its own key (DANE-EE 3 1 1), mx2 by its issuing CA's key (DANE-TA 2 1 1). */
  private static DaneTestEnvironment world() {
    return DaneTestEnvironment.builder()
        .domain(DOMAIN, d -> d
            .mx(10, MX1, mx -> mx.tlsa("3 1 1"))
            .mx(20, MX2, mx -> mx.tlsa("2 1 1")))
        .build();
  }

  private void showWorld() {
    int port = env.port();
    String mx1Tlsa = "_" + port + "._tcp." + MX1 + ".";
    String mx2Tlsa = "_" + port + "._tcp." + MX2 + ".";
    int width = Math.max(mx1Tlsa.length(), mx2Tlsa.length());
    out.println("dane4j demo: DANE for SMTP (RFC 7672), offline on loopback");
    heading("The test world");
    out.println("  DNSSEC-signed zones . -> test. -> example.test., served on " + where(env.dns().address()));
    out.println("  " + pad(DOMAIN + ".", width) + "  MX    10 " + MX1 + ".");
    out.println("  " + pad(DOMAIN + ".", width) + "  MX    20 " + MX2 + ".");
    out.println("  ; DANE-EE(3): mx1's own public key");
    env.tlsa(MX1).forEach(record -> out.println("  " + pad(mx1Tlsa, width) + "  TLSA  " + record));
    out.println("  ; DANE-TA(2): the public key of the CA that issued mx2's certificate");
    env.tlsa(MX2).forEach(record -> out.println("  " + pad(mx2Tlsa, width) + "  TLSA  " + record));
    out.println("  SMTP servers offering STARTTLS: " + MX1 + " on " + where(env.mx(MX1).address()) + ", " + MX2
        + " on " + where(env.mx(MX2).address()));
    out.println("  (a free port stands in for 25; the TLSA names follow it: _<port>._tcp)");
  }

  private void deliverWithDane() {
    heading("1. Deliver a message with DANE through Jakarta Mail");
    DomainDelivery delivery = send();
    printDelivery(delivery);
    expect(isVerified(delivery, MX1, Usage.DANE_EE, 0), "delivery to mx1, verified by DANE-EE at depth 0", delivery);
    expect(env.mx(MX1).messages().size() == 1 && env.mx(MX1).messages().get(0).overTls(),
        "mx1 received the message over TLS", delivery);
  }

  private void fallBackToSecondMx() {
    heading("2. mx1 fails every TLS handshake: the next MX host takes the message");
    env.reset();
    env.mx(MX1).startTlsMode(StartTlsMode.HANDSHAKE_FAILS);
    DomainDelivery delivery = send();
    printDelivery(delivery);
    expect(isVerified(delivery, MX2, Usage.DANE_TA, 1), "delivery to mx2, verified by DANE-TA at depth 1", delivery);
  }

  private void refuseManInTheMiddle() {
    heading("3. A man in the middle presents his own certificate on both MX hosts");
    env.reset();
    env.mx(MX1).presents(TestCertificates.attacker(MX1).serverSslContext());
    env.mx(MX2).presents(TestCertificates.attacker(MX2).serverSslContext());
    DomainDelivery delivery = send();
    printDelivery(delivery);
    expectRefused(delivery, AttemptResult.DANE_MISMATCH);
  }

  private void refuseStartTlsStripping() {
    heading("4. An attacker strips STARTTLS from both servers' EHLO replies");
    env.reset();
    env.mx(MX1).startTlsMode(StartTlsMode.HIDDEN);
    env.mx(MX2).startTlsMode(StartTlsMode.HIDDEN);
    DomainDelivery delivery = send();
    printDelivery(delivery);
    expectRefused(delivery, AttemptResult.STARTTLS_NOT_OFFERED);
  }

  /** Sends one message to user@example.test with a fresh mailer. */
  private DomainDelivery send() {
    try {
      return env.mailer().send(env.message("user@" + DOMAIN)).domain(DOMAIN);
    } catch (MessagingException e) {
      throw new IllegalStateException("The demo message could not be built: " + e.getMessage(), e);
    }
  }

  private void printDelivery(DomainDelivery delivery) {
    for (DeliveryAttempt attempt : delivery.attempts()) {
      if (attempt.isDelivered()) {
        out.println("  delivered to   " + attempt.where());
        out.println("  over           " + attempt.trustOutcome()
            .map(trust -> trust.protocol().orElse("?") + ", " + trust.cipherSuite().orElse("?")).orElse("no TLS"));
        out.println("  authentication " + attempt.authentication());
      } else {
        out.println("  refused by     " + attempt.where() + ": " + attempt.result());
        String evidence = attempt.daneResult().map(DaneResult::explanation).orElse(attempt.detail());
        evidence.lines().forEach(line -> out.println("      " + line));
      }
    }
    if (!delivery.isDelivered()) {
      out.println("  => " + delivery.status() + ": " + delivery.detail()
          + "; the message stays queued for a later retry");
    }
  }

  private boolean isVerified(DomainDelivery delivery, String host, Usage usage, int depth) {
    return delivery.delivery()
        .filter(a -> a.target().host().equals(host) && a.security() == ChannelSecurity.DANE_VERIFIED)
        .flatMap(DeliveryAttempt::daneResult)
        .filter(r -> r.matchedRecord().orElseThrow().usage() == usage && r.matchedDepth().orElseThrow() == depth)
        .isPresent();
  }

  private void expectRefused(DomainDelivery delivery, AttemptResult reason) {
    boolean refused = !delivery.isDelivered() && delivery.attempts().size() == 2
        && delivery.attempts().stream().allMatch(a -> a.result() == reason)
        && env.mx(MX1).messages().isEmpty() && env.mx(MX2).messages().isEmpty();
    expect(refused, "both MX hosts refused with " + reason + " and no server got the message", delivery);
  }

  private void expect(boolean condition, String expectation, DomainDelivery delivery) {
    if (condition) {
      out.println("  OK: " + expectation);
    } else {
      out.println("  UNEXPECTED: wanted " + expectation);
      failures.add(expectation + ", but: " + delivery);
    }
  }

  private void heading(String title) {
    out.println();
    out.println(title);
    out.println("-".repeat(title.length()));
  }

  private static String where(InetSocketAddress address) {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
