package org.dane4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code dane} command: DANE and DNSSEC checks for mail and DNS operators.
 *
 * <p>Exit status: {@value Exit#OK} all good, {@value Exit#PROBLEMS} problems found,
 * {@value Exit#CANNOT_CHECK} could not check (bad input, unreachable resolver or server).
 */
@Command(name = "dane", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"DANE for SMTP (RFC 7672) and DNSSEC checks for mail and DNS operators.", ""},
    subcommands = {CheckCommand.class, TlsaCommand.class, DnskeyCommand.class, DsCommand.class,
        PredelegationCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {"  dane check example.org",
        "  dane predelegation example.org --ns ns1.example.org/192.0.2.53 --ns ns2.example.net",
        "  dane tlsa --next next.pem /etc/mail/cert.pem --owner mx1.example.org",
        "  dane ds 'example.org. IN DNSKEY 257 3 13 mdsswUyr3...'",
        "",
        "Exit status: 0 all good, 1 problems found, 2 could not check (or bad usage)."})
public final class Main {

  private Main() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    // The library and dnsjava log through SLF4J; a command line prints its own findings.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
    }
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Runs the command line with the given output streams and returns the exit status;
   * never throws for bad input (a one-line explanation goes to {@code err}).
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine(out, err);
    return cli.execute(args);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOverwrittenOptionsAllowed(true);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(e -> e instanceof CliException ? ((CliException) e).exitStatus() : Exit.CANNOT_CHECK);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter w = commandLine.getErr();
      if (e instanceof CliException) {
        w.println("dane " + commandLine.getCommandName() + ": " + e.getMessage());
        w.flush();
        return ((CliException) e).exitStatus();
      }
      // Never a stack trace: one line saying what went wrong; the trace only on request.
      w.println("dane " + commandLine.getCommandName() + ": " + describe(e));
      if (Boolean.getBoolean("dane.debug")) {
        e.printStackTrace(w);
      }
      w.flush();
      return Exit.CANNOT_CHECK;
    });
    cli.setParameterExceptionHandler((e, args) -> {
      PrintWriter w = e.getCommandLine().getErr();
      w.println("dane " + e.getCommandLine().getCommandName() + ": " + e.getMessage());
      w.println("Try 'dane " + (e.getCommandLine().getParent() == null ? "" : e.getCommandLine().getCommandName() + " ")
          + "--help' for more information.");
      w.flush();
      return Exit.CANNOT_CHECK;
    });
    return cli;
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    Throwable cause = e.getCause();
    while ((message == null || message.isBlank()) && cause != null) {
      message = cause.getMessage();
      cause = cause.getCause();
    }
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** The version from the build, e.g. {@code dane 0.1.0 (dane4j)}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("/dane-cli.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {"dane " + properties.getProperty("version", "unknown") + " (dane4j, Java "
          + System.getProperty("java.version") + ")"};
    }
  }
}
