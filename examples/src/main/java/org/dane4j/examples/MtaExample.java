package org.dane4j.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.dane4j.core.DaneResult;
import org.dane4j.smtp.DaneTlsClient;
import org.dane4j.smtp.DeliveryPlan;
import org.dane4j.smtp.DeliveryTarget;
import org.dane4j.smtp.SmtpDane;
import org.dane4j.smtp.TlsRequirement;
import org.dane4j.smtp.TrustOutcome;
import org.dane4j.testkit.pki.TestCertificates;
import org.dane4j.testkit.smtp.DaneTestEnvironment;

/**
 * An MTA with its own SMTP client, using the plan/target API: {@link SmtpDane} plans a
 * domain, and the MTA walks the targets in MX preference order, connects only to their
 * validated addresses and installs each target's TLS setup for STARTTLS. dane4j decides
 * what TLS each target requires (RFC 7672 section 2.2); the MTA keeps its own SMTP code.
 *
 * <p>{@link #deliver} is the production code. {@link #main} runs it offline against a
 * test world in which a man in the middle sits in front of the first MX host, so the
 * second one gets the message.
 */
public final class MtaExample {
  private static final int TIMEOUT_MILLIS = 10_000;

  private MtaExample() {
  }

  /**
   * Delivers one message to a domain: plans it, tries each usable target's addresses in
   * order until one accepts the message, and logs every decision.
   *
   * @param dane the planning engine, built once: in production
   *     {@code SmtpDane.builder().resolver(DnssecResolver.system()).build()}
   * @param message the message (headers, empty line, body) with CRLF line ends
   * @param log where every decision is written
   * @return whether a server accepted the message; if not, the MTA queues it for a retry (or bounces it)
   */
  static boolean deliver(SmtpDane dane, String domain, String from, String to, String message, PrintStream log) {
    DeliveryPlan plan = dane.plan(domain).toCompletableFuture().join();
    for (DeliveryTarget target : plan.targets()) {              // MX preference order, never reordered
      if (target.requirement() == TlsRequirement.UNREACHABLE) {   // a lookup failed: next MX host
        log.println("skipped " + target.host() + ": " + target.reason() + ", " + target.detail());
        continue;
      }
      for (InetAddress address : target.addresses()) {           // validated addresses only: never resolve again
        String where = target.host() + "[" + address.getHostAddress() + "]:" + target.port();
        try {
          String security = send(target, address, from, to, message);
          log.println("delivered to " + where + ", " + security);
          return true;
        } catch (IOException e) {
          // A real MTA stops at a permanent (5xx) refusal; anything else tries the next address.
          log.println("failed at " + where + " (" + target.requirement() + "): " + e.getMessage());
        }
      }
    }
    // plan.deferReason() says why a plan was not ready; a non-existent domain or a null MX is a bounce.
    log.println((plan.outcome().isUndeliverable() ? "undeliverable: " : "deferred: ")
        + plan.deferReason().orElse("no MX host accepted the message"));
    return false;
  }

  /** One SMTP session; returns how it was protected, throws when the server or the TLS requirement refused. */
  private static String send(DeliveryTarget target, InetAddress address, String from, String to, String message)
      throws IOException {
    DaneTlsClient tls = target.tlsClient();      // SNI, the DANE trust manager, no session resumption
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(address, target.port()), TIMEOUT_MILLIS);
      plain.setSoTimeout(TIMEOUT_MILLIS);
      Smtp smtp = new Smtp(plain);
      smtp.expect(220);
      List<String> capabilities = smtp.command("EHLO mta.sender.test", 250);
      String security = "cleartext";
      if (capabilities.stream().anyMatch(line -> line.toUpperCase(Locale.ROOT).startsWith("STARTTLS"))) {
        smtp.command("STARTTLS", 220);
        SSLSocket socket = (SSLSocket) tls.socketFactory().createSocket(plain, target.host(), target.port(), true);
        try {
          socket.startHandshake();
        } catch (SSLException e) {
          // For a DANE mismatch the outcome explains it per chain depth, with the "would be" values.
          throw new IOException(tls.outcome(socket).flatMap(TrustOutcome::daneResult)
              .filter(result -> !result.isVerified()).map(DaneResult::explanation)
              .orElse("TLS handshake failed: " + e.getMessage()), e);
        }
        SSLSession session = socket.getSession();
        security = session.getProtocol() + ", " + session.getCipherSuite() + ", " + tls.outcome(socket).orElseThrow();
        smtp = new Smtp(socket);
        smtp.command("EHLO mta.sender.test", 250);     // RFC 3207: forget what was said in cleartext
      } else if (target.requirement().requiresTls()) {
        // RFC 7672 section 2.2: no cleartext fallback; a missing STARTTLS may be an attacker stripping it.
        throw new IOException("STARTTLS not offered, but TLS is required (" + target.reason() + ")");
      }
      smtp.command("MAIL FROM:<" + from + ">", 250);
      smtp.command("RCPT TO:<" + to + ">", 250);
      smtp.command("DATA", 354);
      smtp.command((message.startsWith(".") ? "." : "") + message.replace("\r\n.", "\r\n..") + "\r\n.", 250);
      smtp.command("QUIT", 221);
      return security;
    }
  }

  /** Runs the example offline: mx1 is impersonated by a man in the middle, mx2 is genuine. */
  public static void main(String[] args) {
    try (DaneTestEnvironment world = testWorld().start()) {
      world.mx("mx1.example.test").presents(TestCertificates.attacker("mx1.example.test").serverSslContext());
      SmtpDane dane = SmtpDane.builder()
          .resolver(world.resolver())    // production: DnssecResolver.system()
          .port(world.port())            // production: leave out (port 25)
          .build();
      String message = "From: <reports@sender.test>\r\nTo: <ops@example.test>\r\nSubject: Hello\r\n\r\nHello over DANE.";
      deliver(dane, "example.test", "reports@sender.test", "ops@example.test", message, System.out);
    }
  }

  /** example.test with two MX hosts, each pinned by its own key (DANE-EE 3 1 1). */
  static DaneTestEnvironment testWorld() {
    return DaneTestEnvironment.builder()
        .domain("example.test", d -> d
            .mx(10, "mx1.example.test", mx -> mx.tlsa("3 1 1"))
            .mx(20, "mx2.example.test", mx -> mx.tlsa("3 1 1")))
        .build();
  }

  /** The smallest SMTP client that does the job: one command, one (multi-line) reply. */
  private static final class Smtp {
    private final BufferedReader in;
    private final OutputStream out;

    Smtp(Socket socket) throws IOException {
      this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      this.out = socket.getOutputStream();
    }

    /** Sends a command and returns the reply's text lines, or throws if the reply code is not the expected one. */
    List<String> command(String command, int expected) throws IOException {
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return expect(expected);
    }

    List<String> expect(int expected) throws IOException {
      List<String> text = new ArrayList<>();
      String line;
      do {
        line = in.readLine();
        if (line == null || line.length() < 3) {
          throw new IOException("The server closed the connection");
        }
        text.add(line.length() > 4 ? line.substring(4) : "");
      } while (line.length() > 3 && line.charAt(3) == '-');
      if (!line.startsWith(Integer.toString(expected))) {
        throw new IOException("The server replied " + line + " (expected " + expected + ")");
      }
      return text;
    }
  }
}
