package org.dane4j.testkit.dns.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.dane4j.testkit.dns.Fault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers queries for a signed tree the way a recursive resolver would (but without
 * validating): every name from the zone that holds it, DS from the parent side of a zone cut
 * (RFC 4035 section 3.1.4.1), CNAMEs followed within the tree, NXDOMAIN and NODATA with their
 * denial proofs, RRSIGs only when the query has the DO bit (RFC 3225), and never the AD bit:
 * judging is the client's validator's job. Thread-safe.
 */
public final class Responder {

  private static final Logger LOG = LoggerFactory.getLogger(Responder.class);

  /** Our EDNS UDP payload size, the DNS Flag Day 2020 value. */
  private static final int EDNS_PAYLOAD = 1232;
  private static final int MAX_CNAME_HOPS = 8;

  private volatile Map<Name, SignedZone> zones;
  private final List<FaultRule> injected = new CopyOnWriteArrayList<>();
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<FaultRule, AtomicInteger> faultUses = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();
  private final LongAdder tcpTotal = new LongAdder();

  /**
   * Creates a responder.
   *
   * @param zones the signed zones by origin; must contain the root
   */
  public Responder(Map<Name, SignedZone> zones) {
    replaceZones(zones);
  }

  /**
   * Serves a different tree from now on (queries in flight finish with the old one).
   *
   * @param zones the signed zones by origin; must contain the root
   */
  public void replaceZones(Map<Name, SignedZone> zones) {
    if (!zones.containsKey(Name.root)) {
      throw new IllegalArgumentException("the tree has no root zone");
    }
    this.zones = Map.copyOf(zones);
  }

  /**
   * Adds an answering fault for all later queries.
   *
   * @param rule the fault
   */
  public void inject(FaultRule rule) {
    injected.add(rule);
  }

  /** Removes every fault added with {@link #inject(FaultRule)}. */
  public void clearInjected() {
    injected.clear();
  }

  /**
   * Returns how many queries arrived (including dropped ones).
   *
   * @return the total
   */
  public long queryCount() {
    return total.sum();
  }

  /**
   * Returns how many queries arrived over TCP.
   *
   * @return the TCP total
   */
  public long tcpQueryCount() {
    return tcpTotal.sum();
  }

  /**
   * Returns how many queries for one name and type arrived.
   *
   * @param name the query name
   * @param type the query type
   * @return the count
   */
  public long queryCount(Name name, int type) {
    LongAdder count = counts.get(key(name, type));
    return count == null ? 0 : count.sum();
  }

  /** Sets every query count, and the uses of faults limited to some queries, back to zero. */
  public void resetCounts() {
    counts.clear();
    total.reset();
    tcpTotal.reset();
    faultUses.clear();
  }

