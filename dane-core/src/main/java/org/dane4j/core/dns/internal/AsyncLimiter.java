package org.dane4j.core.dns.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Runs at most {@code max} asynchronous tasks at once; the others wait in a queue without
 * holding a thread. Bounds the validator's work, sockets and stray threads under load.
 */
final class AsyncLimiter {
  private final int max;
  private final Executor executor;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int running;

  AsyncLimiter(int max, Executor executor) {
    this.max = max;
    this.executor = executor;
  }

  /** Starts the task now if a slot is free, else when one frees up. */
  <T> CompletionStage<T> submit(Supplier<CompletionStage<T>> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable start = () -> {
      CompletionStage<T> stage;
      try {
        stage = task.get();
      } catch (RuntimeException e) {
        stage = CompletableFuture.failedFuture(e);
      }
      stage.whenComplete((value, failure) -> {
        release();
        if (failure != null) {
          result.completeExceptionally(failure);
        } else {
          result.complete(value);
        }
      });
    };
    synchronized (this) {
      if (running >= max) {
        waiting.add(start);
        return result;
      }
      running++;
    }
    start.run();
    return result;
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        running--;
      }
    }
    if (next != null) {
      // The slot passes to the next task; start it on the pool, not deep in this stack.
      try {
        executor.execute(next);
      } catch (RejectedExecutionException e) {
        next.run();
      }
    }
  }
}
