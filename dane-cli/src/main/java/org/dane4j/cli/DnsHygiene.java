package org.dane4j.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * DNSSEC hygiene of the zones a mail domain depends on, following the DANE survey's
 * advice: DNSKEY algorithms by RFC 8624 status, signatures close to expiry, NSEC3
 * parameters (RFC 9276: no extra iterations, no salt; opt-out), and per authoritative name
 * server: answers over UDP with EDNS0 and over TCP, authoritative, the same SOA serial, and
 * NXDOMAIN / NODATA answered as such (not REFUSED or NOTIMP).
 *
 * <p>These are raw queries with dnsjava, read for their parameters only: the security
 * verdicts come from the validated lookups of {@link DomainCheck}. Findings here are
 * warnings, never errors: they describe fragility, not a failure.
 */
final class DnsHygiene {
  private static final Duration CLOSE_EXPIRY = Duration.ofDays(3);
  /** A private-use type (RFC 6895 section 3.1) that no zone publishes: its answer must be NODATA. */
  private static final int UNUSED_TYPE = 65400;

  private final InetSocketAddress upstream;
  private final Duration timeout;
  private final Instant now;
  private final boolean nameServers;
  private final int nameServerPort;
  private final SecureRandom random = new SecureRandom();

  DnsHygiene(InetSocketAddress upstream, Duration timeout, Instant now, boolean nameServers, int nameServerPort) {
    this.upstream = upstream;
    this.timeout = timeout;
    this.now = now;
    this.nameServers = nameServers;
    this.nameServerPort = nameServerPort;
  }

  List<Finding> check(Collection<String> names, Progress progress) {
    List<Finding> findings = new ArrayList<>();
    Set<Name> zones = new LinkedHashSet<>();
    for (String name : names) {
      try {
        Name zone = zoneOf(Name.fromString(name, Name.root));
        if (zone != null) {
          zones.add(zone);
        }
      } catch (IOException e) {
        findings.add(new Finding(Finding.Severity.NOTE, "hygiene-skipped", name, "DNSSEC hygiene not checked: "
            + e.getMessage()));
      }
    }
    for (Name zone : zones) {
      progress.step("DNSSEC hygiene of " + zone);
      try {
        zone(zone, findings);
      } catch (IOException e) {
        findings.add(new Finding(Finding.Severity.NOTE, "hygiene-skipped", zone.toString(true),
            "DNSSEC hygiene not checked: " + e.getMessage()));
      }
    }
    return findings;
  }

