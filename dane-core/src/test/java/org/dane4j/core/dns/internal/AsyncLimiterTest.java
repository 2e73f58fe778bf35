package org.dane4j.core.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** At most N tasks run at once; the rest start as slots free up, none is lost. */
class AsyncLimiterTest {
  @Test
  void moreTasksThanSlots_runAtMostNAtOnceAndAllComplete() {
    AsyncLimiter limiter = new AsyncLimiter(3, Runnable::run);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    List<CompletableFuture<Integer>> gates = new ArrayList<>();
    List<CompletionStage<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      CompletableFuture<Integer> gate = new CompletableFuture<>();
      gates.add(gate);
      int value = i;
      results.add(limiter.submit(() -> {
        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
        return gate.thenApply(v -> {
          running.decrementAndGet();
          return value;
        });
      }));
    }

    assertThat(running).hasValue(3);
    gates.forEach(g -> g.complete(0));

    assertThat(peak).hasValue(3);
    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i).toCompletableFuture().join()).isEqualTo(i);
    }
  }
}
