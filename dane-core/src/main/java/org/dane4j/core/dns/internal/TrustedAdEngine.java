package org.dane4j.core.dns.internal;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Trusts the AD bit of a validating upstream (RFC 7672 section 2.1.1, RFC 6840 section 5.8):
 * queries carry DO and AD so that the upstream reports its verdict.
 */
final class TrustedAdEngine implements QueryEngine {
  private final UpstreamClient upstream;
  private final Executor pool;
  private final String upstreams;

  TrustedAdEngine(Settings settings, Executor pool) {
    this.upstream = new UpstreamClient(settings.upstreams(), settings.queryTimeout(), settings.attempts());
    upstream.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
    this.pool = pool;
    this.upstreams = upstream.toString();
  }

  @Override
  public CompletionStage<RawResult> query(Name name, int type) {
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    query.getHeader().setFlag(Flags.AD);
    LookupContext context = new LookupContext(pool, name, type);
    return upstream.sendAsync(query, context).handleAsync((reply, error) -> {
      InetSocketAddress server = context.upstreamServer();
      return Verdicts.trusted(name, type, reply, error, server, upstreams);
    }, pool);
  }

  @Override
  public String toString() {
    return "trusting the AD bit of " + upstreams;
  }
}
