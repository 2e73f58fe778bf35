package org.dane4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
  void progress_appearsOnlyAfterASecond() throws Exception {
    StringWriter err = new StringWriter();
    try (Progress progress = new Progress(new PrintWriter(err, true), true, false)) {
      progress.step("quick step");
      assertThat(err.toString()).isEmpty();
      Thread.sleep(1400);
      progress.step("slow step");
      Thread.sleep(400);
    }
    assertThat(err.toString()).contains("dane: slow step ...").doesNotContain("\r");
  }
}
