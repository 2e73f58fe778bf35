package org.dane4j.core.dns.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.WireParseException;

/**
 * The head resolver under the validator: sends each query to the upstreams in turn, retrying
 * after a timeout or network error, because dnsjava's {@link SimpleResolver} sends one UDP
 * datagram and gives up when it is lost. Truncated UDP replies are retried over TCP by
 * {@link SimpleResolver} (truncation is never ignored). The futures it returns run the
 * validator's follow-up steps on our pool ({@link BoundFuture}).
 */
final class UpstreamClient implements Resolver {
  private static final Executor DIRECT = Runnable::run;

  private final List<SimpleResolver> servers;
  private final int attempts;
  private volatile Duration timeout;

  UpstreamClient(List<InetSocketAddress> upstreams, Duration queryTimeout, int attempts) {
    this.servers = new ArrayList<>();
    for (InetSocketAddress address : upstreams) {
      SimpleResolver server = new SimpleResolver(address);
      server.setTimeout(queryTimeout);
      server.setIgnoreTruncation(false);
      servers.add(server);
    }
    this.attempts = attempts;
    this.timeout = queryTimeout;
  }

  @Override
  public CompletionStage<Message> sendAsync(Message query, Executor executor) {
    BoundFuture<Message> result = new BoundFuture<>(executor);
    attempt(query, 0, executor, result);
    return result;
  }

  private void attempt(Message query, int attempt, Executor executor, BoundFuture<Message> result) {
    SimpleResolver server = servers.get(attempt % servers.size());
    LookupContext context = executor instanceof LookupContext ? (LookupContext) executor : null;
    // dnsjava checks its own timeouts only when its selector wakes up (once a second), so
    // the attempt is timed here. SimpleResolver parses the reply on the executor it is given:
    // a direct one, so that a reply is not left waiting behind validations in our pool's
    // queue until its timeout fires; it is then handled on our pool, not on a timer thread.
    server.sendAsync(query, DIRECT).toCompletableFuture().copy()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenCompleteAsync((reply, error) -> {
          if (error == null) {
            if (context != null) {
              context.replied(query, reply, server.getAddress());
            }
            result.complete(reply);
            return;
          }
          Throwable cause = unwrap(error);
          if (isRetryable(cause) && attempt + 1 < attempts) {
            attempt(query, attempt + 1, executor, result);
            return;
          }
          if (context != null) {
            context.failed(query, cause, server.getAddress());
          }
          result.completeExceptionally(cause);
        }, executor);
  }

  /** Timeouts and network errors are worth another try; a reply that does not parse is not. */
  private static boolean isRetryable(Throwable t) {
    return t instanceof TimeoutException || (t instanceof IOException && !(t instanceof WireParseException));
  }

  static Throwable unwrap(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  @Override
  public void setPort(int port) {
    servers.forEach(s -> s.setPort(port));
  }

  @Override
  public void setTCP(boolean flag) {
    servers.forEach(s -> s.setTCP(flag));
  }

  @Override
  public void setIgnoreTruncation(boolean flag) {
    servers.forEach(s -> s.setIgnoreTruncation(flag));
  }

  @Override
  public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
    servers.forEach(s -> s.setEDNS(version, payloadSize, flags, options));
  }

  @Override
  public void setTSIGKey(TSIG key) {
    servers.forEach(s -> s.setTSIGKey(key));
  }

  @Override
  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
    servers.forEach(s -> s.setTimeout(timeout));
  }

  @Override
  public Duration getTimeout() {
    return timeout;
  }

  @Override
  public String toString() {
    List<InetSocketAddress> addresses = new ArrayList<>();
    servers.forEach(s -> addresses.add(s.getAddress()));
    return addresses + " (" + attempts + " attempts of " + getTimeout().toMillis() + " ms)";
  }
}
