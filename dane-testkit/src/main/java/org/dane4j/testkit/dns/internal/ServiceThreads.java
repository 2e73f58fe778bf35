package org.dane4j.testkit.dns.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes threads and remembers every one, so that a server's {@code close()} can
 * join them all. An executor's {@code awaitTermination} is not enough: it returns once the
 * tasks are done, while the pool's threads may still be running their exit code, so a test
 * that looks at live threads right after {@code close()} would race them.
 */
public final class ServiceThreads {
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  /**
   * Returns a factory (for an executor) of daemon threads named {@code prefix-1}, {@code
   * prefix-2}, ..., each remembered here.
   *
   * @param prefix the start of every thread name
   * @return the factory
   */
  public ThreadFactory factory(String prefix) {
    AtomicInteger number = new AtomicInteger();
    return task -> named(task, prefix + "-" + number.incrementAndGet());
  }

  /**
   * Makes a daemon thread with exactly this name (not started), remembered like the others.
   *
   * @param task what the thread runs
   * @param name the thread's name
   * @return the new thread
   */
  public Thread named(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    threads.add(thread);
    return thread;
  }

  /**
   * Waits until every thread made so far has ended, at most {@code bound} in total. The
   * bound only protects a test run from a thread that hangs: normal shutdown takes
   * milliseconds, and the caller reports a thread still alive after the bound.
   *
   * @param bound the longest time to wait for all threads together
   * @return true when every thread has ended
   * @throws InterruptedException when the caller is interrupted while waiting
   */
  public boolean join(Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(thread, left);
      }
    }
    return threads.stream().noneMatch(Thread::isAlive);
  }

  /**
   * Returns the names of the threads that are still alive, for a warning.
   *
   * @return the names, empty when all have ended
   */
  public List<String> alive() {
    return threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
  }
}
