package org.dane4j.core.dns.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dane4j.core.dns.DnsFailure;
import org.dane4j.core.dns.FailureKind;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The strict reading of a NOERROR or NXDOMAIN reply before any of it becomes policy input.
 * A validator's verdict is only as good as the data it was asked about: dnsjava judges a
 * record of class CH "insecure" (no trust anchor for CH) and looks for the keys of whatever
 * zone an RRSIG's signer field names. So dane4j reads the reply itself, and refuses:
 *
 * <ul>
 *   <li>a question that is not the one asked (name, type, class IN);
 *   <li>records in the answer or authority section of another class than IN;
 *   <li>RRSIGs whose signer is not the owner's zone or an ancestor of it (RFC 4035 section
 *       5.3.1);
 *   <li>answer records outside the question's name and its CNAME chain (RFC 1034 section
 *       3.6.2), CNAME RRsets of more than one record, CNAME beside other data (RFC 2181
 *       section 10.1), duplicated records and RRsets whose TTLs differ (section 5.2);
 *   <li>authority records (SOA, NS, DS) owned by a name that encloses no name of the chain
 *       (out of bailiwick);
 *   <li>an NXDOMAIN that holds data of the asked type (RFC 6604 section 2).
 * </ul>
 *
 * <p>The additional section is never read for policy and is not checked.
 */
final class StrictReply {
  private StrictReply() {
  }

  /** Why the reply must not be used, or empty when it reads cleanly. */
  static Optional<DnsFailure> problem(Name qname, int qtype, Message reply) {
    String what = qname + "/" + Type.string(qtype);
    Record question = reply.getQuestion();
    if (question == null || !question.getName().equals(qname) || question.getType() != qtype
        || question.getDClass() != DClass.IN) {
      return malformed("reply for " + what + " answers another question: " + question);
    }
    Set<Name> chain = new LinkedHashSet<>();
    chain.add(qname);
    List<Record> answer = reply.getSection(Section.ANSWER);
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
      for (Record r : reply.getSection(section)) {
        if (r.getDClass() != DClass.IN) {
          return malformed("reply for " + what + " holds " + describe(r) + " of class " + DClass.string(r.getDClass())
              + " in its " + Section.string(section) + " section; only class IN was asked for");
        }
        if (r instanceof RRSIGRecord) {
          RRSIGRecord sig = (RRSIGRecord) r;
          if (!r.getName().subdomain(sig.getSigner())) {
            return bogus("reply for " + what + " holds an RRSIG over " + r.getName() + "/"
                + Type.string(sig.getTypeCovered()) + " signed by " + sig.getSigner()
                + ", which is not that name's zone or an ancestor of it (RFC 4035 section 5.3.1)");
          }
        }
      }
    }
    Optional<DnsFailure> answerProblem = checkAnswer(what, qname, qtype, answer, chain);
    if (answerProblem.isPresent()) {
      return answerProblem;
    }
    if (reply.getRcode() == Rcode.NXDOMAIN && answer.stream().anyMatch(r -> r.getType() == qtype)) {
      // RFC 6604 section 2: NXDOMAIN speaks of the last name of the chain, which then has no data.
      return malformed("reply for " + what + " says NXDOMAIN but holds " + Type.string(qtype)
          + " data for the question's chain (RFC 6604 section 2)");
    }
    for (Record r : reply.getSection(Section.AUTHORITY)) {
      Name zone = zoneOf(r);
      if (zone != null && !enclosesAny(zone, chain)) {
        return bogus("reply for " + what + " holds " + describe(r) + " in its authority section from zone " + zone
            + ", which encloses no name of the question's chain " + chain + " (out of bailiwick)");
      }
    }
    return Optional.empty();
  }

  /** Answer records: only the chain's names, one CNAME per name, no duplicates, one TTL per RRset. */
  private static Optional<DnsFailure> checkAnswer(String what, Name qname, int qtype, List<Record> answer,
      Set<Name> chain) {
    Map<Name, CNAMERecord> cnames = new HashMap<>();
    for (Record r : answer) {
      if (r.getType() == Type.CNAME && cnames.putIfAbsent(r.getName(), (CNAMERecord) r) != null) {
        return malformed("reply for " + what + " holds more than one CNAME at " + r.getName()
            + " (RFC 2181 section 10.1)");
      }
    }
    Name current = qname;
    while (cnames.containsKey(current) && chain.add(cnames.get(current).getTarget())) {
      current = cnames.get(current).getTarget();
    }
    Set<Record> seen = new HashSet<>();
    Map<String, Long> ttls = new HashMap<>();
    for (Record r : answer) {
      int type = r instanceof RRSIGRecord ? ((RRSIGRecord) r).getTypeCovered() : r.getType();
      if (type == Type.DNAME ? !enclosesAny(r.getName(), chain) : !chain.contains(r.getName())) {
        return malformed("reply for " + what + " holds " + describe(r)
            + " in its answer section, outside the question's name and CNAME chain " + chain);
      }
      if (type != qtype && type != Type.CNAME && type != Type.DNAME && qtype != Type.ANY) {
        return malformed("reply for " + what + " holds " + describe(r) + " in its answer section, a type not asked for");
      }
      if (type == qtype && qtype != Type.CNAME && cnames.containsKey(r.getName())) {
        return malformed("reply for " + what + " holds both a CNAME and " + Type.string(type) + " data at "
            + r.getName() + " (RFC 2181 section 10.1)");
      }
      if (!seen.add(r)) {
        return malformed("reply for " + what + " holds " + describe(r) + " twice");
      }
      String rrset = r.getName() + "/" + Type.string(r.getType()) + (r instanceof RRSIGRecord ? "/" + type : "");
      Long ttl = ttls.putIfAbsent(rrset, r.getTTL());
      if (ttl != null && ttl != r.getTTL() && !(r instanceof RRSIGRecord)) {
        return malformed("reply for " + what + " holds the RRset " + rrset + " with TTLs " + ttl + " and "
            + r.getTTL() + " (RFC 2181 section 5.2)");
      }
    }
    return Optional.empty();
  }

  /**
   * The zone an authority record speaks for: its signer for an RRSIG, the owner's parent for
   * NSEC3 (whose owner is hash.zone), the owner for SOA, NS and NSEC. Null for others.
   */
  private static Name zoneOf(Record r) {
    switch (r.getType()) {
      case Type.RRSIG:
        return ((RRSIGRecord) r).getSigner();
      case Type.NSEC3:
        return r.getName().labels() > 1 ? new Name(r.getName(), 1) : r.getName();
      case Type.SOA:
      case Type.NS:
        return r.getName();
      case Type.DS:
        return r.getName().labels() > 1 ? new Name(r.getName(), 1) : r.getName();
      default:
        return null;
    }
  }

  private static boolean enclosesAny(Name zone, Set<Name> names) {
    for (Name n : names) {
      if (n.subdomain(zone)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Record r) {
    return r.getName() + "/" + Type.string(r.getType());
  }

  private static Optional<DnsFailure> malformed(String reason) {
    return Optional.of(DnsFailure.of(FailureKind.MALFORMED, reason));
  }

  private static Optional<DnsFailure> bogus(String reason) {
    return Optional.of(DnsFailure.of(FailureKind.BOGUS, reason));
  }
}
