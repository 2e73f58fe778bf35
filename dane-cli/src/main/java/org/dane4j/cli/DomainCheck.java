package org.dane4j.cli;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.dane4j.core.DaneResult;
import org.dane4j.core.DaneVerifier;
import org.dane4j.core.MatchingType;
import org.dane4j.core.Selector;
import org.dane4j.core.TlsaRecord;
import org.dane4j.core.Usage;
import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.DnsOutcome;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.core.dns.MxAnswer;
import org.dane4j.core.dns.MxHost;
import org.dane4j.core.dns.SecurityStatus;
import org.dane4j.core.dns.TlsaAnswer;

/**
 * The probe behind {@code dane check}: MX, then for every MX host its addresses, TLSA
 * records and a STARTTLS handshake to every address, each chain verified against the TLSA
 * records with {@link DaneVerifier}; rollover readiness; DNSSEC hygiene of the zones
 * involved. The result is data ({@link #json()}) with a human rendering ({@link #human()}).
 */
final class DomainCheck {
  /** The version of the JSON document; bumped on incompatible changes (docs/CLI.md). */
  static final String SCHEMA = "dane4j-check/1";

  /** What was found for one address of an MX host. */
  record AddressCheck(InetAddress address, SecurityStatus addressStatus, String verdict, String error,
      StartTlsClient.Session session, DaneResult result, DaneResult future) {}

  /** What was found for one MX host. */
  record HostCheck(MxHost mx, DnsAnswer<InetAddress> a, DnsAnswer<InetAddress> aaaa, TlsaAnswer tlsa,
      String requirement, List<String> referenceNames, List<AddressCheck> addresses) {}

  private final String domain;
  private final int port;
  private final Instant now;
  private final Instant at;
  private final DnssecResolver resolver;
  private final StartTlsClient smtp;
  private final Progress progress;
  private final DnsHygiene hygiene;
  private final String family;
  private final ExecutorService probeThreads;
  private final DaneVerifier verifier;
  private final DaneVerifier futureVerifier;
  private final List<Finding> findings = new ArrayList<>();
  private final List<HostCheck> hosts = new ArrayList<>();
  private MxAnswer mx;

