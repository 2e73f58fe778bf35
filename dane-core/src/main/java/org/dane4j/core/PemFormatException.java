package org.dane4j.core;

/**
 * Thrown when PEM text, or a PEM file, does not hold what {@link Pem} was asked to read.
 * The message names the source (the file, or "PEM text"), the line of the offending block
 * when there is one, and what is wrong. It never quotes the content of a block, which could
 * be a private key.
 */
public final class PemFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;

  /**
   * Creates the exception.
   *
   * @param source the file name, or "PEM text"
   * @param line the 1-based line of the offending block, or 0 if the problem is not at a line
   * @param problem what is wrong
   * @param cause the underlying exception, or {@code null}
   */
  public PemFormatException(String source, int line, String problem, Throwable cause) {
    super(source + (line > 0 ? ", line " + line : "") + ": " + problem, cause);
    this.source = source;
    this.line = line;
  }

  /** The file name, or "PEM text". */
  public String source() {
    return source;
  }

  /** The 1-based line of the offending block, or 0 if the problem is not at a line. */
  public int line() {
    return line;
  }
}
