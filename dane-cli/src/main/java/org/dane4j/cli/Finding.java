package org.dane4j.cli;

import java.util.Map;

/**
 * One thing a check found. {@link Severity#ERROR} makes the exit status 1,
 * {@link Severity#UNCHECKED} 2 (when there is no error), warnings and notes 0 (warnings 1
 * with --strict).
 *
 * @param severity how bad
 * @param code a stable identifier for scripts, e.g. {@code dane-mismatch}
 * @param where the host, address or zone it concerns ("" for the domain)
 * @param message what was found, in words
 */
record Finding(Severity severity, String code, String where, String message) {

  enum Severity { ERROR, UNCHECKED, WARNING, NOTE }

  Map<String, Object> json() {
    Map<String, Object> o = Json.object();
    o.put("severity", severity.name().toLowerCase(java.util.Locale.ROOT));
    o.put("code", code);
    o.put("where", where);
    o.put("message", message);
    return o;
  }

  @Override
  public String toString() {
    String label = severity == Severity.UNCHECKED ? "NOT CHECKED" : severity.name();
    return label + (where.isEmpty() ? "" : " " + where) + ": " + message;
  }
}