  /** The apex of the zone holding a name: the owner of the SOA in the answer or authority section. */
  private Name zoneOf(Name name) throws IOException {
    Message reply = query(upstream, name, Type.SOA, false);
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
      for (Record r : reply.getSection(section)) {
        if (r.getType() == Type.SOA) {
          return r.getName();
        }
      }
    }
    return null;
  }

  private void zone(Name zone, List<Finding> findings) throws IOException {
    String where = zone.toString(true);
    Message keys = query(upstream, zone, Type.DNSKEY, false);
    List<DNSKEYRecord> dnskeys = new ArrayList<>();
    for (Record r : keys.getSection(Section.ANSWER)) {
      if (r instanceof DNSKEYRecord k && r.getName().equals(zone)) {
        dnskeys.add(k);
      }
    }
    if (dnskeys.isEmpty()) {
      findings.add(new Finding(Finding.Severity.NOTE, "zone-unsigned", where, "zone " + where + " is not signed"));
      return;
    }
    Set<Integer> algorithms = new LinkedHashSet<>();
    dnskeys.forEach(k -> algorithms.add(k.getAlgorithm()));
    for (int alg : algorithms) {
      DnskeyCheck.Algorithm a = DnskeyCheck.Algorithm.of(alg);
      String status = a == null ? "unassigned" : a.signing();
      if (status.equals("MUST NOT") || status.equals("NOT RECOMMENDED") || status.equals("unassigned")) {
        findings.add(new Finding(Finding.Severity.WARNING, "dnskey-algorithm", where, "DNSKEY algorithm "
            + DnskeyCheck.Algorithm.describe(alg) + ": RFC 8624 says " + status + " to sign with"));
      }
    }
    signatures(where, keys, findings);
    signatures(where, query(upstream, zone, Type.SOA, false), findings);

    Message param = query(upstream, zone, Type.NSEC3PARAM, false);
    for (Record r : param.getSection(Section.ANSWER)) {
      if (r instanceof NSEC3PARAMRecord p) {
        if (p.getIterations() > 0) {
          findings.add(new Finding(Finding.Severity.WARNING, "nsec3-iterations", where, "NSEC3 uses "
              + p.getIterations() + " extra iterations: RFC 9276 section 3.1 asks for 0 (validators treat "
              + "high counts as insecure or bogus)"));
        }
        byte[] salt = p.getSalt();
        if (salt != null && salt.length > 0) {
          findings.add(new Finding(Finding.Severity.WARNING, "nsec3-salt", where, "NSEC3 uses a salt ("
              + HexFormat.of().formatHex(salt) + "): RFC 9276 section 3.1 asks for none"));
        }
      }
    }
    Name missing = Name.fromString("dane4j-" + HexFormat.of().formatHex(random.generateSeed(4)), zone);
    Message nx = query(upstream, missing, Type.TXT, false);
    for (Record r : nx.getSection(Section.AUTHORITY)) {
      if (r instanceof NSEC3Record n && (n.getFlags() & NSEC3Record.Flags.OPT_OUT) != 0) {
        findings.add(new Finding(Finding.Severity.WARNING, "nsec3-opt-out", where, "NSEC3 opt-out is set: "
            + "unsigned delegations can be added unnoticed (RFC 9276 section 3.2 advises against it)"));
        break;
      }
    }
    if (nameServers) {
      nameServers(zone, missing, findings);
    }
  }

  private void signatures(String where, Message reply, List<Finding> findings) {
    for (Record r : reply.getSection(Section.ANSWER)) {
      if (r instanceof RRSIGRecord sig) {
        Instant expires = sig.getExpire();
        String what = Type.string(sig.getTypeCovered()) + " RRSIG (key tag " + sig.getFootprint() + ")";
        if (expires.isBefore(now)) {
          findings.add(new Finding(Finding.Severity.WARNING, "signature-expired", where, what + " expired at " + expires));
        } else if (expires.isBefore(now.plus(CLOSE_EXPIRY))) {
          findings.add(new Finding(Finding.Severity.WARNING, "signature-expiry-close", where, what + " expires at "
              + expires + ", in less than " + CLOSE_EXPIRY.toDays() + " days: is the signer running?"));
        }
      }
    }
  }

  private void nameServers(Name zone, Name missing, List<Finding> findings) throws IOException {
    String where = zone.toString(true);
    Message ns = query(upstream, zone, Type.NS, false);
    Map<String, Long> serials = new LinkedHashMap<>();
    for (Record r : ns.getSection(Section.ANSWER)) {
      if (!(r instanceof NSRecord nsRecord)) {
        continue;
      }
      Name server = nsRecord.getTarget();
      List<InetAddress> addresses = new ArrayList<>();
      for (int type : new int[] {Type.A, Type.AAAA}) {
        for (Record a : query(upstream, server, type, false).getSection(Section.ANSWER)) {
          if (a instanceof org.xbill.DNS.ARecord ar) {
            addresses.add(ar.getAddress());
          } else if (a instanceof org.xbill.DNS.AAAARecord ar) {
            addresses.add(ar.getAddress());
          }
        }
      }
      if (addresses.isEmpty()) {
        findings.add(new Finding(Finding.Severity.WARNING, "ns-no-address", where, "name server "
            + server.toString(true) + " has no address"));
      }
      for (InetAddress address : addresses) {
        String label = server.toString(true) + "[" + address.getHostAddress() + "]";
        InetSocketAddress target = new InetSocketAddress(address, nameServerPort);
        NameServerProbe.Result udp = NameServerProbe.soa(target, zone, false, timeout);
        NameServerProbe.Result tcp = NameServerProbe.soa(target, zone, true, timeout);
        for (NameServerProbe.Result result : List.of(udp, tcp)) {
          for (String problem : result.problems()) {
            findings.add(new Finding(Finding.Severity.WARNING, "ns-" + (result.tcp() ? "tcp" : "udp"), where,
                label + ": " + problem));
          }
        }
        if (udp.serial() >= 0) {
          serials.put(label, udp.serial());
        }
        if (udp.serial() >= 0) {
          denial(label, where, target, missing, Type.TXT, Rcode.NXDOMAIN, findings);
          denial(label, where, target, zone, UNUSED_TYPE, Rcode.NOERROR, findings);
        }
      }
    }
    if (new LinkedHashSet<>(serials.values()).size() > 1) {
      findings.add(new Finding(Finding.Severity.WARNING, "ns-serial-differs", where, "SOA serials differ: " + serials));
    }
  }

  private void denial(String label, String where, InetSocketAddress target, Name name, int type, int expected,
      List<Finding> findings) {
    try {
      Message reply = query(target, name, type, true);
      int rcode = reply.getRcode();
      boolean ok = rcode == expected && (expected != Rcode.NOERROR || reply.getSection(Section.ANSWER).isEmpty());
      if (!ok) {
        findings.add(new Finding(Finding.Severity.WARNING, "ns-denial", where, label + ": " + name + " "
            + Type.string(type) + " answered " + Rcode.string(rcode) + ", expected "
            + (expected == Rcode.NXDOMAIN ? "NXDOMAIN" : "NODATA (NOERROR, empty answer)")));
      }
    } catch (IOException e) {
      findings.add(new Finding(Finding.Severity.WARNING, "ns-denial", where, label + ": " + name + " "
          + Type.string(type) + " got no answer: " + e.getMessage()));
    }
  }

  private Message query(InetSocketAddress server, Name name, int type, boolean norecurse) throws IOException {
    SimpleResolver resolver = new SimpleResolver(server);
    resolver.setTimeout(timeout);
    resolver.setEDNS(0, 1232, ExtendedFlags.DO);
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    if (norecurse) {
      query.getHeader().unsetFlag(Flags.RD);
    }
    return resolver.send(query);
  }

  /** The SOA of a zone from one name server, over UDP (with EDNS0) or TCP. */
  static final class NameServerProbe {
    record Result(boolean tcp, long serial, List<String> problems) {}

    static Result soa(InetSocketAddress server, Name zone, boolean tcp, Duration timeout) {
      List<String> problems = new ArrayList<>();
      String via = tcp ? "TCP" : "UDP";
      try {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(timeout);
        resolver.setTCP(tcp);
        resolver.setIgnoreTruncation(true);
        resolver.setEDNS(0, 1232, 0);
        Message query = Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
        query.getHeader().unsetFlag(Flags.RD);
        Message reply = resolver.send(query);
        if (reply.getRcode() != Rcode.NOERROR) {
          problems.add("SOA over " + via + " answered " + Rcode.string(reply.getRcode()));
          return new Result(tcp, -1, problems);
        }
        if (!reply.getHeader().getFlag(Flags.AA)) {
          problems.add("SOA over " + via + " is not authoritative (AA not set): a lame delegation?");
        }
        if (!tcp && reply.getOPT() == null) {
          problems.add("no EDNS0 in the reply over UDP (RFC 6891): DNSSEC answers need it");
        }
        for (Record r : reply.getSection(Section.ANSWER)) {
          if (r instanceof SOARecord soa) {
            return new Result(tcp, soa.getSerial(), problems);
          }
        }
        problems.add("SOA over " + via + " came back without the SOA record");
        return new Result(tcp, -1, problems);
      } catch (IOException e) {
        problems.add("no answer over " + via + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        return new Result(tcp, -1, problems);
      }
    }
  }
}
