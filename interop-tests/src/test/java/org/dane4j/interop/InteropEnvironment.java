package org.dane4j.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The running interoperability environment, as interop/run.sh left it: where the scenario
 * table, posttls-finger's verdicts, the trust anchor and Postfix's mail store are.
 * Everything is read from files; nothing here starts or stops a server.
 */
final class InteropEnvironment {
  private final Path home;
  private final Path dir;
  private final Listeners listeners = new Listeners();
  private final List<Scenario> scenarios;
  private final Map<String, Verdict> oracle;
  private final Disagreements disagreements;

  private InteropEnvironment(Path home, Path dir) {
    this.home = home;
    this.dir = dir;
    this.scenarios = Scenario.readAll(home.resolve("scenarios.tsv"), listeners);
    this.oracle = readOracle(dir.resolve("oracle/verdicts.tsv"));
    this.disagreements = Disagreements.read(home.resolve("DISAGREEMENTS.md"), scenarios);
  }

  /**
   * The environment named by the system properties {@code interop.home} (the repository's
   * interop/ folder) and {@code interop.dir} (the generated state, default
   * /tmp/dane4j-interop), which the interop-tests pom sets.
   *
   * @throws IllegalStateException when posttls-finger's verdicts are missing: the servers
   *     were not started and probed (run interop/run.sh)
   */
  static InteropEnvironment fromSystemProperties() {
    Path home = Path.of(System.getProperty("interop.home", "../interop"));
    Path dir = Path.of(System.getProperty("interop.dir", "/tmp/dane4j-interop"));
    if (!Files.isRegularFile(dir.resolve("oracle/verdicts.tsv"))) {
      throw new IllegalStateException("No posttls-finger verdicts in " + dir.resolve("oracle")
          + ": the interop servers are not running. Run interop/run.sh (as root), not this module alone.");
    }
    return new InteropEnvironment(home, dir);
  }

  List<Scenario> scenarios() {
    return scenarios;
  }

  Listeners listeners() {
    return listeners;
  }

  Disagreements disagreements() {
    return disagreements;
  }

  /** posttls-finger's verdict for the scenario, as oracle.sh classified it. */
  Optional<Verdict> oracle(Scenario scenario) {
    return Optional.ofNullable(oracle.get(scenario.id()));
  }

  /** posttls-finger's raw output for the scenario. */
  Path oracleLog(Scenario scenario) {
    return dir.resolve("oracle").resolve(scenario.id() + ".log");
  }

  /** The private root's trust anchor (DS of the root KSK), for local validation. */
  Path rootTrustAnchor() {
    return dir.resolve("zones/root-anchor.ds");
  }

  /**
   * Waits until Postfix's virtual delivery agent has written a message for
   * {@code local@domain} carrying the token into the domain's Maildir, and returns it; empty
   * when none arrived within the timeout. Delivery happens after the SMTP transaction ends,
   * so this waits on file-system events in the Maildir (and its parents, which the first
   * delivery may create), re-checking at each one.
   */
  Optional<String> awaitMessage(String domain, String local, String token, Duration timeout) {
    Path mail = dir.resolve("mail");
    List<Path> watched = List.of(mail, mail.resolve(domain), mail.resolve(domain).resolve("new"));
    Instant deadline = Instant.now().plus(timeout);
    try (WatchService watcher = mail.getFileSystem().newWatchService()) {
      List<Path> registered = new ArrayList<>();
      while (true) {
        for (Path directory : watched) {
          if (!registered.contains(directory) && Files.isDirectory(directory)) {
            directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            registered.add(directory);
          }
        }
        // Checked after registering, so a message written in between is not missed.
        Optional<String> found = findMessage(domain, local, token);
        long remaining = Duration.between(Instant.now(), deadline).toMillis();
        if (found.isPresent() || remaining <= 0) {
          return found;
        }
        WatchKey key = watcher.poll(remaining, TimeUnit.MILLISECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot watch " + mail, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * The message for {@code local@domain} carrying the token in the domain's Maildir, if there
   * is one now.
   */
  Optional<String> findMessage(String domain, String local, String token) {
    Path maildir = dir.resolve("mail").resolve(domain).resolve("new");
    if (!Files.isDirectory(maildir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(maildir)) {
      return files.map(InteropEnvironment::read)
          .filter(text -> text.contains(token) && text.contains("Delivered-To: " + local + "@" + domain))
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + maildir, e);
    }
  }

  /**
   * Writes one tab-separated line per case (scenario, mode, posttls-finger, dane4j, outcome)
   * to results.tsv in the state directory, for interop/run.sh to print.
   */
  void writeResults(Collection<String> lines) {
    List<String> all = new ArrayList<>();
    all.add("# scenario\tmode\tposttls-finger\tdane4j\toutcome");
    all.addAll(lines);
    try {
      Files.write(dir.resolve("results.tsv"), all, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + dir.resolve("results.tsv"), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  private static Map<String, Verdict> readOracle(Path file) {
    Map<String, Verdict> verdicts = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] fields = line.split("\t", -1);
        if (fields.length != 5) {
          throw new IllegalStateException(file + ": expected 5 tab-separated fields: " + line);
        }
        verdicts.put(fields[0], Verdict.parse(fields));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    return verdicts;
  }

  @Override
  public String toString() {
    return "interop environment " + dir + " (scenarios from " + home + ")";
  }
}
