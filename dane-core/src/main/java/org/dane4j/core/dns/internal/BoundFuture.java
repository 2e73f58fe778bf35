package org.dane4j.core.dns.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A future whose async steps without an explicit executor run on a given executor, and
 * whose dependent stages inherit it. dnsjava's validator chains {@code thenComposeAsync(fn)}
 * without an executor on the futures our upstream client returns; on a 2-core JDK 17 the
 * common pool has parallelism 1, and {@link CompletableFuture} then starts a new thread
 * for every such step (PITFALLS.md). Handing the validator these futures keeps those steps
 * on our bounded pool.
 */
final class BoundFuture<T> extends CompletableFuture<T> {
  private final Executor executor;

  BoundFuture(Executor executor) {
    this.executor = executor;
  }

  @Override
  public Executor defaultExecutor() {
    return executor;
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new BoundFuture<>(executor);
  }
}