  /**
   * @param family "ipv4" or "ipv6" to probe only addresses of that family, {@code null} for both
   */
  DomainCheck(String domain, int port, Instant now, Instant at, DnssecResolver resolver, StartTlsClient smtp,
      Progress progress, DnsHygiene hygiene, String family) {
    this.domain = domain;
    this.port = port;
    this.now = now;
    this.at = at;
    this.resolver = resolver;
    this.smtp = smtp;
    this.progress = progress;
    this.hygiene = hygiene;
    this.family = family;
    this.probeThreads = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "dane-probe");
      t.setDaemon(true);
      return t;
    });
    this.verifier = DaneVerifier.builder().clock(Clock.fixed(now, ZoneOffset.UTC)).cacheMaxEntries(0).build();
    this.futureVerifier = DaneVerifier.builder().clock(Clock.fixed(at, ZoneOffset.UTC)).cacheMaxEntries(0).build();
  }

  DomainCheck run() {
    try {
      return check();
    } finally {
      probeThreads.shutdownNow();
    }
  }

  private DomainCheck check() {
    progress.step("MX lookup for " + domain);
    mx = resolver.lookupMx(domain);
    if (mx.isFailure()) {
      var failure = mx.failure().orElseThrow();
      findings.add(new Finding(Lookups.isTransport(failure) ? Finding.Severity.UNCHECKED : Finding.Severity.ERROR,
          "mx-lookup-failed", domain, "MX lookup failed: " + Lookups.failure(failure)
          + " (RFC 7672 section 2.1.2: mail to " + domain + " is deferred)"));
      return this;
    }
    if (mx.answer().outcome() == DnsOutcome.NXDOMAIN) {
      findings.add(new Finding(Finding.Severity.UNCHECKED, "nxdomain", domain,
          domain + " does not exist (" + mx.status() + " NXDOMAIN): nothing to check"));
      return this;
    }
    if (mx.isNullMx()) {
      findings.add(new Finding(Finding.Severity.NOTE, "null-mx", domain,
          domain + " publishes a null MX (RFC 7505): it accepts no mail, nothing to check"));
      return this;
    }
    if (mx.status() != SecurityStatus.SECURE) {
      findings.add(new Finding(Finding.Severity.NOTE, "mx-insecure", domain, "the MX RRset is " + mx.status()
          + ": DANE can protect each MX host, but not the choice of MX hosts (RFC 7672 section 2.2.1)"));
    }
    if (mx.isImplicit()) {
      findings.add(new Finding(Finding.Severity.NOTE, "implicit-mx", domain,
          domain + " has no MX records: mail goes to the domain itself (RFC 5321 section 5.1)"));
    }
    for (MxHost host : mx.hosts()) {
      try {
        hosts.add(host(host));
      } catch (IllegalArgumentException e) {
        // DnssecResolver refuses names that cannot be hosts; senders skip such an MX.
        findings.add(new Finding(Finding.Severity.ERROR, "mx-host-invalid", host.host(),
            "MX host name cannot be looked up: " + e.getMessage()));
      }
    }
    if (mx.isImplicit() && hosts.size() == 1 && hosts.get(0).addresses().isEmpty()
        && !hosts.get(0).a().isFailure() && !hosts.get(0).aaaa().isFailure()) {
      findings.add(new Finding(Finding.Severity.UNCHECKED, "no-mx", domain,
          domain + " has no MX records and no addresses: it receives no mail, nothing to check"));
    }
    if (hygiene != null) {
      Set<String> names = new LinkedHashSet<>();
      names.add(domain);
      for (HostCheck host : hosts) {
        names.add(host.mx().host());
        host.tlsa().baseDomain().ifPresent(names::add);
      }
      progress.step("DNSSEC hygiene");
      findings.addAll(hygiene.check(names, progress));
    }
    return this;
  }

  private HostCheck host(MxHost host) {
    String name = host.host();
    progress.step("address lookups for " + name);
    CompletableFuture<DnsAnswer<InetAddress>> aFuture = resolver.lookupAAsync(name).toCompletableFuture();
    CompletableFuture<DnsAnswer<InetAddress>> aaaaFuture = resolver.lookupAaaaAsync(name).toCompletableFuture();
    DnsAnswer<InetAddress> a = aFuture.join();
    DnsAnswer<InetAddress> aaaa = aaaaFuture.join();
    DnsAnswer<InetAddress> forTlsa = a.outcome() == DnsOutcome.DATA || aaaa.outcome() != DnsOutcome.DATA ? a : aaaa;
    progress.step("TLSA lookup for " + name);
    TlsaAnswer tlsa = resolver.lookupTlsa(forTlsa, port);
    for (DnsAnswer<InetAddress> answer : List.of(a, aaaa)) {
      answer.failure().ifPresent(f -> findings.add(new Finding(
          Lookups.isTransport(f) ? Finding.Severity.UNCHECKED : Finding.Severity.ERROR, "address-lookup-failed", name,
          answer.type() + " lookup failed: " + Lookups.failure(f) + " (RFC 7672 section 2.1.2: this MX host is skipped)")));
    }
    List<TlsaRecord> usable = tlsa.records().stream().filter(verifier::isUsable).collect(Collectors.toList());
    String requirement;
    if (tlsa.isFailure()) {
      requirement = "unusable";
      if (!a.isFailure() && !aaaa.isFailure()) {
        var f = tlsa.failure().orElseThrow();
        findings.add(new Finding(Lookups.isTransport(f) ? Finding.Severity.UNCHECKED : Finding.Severity.ERROR,
            "tlsa-lookup-failed", name, "TLSA lookup failed: " + Lookups.failure(f)
            + " (RFC 7672 section 2.1.2: senders skip this MX host)"));
      }
    } else if (tlsa.status() == SecurityStatus.SECURE && !tlsa.records().isEmpty()) {
      requirement = usable.isEmpty() ? "tls-required-unauthenticated" : "dane";
      for (TlsaRecord record : tlsa.records()) {
        String why = verifier.unusableReason(record);
        if (why != null) {
          findings.add(new Finding(usable.isEmpty() ? Finding.Severity.ERROR : Finding.Severity.WARNING,
              "tlsa-unusable-record", name, "TLSA record " + record.describe() + " is unusable: " + why));
        }
      }
      if (usable.isEmpty()) {
        findings.add(new Finding(Finding.Severity.ERROR, "tlsa-no-usable-records", name,
            "no TLSA record is usable: senders require TLS but cannot authenticate (RFC 7672 section 2.2)"));
      }
    } else {
      requirement = "opportunistic";
    }
    List<String> referenceNames = referenceNames(tlsa.baseDomain().orElse(name), name);
    List<AddressCheck> checks = new ArrayList<>();
    List<InetAddress> addresses = new ArrayList<>(a.records());
    addresses.addAll(aaaa.records());
    if (!requirement.equals("unusable")) {
      // The handshakes run in parallel (an unreachable address costs a whole timeout); the
      // results are judged one by one, in address order.
      progress.step("STARTTLS to " + addresses.size() + " address(es) of " + name);
      String sni = tlsa.baseDomain().orElse(name);
      List<CompletableFuture<Probe>> probes = new ArrayList<>();
      for (InetAddress address : addresses) {
        probes.add(probe(address) ? CompletableFuture.supplyAsync(() -> Probe.of(smtp, address, port, sni), probeThreads)
            : CompletableFuture.completedFuture(null));
      }
      for (int i = 0; i < addresses.size(); i++) {
        InetAddress address = addresses.get(i);
        SecurityStatus status = a.records().contains(address) ? a.status() : aaaa.status();
        Probe probe = probes.get(i).join();
        checks.add(probe == null ? new AddressCheck(address, status, "skipped", "address family not probed (--"
            + family + "-only)", null, null, null)
            : address(name, address, status, probe, usable, requirement, referenceNames));
      }
    }
    HostCheck check = new HostCheck(host, a, aaaa, tlsa, requirement, referenceNames, checks);
    rollover(check, usable);
    return check;
  }

  /** RFC 7672 section 3.2.2, as dane-smtp's planner does it (RFC-CHECKLIST item 20). */
  private List<String> referenceNames(String base, String host) {
    Set<String> names = new LinkedHashSet<>();
    names.add(base);
    if (mx.isImplicit()) {
      names.add(domain);
    } else if (mx.status() == SecurityStatus.SECURE) {
      names.add(domain);
      names.add(mx.answer().canonicalName());
    } else {
      names.add(host);
    }
    return List.copyOf(names);
  }

  private boolean probe(InetAddress address) {
    return family == null || family.equals(address instanceof Inet6Address ? "ipv6" : "ipv4");
  }

  /** One STARTTLS probe's outcome: a session or the failure. */
  private record Probe(StartTlsClient.Session session, StartTlsClient.ProbeException failure) {
    static Probe of(StartTlsClient smtp, InetAddress address, int port, String sni) {
      try {
        return new Probe(smtp.fetch(new InetSocketAddress(address, port), sni), null);
      } catch (StartTlsClient.ProbeException e) {
        return new Probe(null, e);
      }
    }
  }

  private AddressCheck address(String host, InetAddress address, SecurityStatus status, Probe probe,
      List<TlsaRecord> usable, String requirement, List<String> referenceNames) {
    String where = where(host, address);
    StartTlsClient.Session session = probe.session();
    if (session == null) {
      StartTlsClient.ProbeException e = probe.failure();
      String verdict;
      Finding.Severity severity;
      switch (e.stage()) {
        case CONNECT -> {
          verdict = "unreachable";
          severity = Finding.Severity.UNCHECKED;
        }
        case STARTTLS_NOT_OFFERED -> {
          verdict = "no-starttls";
          severity = requirement.equals("opportunistic") ? Finding.Severity.WARNING : Finding.Severity.ERROR;
        }
        case HANDSHAKE -> {
          verdict = "handshake-failed";
          severity = requirement.equals("opportunistic") ? Finding.Severity.WARNING : Finding.Severity.ERROR;
        }
        default -> {
          verdict = "smtp-failed";
          severity = Finding.Severity.ERROR;
        }
      }
      String consequence = severity == Finding.Severity.ERROR && !requirement.equals("opportunistic")
          ? " (TLS is required: senders skip this address)" : "";
      findings.add(new Finding(severity, verdict, where, e.getMessage() + consequence));
      return new AddressCheck(address, status, verdict, e.getMessage(), null, null, null);
    }
    List<X509Certificate> chain = session.chain();
    if (!requirement.equals("dane") && !requirement.equals("tls-required-unauthenticated")) {
      return new AddressCheck(address, status, "tls-opportunistic", null, session, null, null);
    }
    if (requirement.equals("tls-required-unauthenticated")) {
      return new AddressCheck(address, status, "tls-unauthenticated", null, session, null, null);
    }
    DaneResult result = verifier.verify(chain, usable, referenceNames);
    DaneResult future = futureVerifier.verify(chain, usable, referenceNames);
    if (!result.isVerified()) {
      findings.add(new Finding(Finding.Severity.ERROR, "dane-mismatch", where,
          "DANE verification failed: no TLSA record matches the chain the server presents (details above)"));
      return new AddressCheck(address, status, "dane-failed", null, session, result, future);
    }
    if (!future.isVerified()) {
      findings.add(new Finding(Finding.Severity.WARNING, "dane-fails-at", where, "verifies now but not at " + at
          + ": " + whyNot(future) + expiring(result, at)));
    }
    return new AddressCheck(address, status, "verified", null, session, result, future);
  }

  private static String expiring(DaneResult result, Instant at) {
    List<String> expiring = new ArrayList<>();
    for (X509Certificate c : result.validatedPath()) {
      if (c.getNotAfter().toInstant().isBefore(at)) {
        expiring.add(Certificates.subject(c) + " expires " + c.getNotAfter().toInstant());
      }
    }
    return expiring.isEmpty() ? "" : " (" + String.join("; ", expiring) + ")";
  }

  /** Rollover readiness (RFC 7671 section 8.1, RFC 7672 section 4; the DANE survey's advice). */
  private void rollover(HostCheck host, List<TlsaRecord> usable) {
    List<AddressCheck> verified = host.addresses().stream().filter(c -> c.verdict().equals("verified")).toList();
    List<AddressCheck> failed = host.addresses().stream().filter(c -> c.verdict().equals("dane-failed")).toList();
    String name = host.mx().host();
    if (!verified.isEmpty() && !failed.isEmpty()) {
      findings.add(new Finding(Finding.Severity.WARNING, "partial-match", name, "TLSA records match the chain on "
          + verified.size() + " address(es) but not on " + failed.size() + " ("
          + failed.stream().map(c -> Lookups.address(c.address())).collect(Collectors.joining(", "))
          + "): a half-done certificate rollover?"));
    }
    if (verified.isEmpty()) {
      return;
    }
    Set<TlsaRecord> matched = new LinkedHashSet<>();
    for (AddressCheck c : verified) {
      c.result().matchedRecord().ifPresent(matched::add);
    }
    boolean onlyEe = matched.stream().allMatch(r -> r.usage() == Usage.DANE_EE);
    long eeRecords = usable.stream().filter(r -> r.usage() == Usage.DANE_EE).count();
    boolean anyTa = usable.stream().anyMatch(r -> r.usage() == Usage.DANE_TA);
    if (onlyEe && matched.size() == 1 && eeRecords == 1 && !anyTa) {
      TlsaRecord only = matched.iterator().next();
      findings.add(new Finding(Finding.Severity.WARNING, "rollover-single-record", name,
          "the only TLSA record is " + only.usageValue() + " " + only.selectorValue() + " " + only.matchingTypeValue()
          + " for the current key: publish the next key's record (\"3 1 1 current + 3 1 1 next\") or a 2 1 1"
          + " record of the issuing CA at least twice the TTL (" + host.tlsa().answer().ttl().getSeconds()
          + " s) before changing keys"));
    }
  }

  private static String where(String host, InetAddress address) {
    String ip = address.getHostAddress();
    return host + "[" + ip + "]";
  }

  /** The evidence of a failed verification in one line: the first rejected record's detail. */
  private static String whyNot(DaneResult result) {
    for (DaneResult.RecordDiagnostic d : result.records()) {
      if (d.outcome() == DaneResult.Outcome.REJECTED) {
        return d.record().describe() + " " + d.detail();
      }
    }
    String text = result.explanation();
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  /**
   * Why nothing could be checked at all (no such domain, no MX and no address, a null MX, a
   * failed MX lookup); empty when there were MX hosts to check.
   */
  java.util.Optional<String> nothingChecked() {
    if (hosts.isEmpty() || hosts.size() == 1 && mx.isImplicit() && hosts.get(0).addresses().isEmpty()) {
      return findings.stream().filter(f -> f.severity() != Finding.Severity.WARNING)
          .filter(f -> !f.code().equals("implicit-mx") && !f.code().equals("mx-insecure"))
          .map(Finding::message).reduce((a, b) -> b);
    }
    return java.util.Optional.empty();
  }

  List<Finding> findings() {
    return findings;
  }

  /** 0, 1 or 2 as documented; {@code strict} counts warnings as problems. */
  int exitStatus(boolean strict) {
    boolean error = findings.stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR
        || (strict && f.severity() == Finding.Severity.WARNING));
    if (error) {
      return Exit.PROBLEMS;
    }
    return findings.stream().anyMatch(f -> f.severity() == Finding.Severity.UNCHECKED) ? Exit.CANNOT_CHECK : Exit.OK;
  }

  // ---------------------------------------------------------------- human output

  String human(boolean strict) {
    StringBuilder out = new StringBuilder();
    out.append("dane check ").append(domain).append(" port ").append(port).append(" at ").append(now)
        .append(" (future check at ").append(at).append(")\n");
    if (mx != null) {
      out.append("MX ").append(domain).append(": ");
      if (mx.answer().outcome() == DnsOutcome.DATA && !mx.isNullMx()) {
        out.append(mx.status()).append(' ').append(mx.hosts().stream().map(h -> h.preference() + " " + h.host())
            .collect(Collectors.joining(", ")));
        if (!mx.answer().cnameChain().isEmpty()) {
          out.append(" via ").append(Lookups.chain(mx.answer().cnameChain()));
        }
      } else {
        out.append(Lookups.describe(mx.answer(), h -> h.preference() + " " + (h.host().isEmpty() ? "." : h.host())));
      }
      out.append('\n');
    }
    for (HostCheck host : hosts) {
      out.append('\n').append(host.mx().host()).append(" (preference ").append(host.mx().preference()).append(")\n");
      out.append("  A     ").append(Lookups.describe(host.a(), Lookups::address)).append('\n');
      out.append("  AAAA  ").append(Lookups.describe(host.aaaa(), Lookups::address)).append('\n');
      TlsaAnswer tlsa = host.tlsa();
      if (!tlsa.wasQueried()) {
        out.append("  TLSA  not queried: ").append(tlsa.isFailure() ? Lookups.failure(tlsa.failure().orElseThrow())
            : "the addresses are not secure (RFC 7672 section 2.2.2): no DANE").append('\n');
      } else {
        out.append("  TLSA  _").append(port).append("._tcp.").append(tlsa.baseDomain().orElseThrow()).append(": ")
            .append(tlsa.isFailure() ? Lookups.failure(tlsa.failure().orElseThrow())
                : tlsa.status() + " " + tlsa.answer().outcome() + (tlsa.records().isEmpty() ? ""
                : ", " + tlsa.records().size() + " record(s), TTL " + tlsa.answer().ttl().getSeconds())
                + (tlsa.answer().cnameChain().isEmpty() ? "" : " via " + Lookups.chain(tlsa.answer().cnameChain())))
            .append('\n');
        for (TlsaRecord record : tlsa.records()) {
          String why = verifier.unusableReason(record);
          out.append("        ").append(record).append(why == null ? "" : "  (unusable: " + why + ")").append('\n');
        }
      }
      out.append("  => ").append(requirementText(host.requirement())).append('\n');
      for (AddressCheck c : host.addresses()) {
        address(out, host, c);
      }
    }
    out.append('\n');
    for (Finding f : findings) {
      out.append(f).append('\n');
    }
    long errors = findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
    long warnings = findings.stream().filter(f -> f.severity() == Finding.Severity.WARNING).count();
    long unchecked = findings.stream().filter(f -> f.severity() == Finding.Severity.UNCHECKED).count();
    int exit = exitStatus(strict);
    out.append("Result: ").append(exit == Exit.OK ? "OK" : exit == Exit.PROBLEMS ? "PROBLEMS FOUND" : "COULD NOT CHECK")
        .append(" (").append(errors).append(" error(s), ").append(warnings).append(" warning(s), ")
        .append(unchecked).append(" not checked)\n");
    return out.toString();
  }

  private static String requirementText(String requirement) {
    return switch (requirement) {
      case "dane" -> "DANE: senders require TLS authenticated by the TLSA records";
      case "tls-required-unauthenticated" -> "TLS required, but no usable TLSA record to authenticate it";
      case "opportunistic" -> "no DANE: opportunistic TLS, cleartext allowed";
      default -> "unusable: senders skip this MX host";
    };
  }

  private void address(StringBuilder out, HostCheck host, AddressCheck c) {
    String where = host.mx().host() + "[" + c.address().getHostAddress() + "]:" + port;
    out.append("  ").append(where).append(" (address ").append(c.addressStatus()).append(")\n");
    if (c.session() == null) {
      out.append("    ").append(c.error()).append('\n');
      return;
    }
    StartTlsClient.Session s = c.session();
    List<X509Certificate> chain = s.chain();
    for (int depth = 0; depth < chain.size(); depth++) {
      X509Certificate cert = chain.get(depth);
      out.append("    depth=").append(depth).append(" subject=").append(Certificates.subject(cert))
          .append(" issuer=").append(cert.getIssuerX500Principal().getName())
          .append(" notAfter=").append(cert.getNotAfter().toInstant())
          .append(cert.getNotAfter().toInstant().isBefore(now) ? " (EXPIRED)" : "").append('\n');
      String wouldBe = depth == 0
          ? "3 1 1 " + TlsaRecord.forCertificate(cert, Usage.DANE_EE, Selector.SPKI, MatchingType.SHA2_256).dataHex()
          : "2 1 1 " + TlsaRecord.forCertificate(cert, Usage.DANE_TA, Selector.SPKI, MatchingType.SHA2_256).dataHex();
      out.append("      would match: ").append(wouldBe).append('\n');
    }
    String tls = s.protocol() + " with cipher " + s.cipherSuite();
    switch (c.verdict()) {
      case "verified" -> {
        DaneResult r = c.result();
        TlsaRecord m = r.matchedRecord().orElseThrow();
        out.append("    Matched ").append(m.usage() == Usage.DANE_EE ? "DANE EE" : "DANE TA").append(" record ")
            .append(m).append(" at depth ").append(r.matchedDepth().orElse(-1))
            .append(r.matchedName().map(n -> ", name " + n).orElse("")).append('\n');
        out.append("    ").append(mx.status() == SecurityStatus.SECURE ? "Verified" : "Trusted")
            .append(" TLS connection established to ").append(where).append(": ").append(tls).append('\n');
      }
      case "dane-failed" -> {
        out.append("    Untrusted TLS connection established to ").append(where).append(": ").append(tls).append('\n');
        for (String line : c.result().explanation().split("\n")) {
          out.append("    ").append(line).append('\n');
        }
      }
      default -> out.append("    Untrusted TLS connection established to ").append(where).append(": ").append(tls)
          .append(" (no DANE authentication)").append('\n');
    }
  }

  // ---------------------------------------------------------------- JSON

  Map<String, Object> json(boolean strict) {
    Map<String, Object> o = Json.object();
    o.put("schema", SCHEMA);
    o.put("domain", domain);
    o.put("port", port);
    o.put("checked_at", now.toString());
    o.put("future_at", at.toString());
    if (mx != null) {
      Map<String, Object> m = Lookups.json(mx.answer(), h -> h.preference() + " " + (h.host().isEmpty() ? "." : h.host()));
      m.put("implicit", mx.isImplicit());
      m.put("null_mx", mx.isNullMx());
      o.put("mx", m);
    } else {
      o.put("mx", null);
    }
    List<Object> hostList = new ArrayList<>();
    for (HostCheck host : hosts) {
      Map<String, Object> h = Json.object();
      h.put("host", host.mx().host());
      h.put("preference", host.mx().preference());
      h.put("a", Lookups.json(host.a(), Lookups::address));
      h.put("aaaa", Lookups.json(host.aaaa(), Lookups::address));
      Map<String, Object> t = Json.object();
      t.put("queried", host.tlsa().wasQueried());
      t.put("base_domain", host.tlsa().baseDomain().orElse(null));
      t.put("lookup", Lookups.json(host.tlsa().answer(), TlsaRecord::toString));
      List<Object> unusable = new ArrayList<>();
      for (TlsaRecord record : host.tlsa().records()) {
        String why = verifier.unusableReason(record);
        if (why != null) {
          Map<String, Object> u = Json.object();
          u.put("record", record.toString());
          u.put("reason", why);
          unusable.add(u);
        }
      }
      t.put("unusable", unusable);
      h.put("tlsa", t);
      h.put("requirement", host.requirement());
      h.put("reference_names", host.referenceNames());
      List<Object> addrs = new ArrayList<>();
      for (AddressCheck c : host.addresses()) {
        addrs.add(addressJson(c));
      }
      h.put("addresses", addrs);
      hostList.add(h);
    }
    o.put("hosts", hostList);
    List<Object> list = new ArrayList<>();
    findings.forEach(f -> list.add(f.json()));
    o.put("findings", list);
    int exit = exitStatus(strict);
    o.put("exit_status", exit);
    o.put("verdict", exit == Exit.OK ? "ok" : exit == Exit.PROBLEMS ? "problems" : "not-checked");
    return o;
  }

  private Map<String, Object> addressJson(AddressCheck c) {
    Map<String, Object> a = Json.object();
    a.put("address", c.address().getHostAddress());
    a.put("family", c.address() instanceof Inet6Address ? "ipv6" : "ipv4");
    a.put("status", c.addressStatus().name().toLowerCase(Locale.ROOT));
    a.put("verdict", c.verdict());
    a.put("error", c.error());
    if (c.session() != null) {
      a.put("tls_protocol", c.session().protocol());
      a.put("tls_cipher", c.session().cipherSuite());
      List<Object> chain = new ArrayList<>();
      int depth = 0;
      for (X509Certificate cert : c.session().chain()) {
        Map<String, Object> x = Json.object();
        x.put("depth", depth);
        x.put("subject", Certificates.subject(cert));
        x.put("issuer", cert.getIssuerX500Principal().getName());
        x.put("not_before", cert.getNotBefore().toInstant().toString());
        x.put("not_after", cert.getNotAfter().toInstant().toString());
        x.put("spki_sha256", TlsaRecord.forCertificate(cert, Usage.DANE_EE, Selector.SPKI, MatchingType.SHA2_256).dataHex());
        chain.add(x);
        depth++;
      }
      a.put("chain", chain);
    }
    a.put("dane", c.result() == null ? null : resultJson(c.result()));
    a.put("dane_at_future", c.future() == null ? null : c.future().status().name().toLowerCase(Locale.ROOT));
    return a;
  }

  private static Map<String, Object> resultJson(DaneResult r) {
    Map<String, Object> d = Json.object();
    d.put("status", r.status().name().toLowerCase(Locale.ROOT));
    d.put("matched_record", r.matchedRecord().map(TlsaRecord::toString).orElse(null));
    d.put("matched_depth", r.matchedDepth().isPresent() ? (Object) r.matchedDepth().getAsInt() : null);
    d.put("matched_name", r.matchedName().orElse(null));
    List<Object> records = new ArrayList<>();
    for (DaneResult.RecordDiagnostic rd : r.records()) {
      Map<String, Object> x = Json.object();
      x.put("record", rd.record().toString());
      x.put("outcome", rd.outcome().name().toLowerCase(Locale.ROOT));
      x.put("detail", rd.detail());
      records.add(x);
    }
    d.put("records", records);
    List<Object> depths = new ArrayList<>();
    for (DaneResult.CertificateDiagnostic cd : r.certificates()) {
      Map<String, Object> x = Json.object();
      x.put("depth", cd.depth());
      x.put("subject", cd.subject());
      x.put("would_match", cd.wouldBe().stream().map(TlsaRecord::toString).toList());
      depths.add(x);
    }
    d.put("certificates", depths);
    d.put("explanation", r.explanation());
    return d;
  }
}
