package org.dane4j.core.dns.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.dnssec.ValidatingResolver;

/** Local validation: dnsjava's {@link ValidatingResolver} over our retrying upstream client. */
final class ValidatingEngine implements QueryEngine {
  private final ValidatingResolver validator;
  private final Executor pool;
  private final String upstreams;
  private final int nsec3MaxIterations;

  ValidatingEngine(Settings settings, Executor pool) {
    UpstreamClient head = new UpstreamClient(settings.upstreams(), settings.queryTimeout(), settings.attempts());
    this.validator = new ValidatingResolver(head, settings.clock());
    try {
      // The constructor read the JVM's system properties; our per-instance settings override
      // them, and only our trust anchors count.
      validator.init(settings.validatorProperties());
      validator.getTrustAnchors().clear();
      validator.loadTrustAnchors(new ByteArrayInputStream(settings.trustAnchors().getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot configure the DNSSEC validator", e);
    }
    this.pool = pool;
    this.upstreams = head.toString();
    this.nsec3MaxIterations = settings.nsec3MaxIterations();
  }

  @Override
  public CompletionStage<RawResult> query(Name name, int type) {
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    LookupContext context = new LookupContext(pool, name, type);
    return validator.sendAsync(query, context)
        .handleAsync((reply, error) -> Verdicts.validated(name, type, reply, error, context, upstreams,
            nsec3MaxIterations), pool);
  }

  @Override
  public String toString() {
    return "validating locally, upstreams " + upstreams;
  }
}
