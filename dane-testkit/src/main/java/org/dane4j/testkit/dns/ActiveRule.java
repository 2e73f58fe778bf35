package org.dane4j.testkit.dns;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Rule} added to a running {@link OnPathAttacker}: counts how often it acted, and
 * removes it again.
 *
 * <pre>{@code
 * ActiveRule flip = attacker.add(Rule.rewriteClass("CH").at(tlsaName, "TLSA"));
 * ... lookup ...
 * assertThat(flip.applications()).isPositive();   // the attack really happened
 * flip.remove();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ActiveRule {
  private final Rule rule;
  private final OnPathAttacker attacker;
  private final AtomicLong applications = new AtomicLong();

  ActiveRule(Rule rule, OnPathAttacker attacker) {
    this.rule = rule;
    this.attacker = attacker;
  }

  /**
   * Returns the rule.
   *
   * @return the rule as added
   */
  public Rule rule() {
    return rule;
  }

  /**
   * Returns how many exchanges the rule has acted on so far.
   *
   * @return the count, at most {@link Rule#times()} when that is set
   */
  public long applications() {
    return applications.get();
  }

  /**
   * Tells whether a rule limited with {@link Rule#times(int)} has used up its count.
   *
   * @return true when it will not act again
   */
  public boolean isExhausted() {
    return rule.times() > 0 && applications.get() >= rule.times();
  }

  /** Removes the rule from its attacker from the next query on; removing twice does nothing. */
  public void remove() {
    attacker.remove(this);
  }

  /** Takes one application if the rule has any left. */
  boolean claim() {
    if (rule.times() == 0) {
      applications.incrementAndGet();
      return true;
    }
    while (true) {
      long used = applications.get();
      if (used >= rule.times()) {
        return false;
      }
      if (applications.compareAndSet(used, used + 1)) {
        return true;
      }
    }
  }

  /** Returns the rule and its count, e.g. {@code drop at mx1.example.test. (applied 2 times)}. */
  @Override
  public String toString() {
    return rule + " (applied " + applications.get() + " times)";
  }
}
