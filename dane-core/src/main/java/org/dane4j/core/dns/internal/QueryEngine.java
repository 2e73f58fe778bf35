package org.dane4j.core.dns.internal;

import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Name;

/** One validated query: local validation, or a trusted validating upstream. */
interface QueryEngine {
  /** Sends one query; the stage completes with a result (never exceptionally) on our pool. */
  CompletionStage<RawResult> query(Name name, int type);
}
