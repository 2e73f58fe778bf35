package org.dane4j.core.internal;

/**
 * Text from certificates made safe for messages and logs: a subject or a subjectAltName may
 * legally carry CR, LF, NUL or bidirectional overrides, which would forge log lines or hide
 * text in an operator's terminal. Such characters become {@code <U+XXXX>}.
 */
public final class Printable {
  private Printable() {
  }

  /** The text with control, line-separator and bidi-override characters escaped. */
  public static String of(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean unsafe = c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029
          || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
      if (unsafe && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        out.append(unsafe ? String.format("<U+%04X>", (int) c) : String.valueOf(c));
      }
    }
    return out == null ? text : out.toString();
  }
}
