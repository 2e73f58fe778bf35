package org.dane4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dane predelegation}: what a registry checks before a delegation goes live. */
@Command(name = "predelegation", mixinStandardHelpOptions = true, sortOptions = false,
    headerHeading = "%n", header = "Check a zone's name servers before the delegation goes live, as a registry does.",
    descriptionHeading = "%n",
    description = {"Asks every given name server directly (no recursion): SOA over UDP with EDNS0 and over TCP, "
        + "authoritative (AA), the same SOA serial and NS set everywhere, the NS set equal to the one submitted, "
        + "glue consistent with the zone's own address records; with --dnskey or --ds: the DNSKEY RRset identical "
        + "everywhere, containing each submitted key and signed by it, RRSIG validity windows; denial of "
        + "existence for a random name (NXDOMAIN with NSEC or NSEC3); NSEC3 parameters per RFC 9276.", ""},
    footerHeading = "%nExamples:%n",
    footer = {"  dane predelegation example.org --ns ns1.example.org/192.0.2.53 --ns ns2.provider.net",
        "  dane predelegation example.org --ns ns1.example.org/192.0.2.53 --ns ns1.example.org/2001:db8::53 \\",
        "      --dnskey 'example.org. IN DNSKEY 257 3 13 mdsswUyr3...'",
        "  dane predelegation example.org --ns ns1.example.org/192.0.2.53 --ds '12345 13 2 4d0b...'",
        "",
        "Exit status: 0 ready for delegation (warnings allowed), 1 problems found, 2 no name server could be asked."})
