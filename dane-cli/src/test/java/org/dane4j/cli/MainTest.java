package org.dane4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command itself: help, version, usage errors, progress. */
class MainTest {

  @Test
  void everyCommand_hasHelpWithExamples() {
    for (String command : List.of("check", "tlsa", "dnskey", "ds", "predelegation")) {
      Cli cli = Cli.run(command, "--help");

      assertThat(cli.exit()).as(command).isZero();
      assertThat(cli.out()).as(command).contains("Usage: dane " + command).contains("Examples:")
          .contains("  dane " + command + " ").contains("Exit status:");
    }
    assertThat(Cli.run("--help").out()).contains("check").contains("predelegation").contains("Examples:");
  }

  @Test
  void version_namesTheBuild() {
    Cli cli = Cli.run("--version");

    assertThat(cli.exit()).isZero();
    assertThat(cli.out()).startsWith("dane ").doesNotContain("${").doesNotContain("unknown");
  }

  @Test
  void unknownOptionOrCommand_isExit2WithAHint() {
    Cli option = Cli.run("check", "--nope", "example.org");
    Cli command = Cli.run("frobnicate");

    assertThat(option.exit()).isEqualTo(2);
    assertThat(option.err()).contains("Unknown option: '--nope'").contains("Try 'dane check --help'");
    assertThat(command.exit()).isEqualTo(2);
  }

  @Test
  void progress_appearsOnlyAfterASecond() {
    StringWriter err = new StringWriter();
    List<Runnable> ticks = new ArrayList<>();
    List<Long> delays = new ArrayList<>();
    boolean[] stopped = {false};
    try (Progress progress = new Progress(new PrintWriter(err, true), true, false, (task, delay, period) -> {
      ticks.add(task);
      delays.add(delay);
      return () -> stopped[0] = true;
    })) {
      progress.step("quick step");
      assertThat(err.toString()).isEmpty();
      progress.step("slow step");
      ticks.get(0).run();
    }
    assertThat(delays).containsExactly(1000L);
    assertThat(stopped[0]).isTrue();
    assertThat(err.toString()).isEqualTo("dane: slow step ..." + System.lineSeparator());
  }
}
