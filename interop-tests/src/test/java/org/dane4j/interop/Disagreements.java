package org.dane4j.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The documented disagreements between dane4j and posttls-finger
 * ({@code interop/DISAGREEMENTS.md}): rows of the Markdown table whose first cell is a
 * scenario id. A row says exactly what each side concludes and which RFC section
 * justifies dane4j, so the suite can check that the disagreement is still exactly the one
 * documented.
 */
final class Disagreements {
  /** The mode column's value for the mandatory-DANE comparison. */
  static final String MANDATORY_DANE = "mandatory-dane";

  /**
   * One documented disagreement.
   *
   * @param scenario the scenario id
   * @param mode a {@link Mode#label()}, "both" (both DNS modes under opportunistic DANE),
   *     "mandatory-dane", or "all" (every case)
   * @param posttlsFinger posttls-finger's verdict, as {@link Verdict#toString()} prints it
   * @param dane4j dane4j's verdict, likewise
   * @param rfc the RFC section(s) that justify dane4j's behaviour
   */
  record Entry(String scenario, String mode, String posttlsFinger, String dane4j, String rfc) {
    boolean covers(String id, String caseLabel) {
      return scenario.equals(id) && (mode.equals(caseLabel) || mode.equals("all")
          || (mode.equals("both") && !caseLabel.equals(MANDATORY_DANE)));
    }
  }

  private final List<Entry> entries;

  private Disagreements(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Reads the table rows of the file whose first cell is one of the scenario ids. */
  static Disagreements read(Path file, List<Scenario> scenarios) {
    List<String> ids = scenarios.stream().map(Scenario::id).toList();
    List<Entry> entries = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file)) {
        if (!line.startsWith("|")) {
          continue;
        }
        String[] cells = line.substring(1).split("\\|", -1);
        String first = cells[0].strip().replace("`", "");
        if (!ids.contains(first)) {
          continue;
        }
        if (cells.length < 6) {
          throw new IllegalArgumentException(file + ": a disagreement row needs 6 cells: " + line);
        }
        Entry entry = new Entry(first, cells[1].strip(), cells[2].strip().replace("`", ""),
            cells[3].strip().replace("`", ""), cells[4].strip());
        if (!entry.rfc().matches(".*RFC \\d+.*")) {
          throw new IllegalArgumentException(file + ": a disagreement must cite the RFC section that justifies it: " + line);
        }
        entries.add(entry);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    return new Disagreements(entries);
  }

  /**
   * The documented disagreement for this scenario and case (a {@link Mode#label()} or
   * {@link #MANDATORY_DANE}), if any.
   */
  Optional<Entry> find(String scenario, String caseLabel) {
    return entries.stream().filter(e -> e.covers(scenario, caseLabel)).findFirst();
  }

  /** All rows. */
  List<Entry> entries() {
    return entries;
  }
}
