package org.dane4j.cli;

/** A failure the command explains in one line, with the exit status to return. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitStatus;

  CliException(int exitStatus, String message) {
    super(message);
    this.exitStatus = exitStatus;
  }

  CliException(int exitStatus, String message, Throwable cause) {
    super(message, cause);
    this.exitStatus = exitStatus;
  }

  /** Bad input: exit status 2, "could not check". */
  static CliException badInput(String message) {
    return new CliException(Exit.CANNOT_CHECK, message);
  }

  int exitStatus() {
    return exitStatus;
  }
}
