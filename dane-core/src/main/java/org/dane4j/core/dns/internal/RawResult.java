package org.dane4j.core.dns.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dane4j.core.dns.DnsFailure;
import org.dane4j.core.dns.SecurityStatus;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The verdict on one query, before CNAME chains and the insecurity check: either a reply
 * (NOERROR or NXDOMAIN) with its status SECURE or INSECURE, or a failure.
 */
final class RawResult {
  private final Name qname;
  private final int qtype;
  private final SecurityStatus status;
  private final Message message;
  private final DnsFailure failure;
  private final List<String> keyFetchProblems;
  private final boolean nsec3BeyondLimit;

  private RawResult(Name qname, int qtype, SecurityStatus status, Message message, DnsFailure failure,
      List<String> keyFetchProblems, boolean nsec3BeyondLimit) {
    this.qname = qname;
    this.qtype = qtype;
    this.status = status;
    this.message = message;
    this.failure = failure;
    this.keyFetchProblems = List.copyOf(keyFetchProblems);
    this.nsec3BeyondLimit = nsec3BeyondLimit;
  }

  static RawResult reply(Name qname, int qtype, Message message, boolean secure, List<String> keyFetchProblems) {
    return new RawResult(qname, qtype, secure ? SecurityStatus.SECURE : SecurityStatus.INSECURE, message, null,
        keyFetchProblems, false);
  }

  /**
   * A denial that the validator checked but could not use because its NSEC3 records have
   * more iterations than the limit (RFC 9276 section 3.2): unauthenticated, INSECURE.
   */
  static RawResult nsec3BeyondLimit(Name qname, int qtype, Message upstreamReply) {
    return new RawResult(qname, qtype, SecurityStatus.INSECURE, upstreamReply, null, List.of(), true);
  }

  static RawResult failed(Name qname, int qtype, DnsFailure failure) {
    return new RawResult(qname, qtype, failure.status(), null, failure, List.of(), false);
  }

  /** Whether this is a denial whose NSEC3 proof exceeded the iteration limit. */
  boolean isNsec3BeyondLimit() {
    return nsec3BeyondLimit;
  }

  boolean isFailure() {
    return failure != null;
  }

  SecurityStatus status() {
    return status;
  }

  DnsFailure failure() {
    return failure;
  }

  boolean isNxdomain() {
    return message.getRcode() == Rcode.NXDOMAIN;
  }

  /** DS/DNSKEY fetches that failed while this reply was validated (empty for trusted AD). */
  List<String> keyFetchProblems() {
    return keyFetchProblems;
  }

  /** The answer-section records of a type at an owner name, class IN only. */
  List<Record> answers(Name owner, int type) {
    List<Record> result = new ArrayList<>();
    for (Record r : message.getSection(Section.ANSWER)) {
      if (r.getType() == type && r.getName().equals(owner) && r.getDClass() == DClass.IN) {
        result.add(r);
      }
    }
    return result;
  }

  /** The records of the given sections, in order. */
  List<Record> records(int... sections) {
    List<Record> result = new ArrayList<>();
    for (int section : sections) {
      result.addAll(message.getSection(section));
    }
    return result;
  }

  /** The SOA record of the authority section, or null. */
  SOARecord authoritySoa() {
    for (Record r : message.getSection(Section.AUTHORITY)) {
      if (r.getType() == Type.SOA) {
        return (SOARecord) r;
      }
    }
    return null;
  }

  /**
   * How long this result may be reused, in seconds: the smallest TTL of the reply's
   * answer and authority records; for a negative reply the SOA's negative TTL
   * (RFC 2308 section 5). Failures are not timed here.
   */
  long ttlSeconds() {
    if (failure != null) {
      return 0;
    }
    long ttl = Long.MAX_VALUE;
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
      for (Record r : message.getSection(section)) {
        long t = r.getTTL();
        if (r.getType() == Type.SOA) {
          t = Math.min(t, ((SOARecord) r).getMinimum());
        }
        ttl = Math.min(ttl, t);
      }
    }
    return ttl == Long.MAX_VALUE ? 0 : ttl;
  }

  /**
   * The longest a reply's data may be kept by its signatures, in seconds: no RRset outlives
   * its RRSIG's original TTL or the signature's expiration (RFC 4035 section 5.3.3), so an
   * attacker who inflates TTLs or replays old signed data gains nothing beyond them.
   * {@code Long.MAX_VALUE} when the reply carries no signature; 0 for failures.
   */
  long signatureTtlCap(Instant now) {
    if (failure != null) {
      return 0;
    }
    long cap = Long.MAX_VALUE;
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
      for (Record r : message.getSection(section)) {
        if (r instanceof RRSIGRecord) {
          RRSIGRecord sig = (RRSIGRecord) r;
          cap = Math.min(cap, Math.min(sig.getOrigTTL(), Math.max(0, sig.getExpire().getEpochSecond()
              - now.getEpochSecond())));
        }
      }
    }
    return cap;
  }

  @Override
  public String toString() {
    return qname + "/" + Type.string(qtype) + " " + (failure != null ? failure.toString()
        : status + " " + Rcode.string(message.getRcode()) + " " + message.getSection(Section.ANSWER));
  }
}
