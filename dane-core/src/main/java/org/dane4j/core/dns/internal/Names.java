package org.dane4j.core.dns.internal;

import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Conversions between the public API's string names and dnsjava's {@link Name}. */
final class Names {
  private Names() {
  }

  /**
   * Parses a domain name, relative names taken as absolute ({@code "example.org"} and
   * {@code "example.org."} are the same).
   *
   * @throws IllegalArgumentException if the text is empty or not a valid DNS name
   */
  static Name parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("A DNS name must not be empty");
    }
    String s = text.strip();
    try {
      return Name.fromString(s.endsWith(".") ? s : s + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("Not a valid DNS name: \"" + text + "\" (" + e.getMessage() + ")", e);
    }
  }

  /** The API form of a name: lower case, no trailing dot; the root is "". */
  static String display(Name name) {
    String text = name.toString(true).toLowerCase(Locale.ROOT);
    return ".".equals(text) ? "" : text;
  }
}