  /**
   * Answers one query.
   *
   * @param wire the query as received
   * @param udp true over UDP (size limit, truncation), false over TCP
   * @return the answer's wire form, or null to send nothing
   */
  public byte[] answer(byte[] wire, boolean udp) {
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException e) {
      LOG.debug("ignoring an unparsable query of {} bytes: {}", wire.length, e.getMessage());
      return null;
    }
    Message reply = newReply(query);
    Record question = query.getQuestion();
    if (question == null || query.getHeader().getOpcode() != Opcode.QUERY) {
      reply.getHeader().setRcode(question == null ? Rcode.FORMERR : Rcode.NOTIMP);
      return reply.toWire();
    }
    Name qname = question.getName();
    int qtype = question.getType();
    Map<Name, SignedZone> tree = zones;
    SignedZone zone = deepestZone(tree, qname);
    Fault.Kind fault = servingFault(zone, qname, qtype);
    // Counted after the fault decision: a test that waits for a count and then changes the
    // faults cannot change the fate of the query it saw counted.
    total.increment();
    if (!udp) {
      tcpTotal.increment();
    }
    counts.computeIfAbsent(key(qname, qtype), k -> new LongAdder()).increment();
    LOG.debug("query {} {} over {}{}", qname, Type.string(qtype), udp ? "UDP" : "TCP",
        fault == null ? "" : ", fault " + fault);
    if (fault == Fault.Kind.DROP || fault == Fault.Kind.DROP_KEY_QUERIES) {
      return null;
    }
    if (fault == Fault.Kind.SERVFAIL) {
      reply.getHeader().setRcode(Rcode.SERVFAIL);
      return reply.toWire();
    }
    if (fault == Fault.Kind.TRUNCATE && udp) {
      reply.getHeader().setFlag(Flags.TC);
      return reply.toWire();
    }
    boolean dnssecOk = query.getOPT() != null && (query.getOPT().getFlags() & ExtendedFlags.DO) != 0;
    if (fault == Fault.Kind.FORGED_NXDOMAIN || fault == Fault.Kind.FORGED_NODATA) {
      reply.getHeader()
          .setRcode(fault == Fault.Kind.FORGED_NXDOMAIN ? Rcode.NXDOMAIN : Rcode.NOERROR);
      addRRset(reply, zone.soa(), Section.AUTHORITY, false);
    } else {
      reply.getHeader().setRcode(resolve(tree, qname, qtype, reply, dnssecOk, 0));
    }
    if (!udp) {
      return reply.toWire();
    }
    OPTRecord opt = query.getOPT();
    int limit = opt == null ? 512 : Math.max(512, Math.min(opt.getPayloadSize(), 65_507));
    // Message.toWire(limit) drops whole RRsets that do not fit and sets TC (RFC 2181 9).
    return reply.toWire(limit);
  }

  private Fault.Kind servingFault(SignedZone zone, Name qname, int qtype) {
    List<FaultRule> rules = new ArrayList<>(zone.definition().faults());
    rules.addAll(injected);
    Fault.Kind chosen = null;
    for (FaultRule rule : rules) {
      if (!rule.kind().isSigningFault()
          && rule.matches(zone.origin(), qname, qtype)
          && precedence(rule.kind()) < precedence(chosen)
          && withinLimit(rule)) {
        chosen = rule.kind();
      }
    }
    return chosen;
  }

  private boolean withinLimit(FaultRule rule) {
    return rule.times() == 0
        || faultUses.computeIfAbsent(rule, r -> new AtomicInteger()).incrementAndGet()
            <= rule.times();
  }

  private static int precedence(Fault.Kind kind) {
    if (kind == null) {
      return Integer.MAX_VALUE;
    }
    return switch (kind) {
      case DROP, DROP_KEY_QUERIES -> 0;
      case SERVFAIL -> 1;
      case FORGED_NXDOMAIN, FORGED_NODATA -> 2;
      default -> 3;
    };
  }

  private static int resolve(
      Map<Name, SignedZone> tree, Name qname, int qtype, Message reply, boolean dnssecOk, int hops) {
    SignedZone zone = deepestZone(tree, qname);
    if (qtype == Type.DS && qname.equals(zone.origin()) && zone.parent() != null) {
      // The DS RRset lives on the parent side of the cut (RFC 4035 section 3.1.4.1).
      zone = tree.get(zone.parent());
    }
    Name owner = qname;
    List<RRset> proof = List.of();
    if (!zone.exists(qname)) {
      owner = zone.wildcardFor(qname);
      if (owner == null) {
        addRRset(reply, zone.soa(), Section.AUTHORITY, dnssecOk);
        addAll(reply, zone.nameErrorProof(qname), Section.AUTHORITY, dnssecOk);
        return Rcode.NXDOMAIN;
      }
      proof = zone.wildcardAnswerProof(qname);
    }
    RRset answer = zone.rrset(owner, qtype);
    if (answer != null) {
      addRRset(reply, synthesise(answer, qname), Section.ANSWER, dnssecOk);
      addAll(reply, proof, Section.AUTHORITY, dnssecOk);
      return Rcode.NOERROR;
    }
    if (qtype == Type.ANY && !zone.rrsets(owner).isEmpty()) {
      for (RRset set : zone.rrsets(owner)) {
        addRRset(reply, synthesise(set, qname), Section.ANSWER, dnssecOk);
      }
      addAll(reply, proof, Section.AUTHORITY, dnssecOk);
      return Rcode.NOERROR;
    }
    RRset cname = zone.rrset(owner, Type.CNAME);
    if (cname != null) {
      addRRset(reply, synthesise(cname, qname), Section.ANSWER, dnssecOk);
      addAll(reply, proof, Section.AUTHORITY, dnssecOk);
      if (hops >= MAX_CNAME_HOPS) {
        return Rcode.NOERROR;
      }
      Name target = ((CNAMERecord) cname.first()).getTarget();
      return resolve(tree, target, qtype, reply, dnssecOk, hops + 1);
    }
    addRRset(reply, zone.soa(), Section.AUTHORITY, dnssecOk);
    addAll(
        reply,
        owner.equals(qname) ? zone.noDataProof(qname) : zone.wildcardNoDataProof(qname, owner),
        Section.AUTHORITY,
        dnssecOk);
    return Rcode.NOERROR;
  }

  /**
   * Gives a wildcard's RRset the query name (RFC 4592 section 3.3.1); the RRSIGs keep their
   * label count, which tells the validator that they were made for the wildcard (RFC 4035
   * section 5.3.4). Returns exact matches unchanged.
   */
  private static RRset synthesise(RRset set, Name qname) {
    if (set.getName().equals(qname)) {
      return set;
    }
    RRset copy = new RRset();
    set.rrs(false).forEach(r -> copy.addRR(r.withName(qname)));
    set.sigs().forEach(sig -> copy.addRR((RRSIGRecord) sig.withName(qname)));
    return copy;
  }

  private static void addAll(Message reply, List<RRset> sets, int section, boolean dnssecOk) {
    sets.forEach(set -> addRRset(reply, set, section, dnssecOk));
  }

  private static SignedZone deepestZone(Map<Name, SignedZone> tree, Name name) {
    for (int strip = 0; strip < name.labels(); strip++) {
      SignedZone zone = tree.get(new Name(name, strip));
      if (zone != null) {
        return zone;
      }
    }
    return tree.get(Name.root);
  }

  private static Message newReply(Message query) {
    Message reply = new Message(query.getHeader().getID());
    Header header = reply.getHeader();
    header.setFlag(Flags.QR);
    header.setFlag(Flags.RA);
    header.setOpcode(query.getHeader().getOpcode());
    for (int flag : new int[] {Flags.RD, Flags.CD}) {
      if (query.getHeader().getFlag(flag)) {
        header.setFlag(flag);
      }
    }
    if (query.getQuestion() != null) {
      reply.addRecord(query.getQuestion(), Section.QUESTION);
    }
    OPTRecord opt = query.getOPT();
    if (opt != null) {
      // Echo DO so the client knows we understood it (RFC 3225 section 3).
      reply.addRecord(
          new OPTRecord(EDNS_PAYLOAD, 0, 0, opt.getFlags() & ExtendedFlags.DO), Section.ADDITIONAL);
    }
    return reply;
  }

  private static void addRRset(Message reply, RRset set, int section, boolean dnssecOk) {
    for (Record r : set.rrs(false)) {
      if (!reply.findRecord(r, section)) {
        reply.addRecord(r, section);
      }
    }
    if (dnssecOk) {
      for (Record sig : set.sigs()) {
        if (!reply.findRecord(sig, section)) {
          reply.addRecord(sig, section);
        }
      }
    }
  }

  private static String key(Name name, int type) {
    return name.toString().toLowerCase(Locale.ROOT) + "/" + Type.string(type);
  }
}
