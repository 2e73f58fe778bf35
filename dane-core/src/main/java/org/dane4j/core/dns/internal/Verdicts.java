package org.dane4j.core.dns.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.dane4j.core.dns.DnsFailure;
import org.dane4j.core.dns.FailureKind;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;
import org.xbill.DNS.dnssec.ValidatingResolver;

/** Turns replies and exceptions into {@link RawResult}s, keeping the kinds of failure apart. */
final class Verdicts {
  /** dnsjava 3.7's reason text for a denial set aside for its NSEC3 parameters. */
  private static final String NSEC3_IGNORED =
      "All NSEC3s were validated but ignored due to unknown algorithms or invalid iteration counts.";

  private Verdicts() {
  }

  /**
   * The verdict of dnsjava's validator. Its protocol: SECURE sets AD; INSECURE is a normal
   * reply without AD; BOGUS is an empty SERVFAIL carrying an Extended DNS Error and a reason
   * TXT record of class 65280. A SERVFAIL the upstream itself sent is not a validation
   * verdict, even though the validator passes it on dressed as bogus.
   */
  static RawResult validated(Name name, int type, Message reply, Throwable error, LookupContext context,
      String upstreams, int nsec3MaxIterations) {
    if (error != null) {
      return transportFailure(name, type, UpstreamClient.unwrap(error), upstreams);
    }
    if (nsec3BeyondLimit(reply, context.upstreamAnswer(), nsec3MaxIterations)) {
      Optional<DnsFailure> problem = StrictReply.problem(name, type, context.upstreamAnswer());
      return problem.isPresent() ? RawResult.failed(name, type, problem.get())
          : RawResult.nsec3BeyondLimit(name, type, context.upstreamAnswer());
    }
    int rcode = reply.getRcode();
    if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
      // dnsjava rebuilds what it validates (merges duplicates and TTLs, drops records
      // outside the question), so the upstream's own reply is read strictly too.
      Message upstream = context.upstreamAnswer();
      Optional<DnsFailure> raw = upstream == null ? Optional.empty() : StrictReply.problem(name, type, upstream);
      return raw.isPresent() ? RawResult.failed(name, type, raw.get())
          : read(name, type, reply, context.keyFetchProblems());
    }
    int upstreamRcode = context.upstreamRcode();
    if (upstreamRcode != -1 && upstreamRcode != Rcode.NOERROR && upstreamRcode != Rcode.NXDOMAIN) {
      return upstreamFailure(name, type, upstreamRcode, context.upstreamEde(), context.upstreamServer());
    }
    if (rcode == Rcode.SERVFAIL) {
      ExtendedErrorCodeOption ede = LookupContext.extendedError(reply);
      String reason = validationReason(reply);
      String text = "DNSSEC validation of " + name + "/" + Type.string(type) + " failed: "
          + (reason != null ? reason : ede != null && ede.getText() != null ? ede.getText() : "no reason given");
      List<String> problems = context.keyFetchProblems();
      if (!problems.isEmpty()) {
        text += "; failed key queries: " + problems;
      }
      return RawResult.failed(name, type, ede != null
          ? DnsFailure.of(FailureKind.BOGUS, ede.getErrorCode(), text)
          : DnsFailure.of(FailureKind.BOGUS, text));
    }
    return upstreamFailure(name, type, rcode, null, context.upstreamServer());
  }

  /**
   * The verdict of a trusted validating upstream (AD-bit mode): AD means SECURE; SERVFAIL
   * with a DNSSEC Extended DNS Error (RFC 8914 codes 6 to 12) means BOGUS.
   */
  static RawResult trusted(Name name, int type, Message reply, Throwable error, InetSocketAddress server,
      String upstreams) {
    if (error != null) {
      return transportFailure(name, type, UpstreamClient.unwrap(error), upstreams);
    }
    int rcode = reply.getRcode();
    if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
      return read(name, type, reply, List.of());
    }
    ExtendedErrorCodeOption ede = LookupContext.extendedError(reply);
    if (rcode == Rcode.SERVFAIL && ede != null && ede.getErrorCode() >= ExtendedErrorCodeOption.DNSSEC_BOGUS
        && ede.getErrorCode() <= ExtendedErrorCodeOption.NSEC_MISSING) {
      return RawResult.failed(name, type, DnsFailure.of(FailureKind.BOGUS, ede.getErrorCode(),
          "validating resolver " + server + " found " + name + "/" + Type.string(type) + " bogus"
              + (ede.getText() == null ? "" : ": " + ede.getText())));
    }
    return upstreamFailure(name, type, rcode, ede, server);
  }

  /** A NOERROR or NXDOMAIN reply, read strictly before its AD bit counts for anything. */
  private static RawResult read(Name name, int type, Message reply, List<String> keyFetchProblems) {
    Optional<DnsFailure> problem = StrictReply.problem(name, type, reply);
    return problem.isPresent() ? RawResult.failed(name, type, problem.get())
        : RawResult.reply(name, type, reply, reply.getHeader().getFlag(Flags.AD), keyFetchProblems);
  }

  private static RawResult upstreamFailure(Name name, int type, int rcode, ExtendedErrorCodeOption ede,
      InetSocketAddress server) {
    String text = "upstream " + server + " answered " + Rcode.string(rcode) + " for " + name + "/" + Type.string(type)
        + (ede == null ? "" : " (" + ExtendedErrorCodeOption.text(ede.getErrorCode())
            + (ede.getText() == null ? "" : ": " + ede.getText()) + ")");
    FailureKind kind = rcode == Rcode.SERVFAIL ? FailureKind.SERVFAIL : FailureKind.UPSTREAM_ERROR;
    return RawResult.failed(name, type,
        ede == null ? DnsFailure.of(kind, text) : DnsFailure.of(kind, ede.getErrorCode(), text));
  }

  static RawResult transportFailure(Name name, int type, Throwable cause, String upstreams) {
    String what = name + "/" + Type.string(type);
    if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
      return RawResult.failed(name, type, DnsFailure.of(FailureKind.TIMEOUT,
          "no reply for " + what + " from " + upstreams));
    }
    if (cause instanceof WireParseException) {
      return RawResult.failed(name, type, DnsFailure.of(FailureKind.MALFORMED,
          "malformed reply for " + what + ": " + cause.getMessage()));
    }
    if (cause instanceof IOException) {
      return RawResult.failed(name, type, DnsFailure.of(FailureKind.NETWORK_ERROR,
          "network error for " + what + " with " + upstreams + ": " + cause));
    }
    return RawResult.failed(name, type, DnsFailure.of(FailureKind.MALFORMED,
        "reply for " + what + " could not be processed: " + cause));
  }

  /**
   * Whether the validator checked the signatures of a denial and then set it aside because
   * every NSEC3 record in it has more iterations than the limit (dnsjava: bogus for NODATA,
   * insecure for NXDOMAIN). Only an empty answer with such NSEC3 records qualifies.
   */
  private static boolean nsec3BeyondLimit(Message reply, Message upstream, int max) {
    if (upstream == null || !NSEC3_IGNORED.equals(validationReason(reply))
        || !upstream.getSection(Section.ANSWER).isEmpty()
        || upstream.getRcode() != Rcode.NOERROR && upstream.getRcode() != Rcode.NXDOMAIN) {
      return false;
    }
    boolean any = false;
    for (Record r : upstream.getSection(Section.AUTHORITY)) {
      if (r instanceof NSEC3Record) {
        if (((NSEC3Record) r).getIterations() <= max) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  /** The validator's reason text, a TXT record of class 65280 in the additional section. */
  private static String validationReason(Message reply) {
    for (Record r : reply.getSection(Section.ADDITIONAL)) {
      if (r.getType() == Type.TXT && r.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS) {
        return String.join("", ((TXTRecord) r).getStrings());
      }
    }
    return null;
  }
}
