package org.dane4j.benchmarks;

/** Placeholder. */
public final class Floor {
  private Floor() {}
}
