package org.dane4j.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One row of {@code interop/scenarios.tsv}: a next-hop domain whose DNS data and Postfix
 * listener make one case of RFC 7671/7672, and what Postfix's posttls-finger must conclude
 * about it.
 *
 * @param id the scenario name; the DNS zone and the mailbox are named after it
 * @param domain the recipient (next-hop) domain
 * @param expected the verdict the table expects from posttls-finger
 * @param what the case in words, with the RFC section it exercises
 */
record Scenario(String id, String domain, Verdict expected, String what) {

  /** Reads every scenario of the table, in table order. */
  static List<Scenario> readAll(Path table, Listeners listeners) {
    try {
      return Files.readAllLines(table).stream()
          .filter(line -> !line.startsWith("#") && !line.isBlank())
          .map(line -> parse(line, listeners))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the scenario table " + table, e);
    }
  }

  private static Scenario parse(String line, Listeners listeners) {
    String[] f = line.split("\t", -1);
    if (f.length != 7) {
      throw new IllegalArgumentException("scenarios.tsv: expected 7 tab-separated fields, got " + f.length + ": " + line);
    }
    String address = f[5].equals("-") ? "-" : listeners.address(f[5]);
    return new Scenario(f[0], f[1], new Verdict(f[2], f[3], f[4], address), f[6]);
  }

  @Override
  public String toString() {
    return id;
  }
}
