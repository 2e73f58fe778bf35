package org.dane4j.cli;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small JSON writer for the reports (objects keep insertion order; output is indented). */
final class Json {
  private Json() {}

  /** An ordered object to fill. */
  static Map<String, Object> object() {
    return new LinkedHashMap<>();
  }

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0);
    return out.append('\n').toString();
  }

  private static void write(Object value, StringBuilder out, int indent) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        pad(out, indent + 1);
        string(String.valueOf(e.getKey()), out);
        out.append(": ");
        write(e.getValue(), out, indent + 1);
        out.append(it.hasNext() ? ",\n" : "\n");
      }
      pad(out, indent);
      out.append('}');
    } else if (value instanceof Collection<?> list) {
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append("[\n");
      Iterator<?> it = list.iterator();
      while (it.hasNext()) {
        pad(out, indent + 1);
        write(it.next(), out, indent + 1);
        out.append(it.hasNext() ? ",\n" : "\n");
      }
      pad(out, indent);
      out.append(']');
    } else {
      string(value.toString(), out);
    }
  }

  private static void pad(StringBuilder out, int indent) {
    out.append("  ".repeat(indent));
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
