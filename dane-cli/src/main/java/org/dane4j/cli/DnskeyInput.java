package org.dane4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DNSKEY records as operators paste them: zone-file presentation format ({@code
 * example.org. 3600 IN DNSKEY 257 3 13 base64...}, parentheses and comments allowed), the bare
 * RDATA ({@code 257 3 13 base64...}), or a registry's {@code Dnskey: 257 3 13 base64...} line.
 * Fields are parsed by hand so that each error can say exactly which field is wrong.
 */
final class DnskeyInput {

  /**
   * One DNSKEY as written.
   *
   * @param owner the owner name if the input had one, else {@code null}
   * @param flags, protocol, algorithm the numeric fields
   * @param base64 the public key field as written, whitespace inside kept
   * @param text the record as given, for messages
   */
  record Key(String owner, int flags, int protocol, int algorithm, String base64, String text) {
    boolean base64HasBreaks() {
      return base64.chars().anyMatch(Character::isWhitespace);
    }

    String base64Joined() {
      return base64.replaceAll("\\s+", "");
    }
  }

  private DnskeyInput() {}

  /** Every DNSKEY in the text, in order; lines without a DNSKEY (SOA, DS, blank) are skipped. */
  static List<Key> parse(String text) {
    List<Key> keys = new ArrayList<>();
    for (String entry : entries(text)) {
      Key key = parseEntry(entry);
      if (key != null) {
        keys.add(key);
      }
    }
    if (keys.isEmpty()) {
      throw CliException.badInput("no DNSKEY found in the input (expected e.g. \"example.org. IN DNSKEY 257 3 13 "
          + "<base64>\", \"257 3 13 <base64>\" or \"Dnskey: 257 3 13 <base64>\")");
    }
    return keys;
  }

  /** Splits text into logical entries: comments dropped, parenthesised groups joined. */
  private static List<String> entries(String text) {
    List<String> entries = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int depth = 0;
    for (String raw : text.split("\\R", -1)) {
      String line = raw;
      int comment = line.indexOf(';');
      if (comment >= 0) {
        line = line.substring(0, comment);
      }
      for (char c : line.toCharArray()) {
        if (c == '(') {
          depth++;
          current.append(' ');
        } else if (c == ')') {
          depth = Math.max(0, depth - 1);
          current.append(' ');
        } else {
          current.append(c);
        }
      }
      if (depth > 0) {
        // Inside parentheses the line break is part of the record: keep it, so that a key
        // field spread over lines is seen as broken.
        current.append('\n');
      } else {
        if (!current.toString().isBlank()) {
          entries.add(current.toString().strip());
        }
        current.setLength(0);
      }
    }
    if (depth > 0) {
      throw CliException.badInput("unbalanced '(' in the input: the record is not closed");
    }
    return entries;
  }

  private static Key parseEntry(String entry) {
    String rest;
    String owner = null;
    String lower = entry.toLowerCase(Locale.ROOT);
    if (lower.startsWith("dnskey:")) {
      rest = entry.substring("dnskey:".length()).strip();
    } else {
      String[] tokens = entry.split("[ \t]+", -1);
      int index = indexOfType(tokens);
      if (index < 0) {
        if (tokens.length >= 4 && tokens[0].matches("\\d+") && tokens[1].matches("\\d+")) {
          rest = entry;
        } else {
          return null;
        }
      } else {
        if (index > 0) {
          owner = tokens[0].matches("\\d+") || tokens[0].equalsIgnoreCase("IN") ? null : tokens[0];
        }
        int start = 0;
        for (int i = 0; i <= index; i++) {
          start = entry.indexOf(tokens[i], start) + tokens[i].length();
        }
        rest = entry.substring(start).strip();
      }
    }
    String[] fields = rest.split("\\s+", 4);
    if (fields.length < 4 || fields[3].isBlank()) {
      throw CliException.badInput("DNSKEY needs flags, protocol, algorithm and the public key, found \""
          + abbreviate(rest) + "\"");
    }
    int flags = number(fields[0], "flags", 65535);
    int protocol = number(fields[1], "protocol", 255);
    int algorithm = algorithm(fields[2]);
    return new Key(owner, flags, protocol, algorithm, fields[3].strip(), abbreviate(entry));
  }

  private static int indexOfType(String[] tokens) {
    for (int i = 0; i < tokens.length && i < 4; i++) {
      if (tokens[i].equalsIgnoreCase("DNSKEY")) {
        return i;
      }
    }
    return -1;
  }

  private static int number(String value, String field, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n < 0 || n > max) {
        throw CliException.badInput("DNSKEY " + field + " " + value + " is out of range 0.." + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw CliException.badInput("DNSKEY " + field + " \"" + value + "\" is not a number");
    }
  }

  private static int algorithm(String value) {
    if (value.matches("\\d+")) {
      return number(value, "algorithm", 255);
    }
    for (DnskeyCheck.Algorithm a : DnskeyCheck.Algorithm.values()) {
      if (a.mnemonic().equalsIgnoreCase(value)) {
        return a.number();
      }
    }
    throw CliException.badInput("DNSKEY algorithm \"" + value + "\" is neither a number nor a known mnemonic");
  }

  static String abbreviate(String s) {
    String oneLine = s.replaceAll("\\s+", " ");
    return oneLine.length() <= 70 ? oneLine : oneLine.substring(0, 60) + "...";
  }
}