final class PredelegationCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "DOMAIN", description = "The zone to delegate.")
  String domain;

  @Option(names = "--ns", paramLabel = "NAME[/ADDR]", required = true,
      description = "A name server, with its address (glue; required for names inside the zone). Repeatable; "
          + "one address per --ns, repeat the name for more. ADDR may carry :PORT for test setups.")
  List<String> nameServers;

  @Option(names = "--dnskey", paramLabel = "DNSKEY",
      description = "A DNSKEY to be submitted to the registry (as for 'dane dnskey'). Repeatable.")
  List<String> dnskeys = new ArrayList<>();

  @Option(names = "--ds", paramLabel = "DS", description = "A DS record to be submitted (\"tag alg type hex\"). Repeatable.")
  List<String> dsRecords = new ArrayList<>();

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Timeout per query (default 3).")
  int timeoutSeconds = 3;

  private final List<Finding> findings = new ArrayList<>();
  private final SecureRandom random = new SecureRandom();

  private record Server(String name, InetSocketAddress address) {
    String label() {
      return name + "[" + StartTlsClient.show(address) + "]";
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Name zone = name(CheckCommand.domainName(domain));
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    List<Server> servers = servers(zone);
    List<DnskeyCheck.Result> submitted = new ArrayList<>();
    for (String text : dnskeys) {
      for (DnskeyInput.Key key : DnskeyInput.parse(text)) {
        DnskeyCheck.Result result = DnskeyCheck.check(key, DnskeyCheck.DEFAULT_ACCEPTED);
        for (DnskeyCheck.Finding f : result.findings()) {
          findings.add(new Finding(f.error() ? Finding.Severity.ERROR : Finding.Severity.WARNING, "dnskey",
              "key tag " + result.keyTag(), f.message()));
        }
        submitted.add(result);
      }
    }
    List<DSRecord> ds = new ArrayList<>();
    for (String text : dsRecords) {
      ds.add(parseDs(zone, text));
    }

    out.println("dane predelegation " + zone.toString(true) + ": " + servers.size() + " name server address(es)");
    Set<String> submittedNs = new TreeSet<>();
    servers.forEach(s -> submittedNs.add(s.name()));
    Map<String, Long> serials = new LinkedHashMap<>();
    Map<String, Set<String>> nsSets = new LinkedHashMap<>();
    Map<String, Set<String>> keySets = new LinkedHashMap<>();
    int answered = 0;
    RRset dnskeySet = null;
    List<RRSIGRecord> dnskeySigs = new ArrayList<>();
    boolean terminal = System.console() != null;
    Progress progress = new Progress(spec.commandLine().getErr(), terminal, terminal);
    for (Server server : servers) {
      progress.step("asking " + server.label());
      out.println("  " + server.label());
      DnsHygiene.NameServerProbe.Result udp = DnsHygiene.NameServerProbe.soa(server.address(), zone, false, timeout);
      DnsHygiene.NameServerProbe.Result tcp = DnsHygiene.NameServerProbe.soa(server.address(), zone, true, timeout);
      for (DnsHygiene.NameServerProbe.Result r : List.of(udp, tcp)) {
        for (String problem : r.problems()) {
          findings.add(new Finding(Finding.Severity.ERROR, r.tcp() ? "ns-tcp" : "ns-udp", server.label(), problem));
        }
      }
      if (udp.serial() < 0 && tcp.serial() < 0) {
        continue;
      }
      answered++;
      serials.put(server.label(), Math.max(udp.serial(), tcp.serial()));
      try {
        Message ns = query(server, zone, Type.NS, timeout);
        Set<String> names = new TreeSet<>();
        for (Record r : ns.getSection(Section.ANSWER)) {
          if (r instanceof NSRecord n) {
            names.add(n.getTarget().toString(true).toLowerCase(Locale.ROOT));
          }
        }
        nsSets.put(server.label(), names);
        glue(server, zone, timeout);
        Message keys = query(server, zone, Type.DNSKEY, timeout);
        Set<String> keyTexts = new TreeSet<>();
        RRset set = new RRset();
        List<RRSIGRecord> sigs = new ArrayList<>();
        for (Record r : keys.getSection(Section.ANSWER)) {
          if (r instanceof DNSKEYRecord k) {
            keyTexts.add(k.rdataToString());
            set.addRR(k);
          } else if (r instanceof RRSIGRecord s && s.getTypeCovered() == Type.DNSKEY) {
            sigs.add(s);
          }
        }
        keySets.put(server.label(), keyTexts);
        if (dnskeySet == null && set.size() > 0) {
          dnskeySet = set;
          dnskeySigs = sigs;
        }
        signatures(server, zone, keys, timeout);
        denial(server, zone, timeout);
      } catch (IOException e) {
        findings.add(new Finding(Finding.Severity.ERROR, "ns-query", server.label(), "query failed: " + e.getMessage()));
      }
    }
    progress.stop();
    if (answered == 0) {
      for (Finding f : findings) {
        out.println(f);
      }
      out.println("Result: COULD NOT CHECK (no name server answered)");
      out.flush();
      return Exit.CANNOT_CHECK;
    }
    if (new LinkedHashSet<>(serials.values()).size() > 1) {
      findings.add(new Finding(Finding.Severity.ERROR, "soa-serial", "", "SOA serials differ: " + serials));
    }
    for (Map.Entry<String, Set<String>> e : nsSets.entrySet()) {
      if (!e.getValue().equals(submittedNs)) {
        findings.add(new Finding(Finding.Severity.ERROR, "ns-set", e.getKey(), "the zone's NS RRset " + e.getValue()
            + " differs from the submitted name servers " + submittedNs));
      }
    }
    if (new LinkedHashSet<>(keySets.values()).size() > 1) {
      findings.add(new Finding(Finding.Severity.ERROR, "dnskey-differs", "", "the DNSKEY RRset differs between name servers"));
    }
    keys(zone, dnskeySet, dnskeySigs, submitted, ds);
    for (Finding f : findings) {
      out.println(f);
    }
    boolean errors = findings.stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR);
    out.println("Result: " + (errors ? "PROBLEMS FOUND" : "OK") + " ("
        + findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count() + " error(s), "
        + findings.stream().filter(f -> f.severity() == Finding.Severity.WARNING).count() + " warning(s))");
    out.flush();
    return errors ? Exit.PROBLEMS : Exit.OK;
  }

  private List<Server> servers(Name zone) {
    List<Server> servers = new ArrayList<>();
    for (String spec : nameServers) {
      int slash = spec.indexOf('/');
      String host = CheckCommand.domainName(slash < 0 ? spec : spec.substring(0, slash));
      Name hostName = name(host);
      if (slash < 0) {
        if (hostName.subdomain(zone)) {
          throw CliException.badInput("name server " + host + " is inside " + zone.toString(true)
              + ": give its glue address as " + host + "/ADDR");
        }
        try {
          for (InetAddress a : InetAddress.getAllByName(host)) {
            servers.add(new Server(host, new InetSocketAddress(a, 53)));
          }
        } catch (UnknownHostException e) {
          throw CliException.badInput("name server " + host + " has no address: give it as " + host + "/ADDR");
        }
      } else {
        HostPort hp = HostPort.parse(spec.substring(slash + 1), 53);
        try {
          if (!hp.host().matches("[0-9a-fA-F.:]+")) {
            throw new UnknownHostException(hp.host());
          }
          servers.add(new Server(host, new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port())));
        } catch (UnknownHostException e) {
          throw CliException.badInput("--ns " + spec + ": " + hp.host() + " is not an IP address");
        }
      }
    }
    return servers;
  }

  /** In-zone name servers: the zone's own A/AAAA records must equal the glue given. */
  private void glue(Server server, Name zone, Duration timeout) throws IOException {
    Set<String> given = new TreeSet<>();
    for (String spec : nameServers) {
      int slash = spec.indexOf('/');
      if (slash > 0 && CheckCommand.domainName(spec.substring(0, slash)).equals(server.name())) {
        given.add(InetAddress.getByName(HostPort.parse(spec.substring(slash + 1), 53).host()).getHostAddress());
      }
    }
    Name host = name(server.name());
    if (!host.subdomain(zone) || given.isEmpty()) {
      return;
    }
    Set<String> served = new TreeSet<>();
    for (int type : new int[] {Type.A, Type.AAAA}) {
      for (Record r : query(server, host, type, timeout).getSection(Section.ANSWER)) {
        if (r instanceof ARecord a) {
          served.add(a.getAddress().getHostAddress());
        } else if (r instanceof AAAARecord a) {
          served.add(a.getAddress().getHostAddress());
        }
      }
    }
    if (!served.equals(given)) {
      findings.add(new Finding(Finding.Severity.ERROR, "glue", server.label(), "glue for " + server.name() + " "
          + given + " differs from the zone's address records " + served));
    }
  }

  private void signatures(Server server, Name zone, Message keys, Duration timeout) throws IOException {
    Instant now = Instant.now();
    List<Record> sigs = new ArrayList<>(keys.getSection(Section.ANSWER));
    sigs.addAll(query(server, zone, Type.SOA, timeout).getSection(Section.ANSWER));
    for (Record r : sigs) {
      if (r instanceof RRSIGRecord sig) {
        String what = Type.string(sig.getTypeCovered()) + " RRSIG (key tag " + sig.getFootprint() + ")";
        if (sig.getTimeSigned().isAfter(now)) {
          findings.add(new Finding(Finding.Severity.ERROR, "rrsig-window", server.label(), what + " is not valid before "
              + sig.getTimeSigned()));
        } else if (sig.getExpire().isBefore(now)) {
          findings.add(new Finding(Finding.Severity.ERROR, "rrsig-window", server.label(), what + " expired at "
              + sig.getExpire()));
        } else if (sig.getExpire().isBefore(now.plus(Duration.ofDays(3)))) {
          findings.add(new Finding(Finding.Severity.WARNING, "rrsig-window", server.label(), what + " expires at "
              + sig.getExpire() + ", in less than 3 days"));
        }
      }
    }
  }

  private void denial(Server server, Name zone, Duration timeout) throws IOException {
    Name missing = Name.fromString("dane4j-" + HexFormat.of().formatHex(random.generateSeed(4)), zone);
    Message nx = query(server, missing, Type.A, timeout);
    if (nx.getRcode() != Rcode.NXDOMAIN) {
      findings.add(new Finding(Finding.Severity.ERROR, "denial", server.label(), missing + " A answered "
          + Rcode.string(nx.getRcode()) + ", expected NXDOMAIN"));
      return;
    }
    boolean proof = false;
    for (Record r : nx.getSection(Section.AUTHORITY)) {
      proof |= r instanceof NSECRecord || r instanceof NSEC3Record;
    }
    Message param = query(server, zone, Type.NSEC3PARAM, timeout);
    for (Record r : param.getSection(Section.ANSWER)) {
      if (r instanceof NSEC3PARAMRecord p && (p.getIterations() > 0 || p.getSalt() != null && p.getSalt().length > 0)) {
        findings.add(new Finding(Finding.Severity.WARNING, "nsec3-parameters", server.label(), "NSEC3 with "
            + p.getIterations() + " extra iterations and salt '" + (p.getSalt() == null ? "" : HexFormat.of().formatHex(p.getSalt()))
            + "': RFC 9276 section 3.1 asks for 0 and none"));
      }
    }
    if (!proof && (!dnskeys.isEmpty() || !dsRecords.isEmpty())) {
      findings.add(new Finding(Finding.Severity.ERROR, "denial", server.label(), "NXDOMAIN for " + missing
          + " carries no NSEC or NSEC3 proof"));
    }
  }

  /** Each submitted key (or DS) must be in the DNSKEY RRset and sign it. */
  private void keys(Name zone, RRset set, List<RRSIGRecord> sigs, List<DnskeyCheck.Result> submitted, List<DSRecord> ds) {
    if (submitted.isEmpty() && ds.isEmpty()) {
      if (set != null) {
        findings.add(new Finding(Finding.Severity.NOTE, "unsigned-delegation", "",
            "the zone serves DNSKEYs, but no --dnskey or --ds was given: the delegation would be insecure"));
      }
      return;
    }
    if (set == null) {
      findings.add(new Finding(Finding.Severity.ERROR, "dnskey-missing", "", "no name server serves a DNSKEY RRset"));
      return;
    }
    for (DnskeyCheck.Result key : submitted) {
      DNSKEYRecord match = null;
      for (Record r : set.rrs()) {
        DNSKEYRecord k = (DNSKEYRecord) r;
        if (k.getFlags() == key.key().flags() && k.getAlgorithm() == key.key().algorithm()
            && java.util.Arrays.equals(k.getKey(), key.publicKey())) {
          match = k;
        }
      }
      String label = "DNSKEY key tag " + key.keyTag();
      if (match == null) {
        findings.add(new Finding(Finding.Severity.ERROR, "dnskey-not-served", "", label + " is not in the zone's DNSKEY RRset"));
      } else {
        signedBy(set, sigs, match, label);
      }
    }
    for (DSRecord d : ds) {
      DNSKEYRecord match = null;
      for (Record r : set.rrs()) {
        DNSKEYRecord k = (DNSKEYRecord) r;
        if (k.getFootprint() == d.getFootprint() && k.getAlgorithm() == d.getAlgorithm()) {
          DSRecord computed = new DSRecord(zone, DClass.IN, 0, d.getDigestID(), k);
          if (java.util.Arrays.equals(computed.getDigest(), d.getDigest())) {
            match = k;
          }
        }
      }
      String label = "DS " + d.getFootprint() + " " + d.getAlgorithm() + " " + d.getDigestID();
      if (match == null) {
        findings.add(new Finding(Finding.Severity.ERROR, "ds-no-key", "", label + " matches no DNSKEY the zone serves"));
      } else {
        signedBy(set, sigs, match, label);
      }
    }
  }

  private void signedBy(RRset set, List<RRSIGRecord> sigs, DNSKEYRecord key, String label) {
    String why = "no RRSIG by it";
    for (RRSIGRecord sig : sigs) {
      if (sig.getFootprint() == key.getFootprint() && sig.getAlgorithm() == key.getAlgorithm()) {
        try {
          DNSSEC.verify(set, sig, key, Instant.now());
          findings.add(new Finding(Finding.Severity.NOTE, "dnskey-signed", "", label + " is served and signs the DNSKEY RRset"));
          return;
        } catch (DNSSEC.DNSSECException e) {
          why = e.getMessage();
        }
      }
    }
    findings.add(new Finding(Finding.Severity.ERROR, "dnskey-not-signing", "", label
        + " does not sign the DNSKEY RRset (" + why + "): the delegation would be bogus"));
  }

  private static DSRecord parseDs(Name zone, String text) {
    String rdata = text.trim();
    int ds = rdata.toUpperCase(Locale.ROOT).indexOf(" DS ");
    if (ds >= 0) {
      rdata = rdata.substring(ds + 4).trim();
    }
    String[] f = rdata.split("\\s+", 4);
    try {
      if (f.length < 4) {
        throw new IllegalArgumentException("expected \"tag algorithm digest-type hex\"");
      }
      return new DSRecord(zone, DClass.IN, 0, Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
          HexFormat.of().parseHex(f[3].replaceAll("\\s+", "")));
    } catch (IllegalArgumentException e) {
      throw CliException.badInput("--ds \"" + text + "\": " + e.getMessage());
    }
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw CliException.badInput("\"" + text + "\" is not a domain name");
    }
  }

  private static Message query(Server server, Name name, int type, Duration timeout) throws IOException {
    SimpleResolver resolver = new SimpleResolver(server.address());
    resolver.setTimeout(timeout);
    resolver.setEDNS(0, 1232, ExtendedFlags.DO);
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    query.getHeader().unsetFlag(Flags.RD);
    return resolver.send(query);
  }
}
