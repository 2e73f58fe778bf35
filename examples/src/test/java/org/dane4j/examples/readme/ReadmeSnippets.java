package org.dane4j.examples.readme;

import jakarta.mail.Message;
import jakarta.mail.Session;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.dane4j.core.DaneResult;
import org.dane4j.core.DaneVerifier;
import org.dane4j.core.MatchingType;
import org.dane4j.core.Pem;
import org.dane4j.core.Selector;
import org.dane4j.core.TlsaRecord;
import org.dane4j.core.Usage;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.smtp.DaneMailer;
import org.dane4j.smtp.DaneTlsClient;
import org.dane4j.smtp.DeliveryPlan;
import org.dane4j.smtp.DeliveryReport;
import org.dane4j.smtp.DeliveryTarget;
import org.dane4j.smtp.SmtpDane;
import org.dane4j.smtp.SmtpTlsPolicy;
import org.dane4j.testkit.dns.DnsTree;
import org.dane4j.testkit.dns.TestDnsServer;
import org.slf4j.Logger;

/**
 * The README's Java snippets, each verbatim in a method of its own, so that the build
 * compiles them; {@link ReadmeSnippetsTest} checks that the README still shows exactly
 * these lines and imports. What a snippet uses without declaring it is a parameter.
 */
final class ReadmeSnippets {
  private ReadmeSnippets() {
  }

  static void tlsaAndVerification(List<X509Certificate> serverChain) throws Exception {
    X509Certificate cert = Pem.readCertificate(Path.of("/etc/mail/cert.pem"));
    TlsaRecord record = TlsaRecord.forCertificate(cert, Usage.DANE_EE, Selector.SPKI, MatchingType.SHA2_256);
    System.out.println("_25._tcp.mx1.example.org. IN TLSA " + record);        // 3 1 1 6f2e...

    DaneVerifier verifier = DaneVerifier.builder().build();                   // immutable, share it
    DaneResult result = verifier.verify(serverChain,
        List.of(TlsaRecord.parse("3 1 1 6f2e...")), List.of("mx1.example.org", "example.org"));
    if (!result.isVerified()) {
      System.err.println(result.explanation());    // per record and chain depth: what would have matched
    }
  }

  static void jakartaMail(Session session, Message message, Logger log) throws Exception {
    DaneMailer mailer = DaneMailer.builder()
        .session(session)                                        // your usual Jakarta Mail Session
        .resolver(DnssecResolver.system())                       // validates DNSSEC locally
        .policy("bank.example", SmtpTlsPolicy.MANDATORY_DANE)    // per-destination policy
        .build();
    DeliveryReport report = mailer.send(message);                // every recipient domain, via its MX hosts
    report.domains().forEach(d -> log.info("{}", d));
    // example.org: delivered to mx1.example.org[192.0.2.1]:25, TLSv1.3, TLS_AES_256_GCM_SHA384,
    //   verified by DANE-EE(3) SPKI(1) SHA2-256(1) 87ca...a76a at depth 0
  }

  static DaneMailer relay(Session session, char[] password) {
    DaneMailer mailer = DaneMailer.builder()
        .session(session)
        .resolver(DnssecResolver.system())
        .relay("smtp.provider.example", 587)           // DANE for the relay's own TLSA records
        .relayLogin("alice", password)                 // AUTH only inside DANE-verified TLS
        .build();
    return mailer;
  }

  static void mta() {
    SmtpDane dane = SmtpDane.builder().resolver(DnssecResolver.system()).build();
    DeliveryPlan plan = dane.plan("example.org").toCompletableFuture().join();
    for (DeliveryTarget target : plan.targets()) {                // MX preference order, never reordered
      if (!target.isUsable()) continue;                           // a lookup failed: next MX
      DaneTlsClient tls = target.tlsClient();                     // SNI, DANE trust manager, no resumption
      for (InetAddress address : target.addresses()) {            // validated addresses only
        // connect, EHLO, STARTTLS (required when target.requirement().requiresTls()), then:
        // SSLSocket s = (SSLSocket) tls.socketFactory().createSocket(plain, address.getHostAddress(), target.port(), true);
        // tls.outcome(s) says what was verified
      }
    }
    // plan.deferReason() says why nothing was usable
  }

  static void resolvers(TestDnsServer server, DnsTree tree) {
    // your own recursive resolver(s)
    DnssecResolver.builder().upstream(new InetSocketAddress("192.0.2.53", 53)).build();
    // trust the AD bit of a local validating resolver (e.g. Unbound on 127.0.0.1) instead of validating
    DnssecResolver.builder().trustAdBitFrom(List.of(new InetSocketAddress("127.0.0.1", 53))).build();
    //   a non-loopback validator also needs .insecureDeclareTrustedPathToValidator()
    // a private root or a test tree
    DnssecResolver.builder().upstream(server.address()).trustAnchors(tree.trustAnchor()).build();
    DnssecResolver.builder().trustAnchorFile(Path.of("root.ds")).build();
  }
}
