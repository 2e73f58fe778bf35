package org.dane4j.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dane4j.core.MatchingType;
import org.dane4j.core.Selector;
import org.dane4j.core.TlsaRecord;
import org.dane4j.core.Usage;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dane tlsa}: the TLSA records to publish for a certificate, with the rollover pair. */
@Command(name = "tlsa", mixinStandardHelpOptions = true, sortOptions = false,
    headerHeading = "%n", header = "Print the TLSA records to publish for a mail server's certificate.",
    descriptionHeading = "%n",
    description = {"Prints zone-file lines, including the recommended rollover pair: "
        + "\"3 1 1 current + 3 1 1 next\" (with --next), or \"3 1 1 + 2 1 1\" (the issuing CA, when the "
        + "chain file or the server provides it).",
        "The source is a PEM file (leaf first, then issuers) or a live server HOST[:PORT], whose chain is "
        + "fetched over SMTP STARTTLS (unauthenticated: compare it with what you deployed).", ""},
    footerHeading = "%nExamples:%n",
    footer = {"  dane tlsa /etc/postfix/chain.pem --owner mx1.example.org",
        "  dane tlsa /etc/postfix/chain.pem --next /etc/postfix/next-key.pem",
        "  dane tlsa mx1.example.org            (fetches the chain over STARTTLS on port 25)",
        "  dane tlsa mx1.example.org:587 --usage 3 --selector 1 --mtype 2",
        "",
        "Exit status: 0 records printed, 2 bad input or server unreachable."})
