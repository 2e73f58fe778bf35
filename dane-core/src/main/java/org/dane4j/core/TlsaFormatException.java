package org.dane4j.core;

/**
 * Thrown when text is not a TLSA record in presentation format at all (RFC 6698
 * section 2.2). The message names the offending field and quotes the text.
 *
 * <p>A record with an unassigned usage, selector or matching type, or with digest data
 * of the wrong length, is <em>not</em> a format error: it parses, prints and is simply
 * unusable for matching (RFC 7672 section 3.1.3).
 */
public final class TlsaFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String text;

  /**
   * Creates the exception.
   *
   * @param field the field that is wrong: "usage", "selector", "matching type",
   *     "association data" or "record"
   * @param text the whole text that was parsed
   * @param problem what is wrong with that field
   */
  public TlsaFormatException(String field, String text, String problem) {
    super("Not a TLSA record: " + field + " " + problem + " in \"" + abbreviate(text) + "\"");
    this.field = field;
    this.text = text;
  }

  /** The field that is wrong: "usage", "selector", "matching type", "association data" or "record". */
  public String field() {
    return field;
  }

  /** The text that was parsed. */
  public String text() {
    return text;
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
