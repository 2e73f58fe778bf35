package org.dane4j.cli;

/** The exit statuses of every {@code dane} command. */
final class Exit {
  /** Everything checked, nothing wrong. */
  static final int OK = 0;
  /** Checked, and problems were found. */
  static final int PROBLEMS = 1;
  /** Could not check: bad input or usage, an unreachable resolver or server. */
  static final int CANNOT_CHECK = 2;

  private Exit() {}
}
