package org.dane4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A progress line on standard error, shown only once a check has run for more than a
 * second, and only when enabled (a terminal, or --progress). Cleared when done.
 */
final class Progress implements AutoCloseable {
  private static final String[] SPINNER = {"|", "/", "-", "\\"};
  private final PrintWriter err;
  private final boolean terminal;
  private final long start = System.nanoTime();
  /** Delay of the first progress line: quick checks print none. */
  static final long DELAY_MILLIS = 1000;
  private static final long PERIOD_MILLIS = 250;
  private final AutoCloseable timer;
  private volatile String step = "";
  private String shown = "";
  private int tick;

  /** Runs a task after a delay and then periodically until closed. */
  interface Ticker {
    AutoCloseable start(Runnable task, long delayMillis, long periodMillis);
  }

  Progress(PrintWriter err, boolean enabled, boolean terminal) {
    this(err, enabled, terminal, Progress::daemonTimer);
  }

  Progress(PrintWriter err, boolean enabled, boolean terminal, Ticker ticker) {
    this.err = err;
    this.terminal = terminal;
    this.timer = enabled ? ticker.start(this::show, DELAY_MILLIS, PERIOD_MILLIS) : null;
  }

  private static AutoCloseable daemonTimer(Runnable task, long delayMillis, long periodMillis) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dane-progress");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleAtFixedRate(task, delayMillis, periodMillis, TimeUnit.MILLISECONDS);
    return executor::shutdownNow;
  }

  /** What the check is doing now, e.g. "STARTTLS to mx1.example.org[192.0.2.1]:25". */
  void step(String what) {
    step = what;
  }

  private synchronized void show() {
    String now = step;
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    if (terminal) {
      String line = "\r" + SPINNER[tick++ % SPINNER.length] + " " + seconds + "s " + now;
      err.print(line + " ".repeat(Math.max(0, shown.length() - line.length())));
      shown = line;
      err.flush();
    } else if (!now.equals(shown)) {
      err.println("dane: " + now + " ...");
      shown = now;
      err.flush();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Stops and clears the progress line, before the report is printed; idempotent. */
  synchronized void stop() {
    if (timer != null) {
      try {
        timer.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop the progress timer", e);
      }
      if (terminal && !shown.isEmpty()) {
        err.print("\r" + " ".repeat(shown.length()) + "\r");
        err.flush();
        shown = "";
      }
    }
  }
}
