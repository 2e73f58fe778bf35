package org.dane4j.core.dns.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The executor handed to one validator call, which passes it on to every upstream query it
 * makes for that call. Besides running tasks on the pool, it records what the upstream said,
 * so that the verdict can be explained: an upstream SERVFAIL is not a validation failure,
 * and a negative answer after failed DS/DNSKEY fetches is not proven insecure.
 */
final class LookupContext implements Executor {
  private final Executor pool;
  private final Name qname;
  private final int qtype;
  private final List<String> keyFetchProblems = new ArrayList<>();
  private Message upstreamAnswer;
  private InetSocketAddress upstreamServer;

  LookupContext(Executor pool, Name qname, int qtype) {
    this.pool = pool;
    this.qname = qname;
    this.qtype = qtype;
  }

  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  /** Records an upstream reply to any query of this validation. */
  synchronized void replied(Message query, Message reply, InetSocketAddress server) {
    if (isMainQuery(query)) {
      // A truncated UDP reply is replaced by the TCP reply the validator then reads.
      if (upstreamAnswer == null || upstreamAnswer.getHeader().getFlag(Flags.TC)) {
        upstreamAnswer = reply;
        upstreamServer = server;
      }
    } else if (reply.getRcode() != Rcode.NOERROR && reply.getRcode() != Rcode.NXDOMAIN) {
      keyFetchProblems.add(describe(query) + " answered " + Rcode.string(reply.getRcode()) + " by " + server);
    }
  }

  /** Records a query of this validation that got no usable reply. */
  synchronized void failed(Message query, Throwable failure, InetSocketAddress server) {
    if (!isMainQuery(query)) {
      keyFetchProblems.add(describe(query) + " failed at " + server + ": " + failure);
    }
  }

  /** The upstream's rcode for the main query, or -1 if it never replied. */
  synchronized int upstreamRcode() {
    return upstreamAnswer == null ? -1 : upstreamAnswer.getRcode();
  }

  /** The upstream's reply to the main query; null if it never replied. */
  synchronized Message upstreamAnswer() {
    return upstreamAnswer;
  }

  /** The upstream server that answered the main query; null if none did. */
  synchronized InetSocketAddress upstreamServer() {
    return upstreamServer;
  }

  /** The Extended DNS Error the upstream attached to the main reply, if any. */
  synchronized ExtendedErrorCodeOption upstreamEde() {
    return upstreamAnswer == null ? null : extendedError(upstreamAnswer);
  }

  /** The DS/DNSKEY (or other helper) queries that failed during this validation. */
  synchronized List<String> keyFetchProblems() {
    return List.copyOf(keyFetchProblems);
  }

  static ExtendedErrorCodeOption extendedError(Message m) {
    OPTRecord opt = m.getOPT();
    if (opt == null) {
      return null;
    }
    for (EDNSOption option : opt.getOptions()) {
      if (option instanceof ExtendedErrorCodeOption) {
        return (ExtendedErrorCodeOption) option;
      }
    }
    return null;
  }

  private boolean isMainQuery(Message query) {
    Record q = query.getQuestion();
    return q != null && q.getType() == qtype && q.getName().equals(qname);
  }

  private static String describe(Message query) {
    Record q = query.getQuestion();
    return q == null ? "query" : q.getName() + "/" + Type.string(q.getType());
  }
}