final class TlsaCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CERT.pem|HOST[:PORT]",
      description = "A PEM certificate chain file (leaf first), or a server to fetch the chain from.")
  String source;

  @Option(names = "--usage", paramLabel = "U", converter = UsageConverter.class,
      description = "Certificate usage: 3 / DANE-EE (default) or 2 / DANE-TA (the issuing CA).")
  Usage usage = Usage.DANE_EE;

  @Option(names = "--selector", paramLabel = "S", converter = SelectorConverter.class,
      description = "Selector: 1 / SPKI (default, survives renewal with the same key) or 0 / Cert.")
  Selector selector = Selector.SPKI;

  @Option(names = "--mtype", paramLabel = "M", converter = MatchingTypeConverter.class,
      description = "Matching type: 1 / SHA2-256 (default), 2 / SHA2-512 or 0 / Full.")
  MatchingType matchingType = MatchingType.SHA2_256;

  @Option(names = "--owner", paramLabel = "HOST",
      description = "The TLSA base domain (the MX host name). Default: the host given, or the certificate's first DNS name.")
  String owner;

  @Option(names = "--port", paramLabel = "PORT", description = "The port in the owner name (default 25, or the one in HOST:PORT).")
  Integer port;

  @Option(names = "--next", paramLabel = "NEXT.pem",
      description = "The next certificate or public key (PUBLIC KEY block): its record is printed beside the current one.")
  Path next;

  @Option(names = "--ttl", paramLabel = "SECONDS", description = "TTL to print in the records (default: none).")
  Long ttl;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Network timeout for a live server (default 10).")
  int timeoutSeconds = 10;

  @Option(names = "--helo", paramLabel = "NAME", description = "EHLO name for a live server (default localhost).")
  String helo = "localhost";

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Instant now = Instant.now();
    List<X509Certificate> chain;
    String from;
    int tlsaPort;
    String base;
    Path file = Path.of(source);
    String lower = source.toLowerCase(Locale.ROOT);
    boolean looksLikeFile = source.contains("/") || lower.endsWith(".pem") || lower.endsWith(".crt")
        || lower.endsWith(".cer");
    if (Files.exists(file) || looksLikeFile) {
      chain = Certificates.read(file);
      from = file.toString();
      tlsaPort = port != null ? port : 25;
      List<String> names = Certificates.dnsNames(chain.get(0));
      base = owner != null ? owner : names.isEmpty() ? null : names.get(0);
      if (base == null) {
        throw CliException.badInput("the certificate has no DNS name: give the MX host name with --owner");
      }
      if (base.startsWith("*.")) {
        throw CliException.badInput("the certificate's first name is a wildcard (" + base + "): give the MX host name with --owner");
      }
    } else {
      HostPort target = HostPort.parse(source, 25);
      tlsaPort = port != null ? port : target.port();
      boolean literal = target.host().matches("\\d{1,3}(\\.\\d{1,3}){3}") || target.host().contains(":");
      if (owner == null && literal) {
        throw CliException.badInput(target.host() + " is an address: give the MX host name with --owner");
      }
      base = owner != null ? owner : target.host();
      InetAddress address;
      try {
        address = InetAddress.getByName(target.host());
      } catch (UnknownHostException e) {
        throw CliException.badInput("no address for host " + target.host() + " (and no such file)");
      }
      StartTlsClient client = new StartTlsClient(Duration.ofSeconds(timeoutSeconds), helo);
      boolean terminal = System.console() != null;
      try (Progress progress = new Progress(spec.commandLine().getErr(), terminal, terminal)) {
        progress.step("STARTTLS to " + StartTlsClient.show(new InetSocketAddress(address, target.port())));
        chain = client.fetch(new InetSocketAddress(address, target.port()), base).chain();
      } catch (StartTlsClient.ProbeException e) {
        throw CliException.badInput(target.host() + ": " + e.getMessage());
      }
      from = "STARTTLS at " + StartTlsClient.show(new InetSocketAddress(address, target.port())) + " (unauthenticated)";
    }
    String name = "_" + tlsaPort + "._tcp." + trimDot(base) + ".";
    String prefix = name + (ttl != null ? " " + ttl : "") + " IN TLSA ";

    out.println("; TLSA records for " + name + " from " + from);
    X509Certificate leaf = chain.get(0);
    for (int depth = 0; depth < chain.size(); depth++) {
      out.println(";   depth " + depth + ": " + Certificates.describe(chain.get(depth), now));
    }
    List<String> advice = new ArrayList<>();
    if (usage == Usage.DANE_EE) {
      TlsaRecord current = TlsaRecord.forCertificate(leaf, usage, selector, matchingType);
      out.println(prefix + current + "  ; current: " + Certificates.subject(leaf));
      if (next != null) {
        PublicKey nextKey = Certificates.readKey(next);
        TlsaRecord nextRecord = selector == Selector.SPKI
            ? TlsaRecord.forPublicKey(nextKey, usage, matchingType)
            : TlsaRecord.forCertificate(nextCertificate(), usage, selector, matchingType);
        if (nextRecord.equals(current)) {
          advice.add("the next key is the current key: nothing changes at the rollover");
        } else {
          out.println(prefix + nextRecord + "  ; next: " + next);
        }
      } else if (chain.size() > 1) {
        TlsaRecord issuer = TlsaRecord.forCertificate(chain.get(1), Usage.DANE_TA, Selector.SPKI, matchingType);
        out.println(prefix + issuer + "  ; issuer (DANE-TA): " + Certificates.subject(chain.get(1)));
        advice.add("\"3 1 1 + 2 1 1\": the 2 1 1 record keeps mail flowing when the server key changes,"
            + " as long as the same CA issues the new certificate");
      } else {
        advice.add("rollover: publish the next key's record too (dane tlsa --next NEXT.pem ...) at least twice the"
            + " TTL before switching keys; with only one 3 1 1 record a key change breaks DANE mail until DNS catches up");
      }
    } else if (usage == Usage.DANE_TA) {
      if (chain.size() < 2) {
        throw CliException.badInput("DANE-TA(2) needs the issuing CA in the chain: " + from + " holds only the leaf");
      }
      for (int depth = 1; depth < chain.size(); depth++) {
        TlsaRecord ta = TlsaRecord.forCertificate(chain.get(depth), usage, selector, matchingType);
        out.println(prefix + ta + "  ; depth " + depth + ": " + Certificates.subject(chain.get(depth)));
      }
      advice.add("publish one DANE-TA record (usually depth 1); the server must send that CA certificate in its"
          + " chain unless the record is 2 0 0 or 2 1 0, and the leaf must carry the MX host name");
    } else {
      throw CliException.badInput("usage " + usage + " is unusable for SMTP (RFC 7672 section 3.1.3): use 3 or 2");
    }
    for (String line : advice) {
      out.println("; " + line);
    }
    out.flush();
    return Exit.OK;
  }

  private X509Certificate nextCertificate() {
    return Certificates.read(next).get(0);
  }

  private static String trimDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  /** {@code 3}, {@code DANE-EE}. */
  static final class UsageConverter implements ITypeConverter<Usage> {
    @Override
    public Usage convert(String value) {
      for (Usage u : Usage.values()) {
        if (u != Usage.UNASSIGNED && (value.equalsIgnoreCase(u.acronym()) || value.equals(String.valueOf(u.value())))) {
          return u;
        }
      }
      throw new IllegalArgumentException("unknown usage " + value + " (use 3 / DANE-EE or 2 / DANE-TA)");
    }
  }

  /** {@code 1}, {@code SPKI}. */
  static final class SelectorConverter implements ITypeConverter<Selector> {
    @Override
    public Selector convert(String value) {
      for (Selector s : new Selector[] {Selector.CERT, Selector.SPKI}) {
        if (value.equalsIgnoreCase(s.acronym()) || value.equals(String.valueOf(s.value()))) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown selector " + value + " (use 1 / SPKI or 0 / Cert)");
    }
  }

  /** {@code 1}, {@code SHA2-256}. */
  static final class MatchingTypeConverter implements ITypeConverter<MatchingType> {
    @Override
    public MatchingType convert(String value) {
      for (MatchingType m : new MatchingType[] {MatchingType.FULL, MatchingType.SHA2_256, MatchingType.SHA2_512}) {
        if (value.equalsIgnoreCase(m.acronym()) || value.equals(String.valueOf(m.value()))) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown matching type " + value + " (use 1 / SHA2-256, 2 / SHA2-512 or 0 / Full)");
    }
  }
}
