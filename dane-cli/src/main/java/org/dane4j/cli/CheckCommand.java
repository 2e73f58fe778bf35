package org.dane4j.cli;

import java.io.PrintWriter;
import java.net.IDN;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dane4j.core.dns.DnssecResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dane check}: does a domain's DANE for SMTP work from outside, now and at a future date. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
    headerHeading = "%n", header = "Check a mail domain's DANE (RFC 7672): MX, TLSA, and STARTTLS to every address.",
    descriptionHeading = "%n",
    description = {"Looks up the MX RRset with its DNSSEC status; for every MX host its addresses (each family), "
        + "its TLSA RRset (records, status, CNAME chain, unusable records and why); then connects to every address "
        + "(EHLO, STARTTLS, handshake; never sends mail) and verifies the chain against the TLSA records: which "
        + "record matched at which depth, or per depth what would match. Warns about rollover readiness (a single "
        + "3 1 1 record and nothing for the next key; chains that stop verifying before --at; TLSA records that "
        + "match on some addresses only) and DNSSEC hygiene (DNSKEY algorithms by RFC 8624, signatures about to "
        + "expire, NSEC3 iterations, salt and opt-out, each name server over UDP with EDNS0 and over TCP, "
        + "NXDOMAIN and NODATA answered as such).", ""},
    footerHeading = "%nExamples:%n",
    footer = {"  dane check example.org",
        "  dane check example.org --json > report.json",
        "  dane check example.org --at +60d                 (will the chains still verify in 60 days?)",
        "  dane check example.test --resolver 127.0.0.1:5353 --trust-anchor root.key",
        "",
        "Exit status: 0 all good, 1 problems found (errors; warnings too with --strict),",
        "2 could not check (unreachable resolver or server, no such domain, bad input)."})
final class CheckCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "DOMAIN", description = "The mail domain (the part after @).")
  String domain;

  @Option(names = "--port", paramLabel = "PORT", description = "SMTP port; also the TLSA name _PORT._tcp (default 25).")
  int port = 25;

  @Option(names = "--json", description = "Print the report as JSON (schema " + DomainCheck.SCHEMA + ", docs/CLI.md).")
  boolean json;

  @Option(names = "--at", paramLabel = "WHEN",
      description = "Also verify every chain at this time: +30d (default), +12h, +2w, or a date like 2027-01-31.")
  String at = "+30d";

  @Mixin
  ResolverOptions resolverOptions;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Network timeout per step (default 10).")
  int timeoutSeconds = 10;

  @Option(names = "--helo", paramLabel = "NAME", description = "EHLO name (default localhost).")
  String helo = "localhost";

  @Option(names = "--no-hygiene", description = "Skip the DNSSEC hygiene checks.")
  boolean noHygiene;

  @Option(names = "--no-nameservers", description = "Skip the per-name-server checks (EDNS0, TCP, denial).")
  boolean noNameServers;

  @Option(names = "--nameserver-port", paramLabel = "PORT", description = "Port of the authoritative servers (default 53; for test setups).")
  int nameServerPort = 53;

  @Option(names = {"-4", "--ipv4-only"}, description = "Probe IPv4 addresses only (IPv6 ones are listed, not probed).")
  boolean ipv4Only;

  @Option(names = {"-6", "--ipv6-only"}, description = "Probe IPv6 addresses only (IPv4 ones are listed, not probed).")
  boolean ipv6Only;

  @Option(names = "--strict", description = "Count warnings as problems (exit status 1).")
  boolean strict;

  @Option(names = "--progress", negatable = true,
      description = "Show progress on standard error after a second (default: when it is a terminal).")
  Boolean progress;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String name = domainName(domain);
    if (port < 1 || port > 65535) {
      throw CliException.badInput("--port must be 1..65535, not " + port);
    }
    if (timeoutSeconds < 1 || timeoutSeconds > 600) {
      throw CliException.badInput("--timeout must be 1..600 seconds, not " + timeoutSeconds);
    }
    if (ipv4Only && ipv6Only) {
      throw CliException.badInput("-4 and -6 exclude each other");
    }
    String family = ipv4Only ? "ipv4" : ipv6Only ? "ipv6" : null;
    Instant now = Instant.now();
    Instant when = parseAt(at, now);
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    boolean terminal = System.console() != null;
    try (DnssecResolver resolver = resolverOptions.build(timeout);
        Progress meter = new Progress(err, progress != null ? progress : terminal, terminal)) {
      DnsHygiene hygiene = noHygiene ? null
          : new DnsHygiene(resolverOptions.upstreams().get(0), Duration.ofSeconds(Math.min(timeoutSeconds, 3)), now,
              !noNameServers, nameServerPort);
      DomainCheck check = new DomainCheck(name, port, now, when, resolver, new StartTlsClient(timeout, helo), meter,
          hygiene, family).run();
      meter.stop();
      if (!json && check.nothingChecked().isPresent()) {
        // Nothing to report but why: one line, like any other input problem.
        err.println("dane check: " + check.nothingChecked().get());
        err.flush();
        return check.exitStatus(strict);
      }
      out.print(json ? Json.write(check.json(strict)) : check.human(strict));
      out.flush();
      return check.exitStatus(strict);
    }
  }

  static String domainName(String text) {
    String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    try {
      name = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw CliException.badInput("\"" + text + "\" is not a domain name: " + e.getMessage());
    }
    if (name.isEmpty() || name.contains("@") || !name.contains(".") && !name.equals("localhost")) {
      throw CliException.badInput("\"" + text + "\" is not a mail domain (expected e.g. example.org)");
    }
    return name;
  }

  static Instant parseAt(String text, Instant now) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("+")) {
        long n = Long.parseLong(t.substring(1, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
          case 'h' -> now.plus(Duration.ofHours(n));
          case 'd' -> now.plus(Duration.ofDays(n));
          case 'w' -> now.plus(Duration.ofDays(7 * n));
          default -> throw new NumberFormatException();
        };
      }
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(text.trim());
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw CliException.badInput("--at " + text + " is neither +N[h|d|w] nor a date (2027-01-31) or instant");
    }
  }
}
