package org.dane4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dane ds}: the DS records of DNSKEYs, like ldns-key2ds or dnssec-dsfromkey. */
@Command(name = "ds", mixinStandardHelpOptions = true, sortOptions = false,
    headerHeading = "%n", header = "Compute the DS records of DNSKEYs (like ldns-key2ds / dnssec-dsfromkey).",
    descriptionHeading = "%n",
    description = {"Prints one DS per key and digest type: SHA-256 (2) and SHA-384 (4), SHA-1 (1) only with "
        + "--sha1. Keys that break a registry rule (see 'dane dnskey') get their errors on standard error and "
        + "no DS, unless --force.", ""},
    footerHeading = "%nExamples:%n",
    footer = {"  dane ds 'example.net. 3600 IN DNSKEY 257 3 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA=='",
        "  dane ds --owner example.net --sha1 257 3 13 GojIhhXU...",
        "  dane ds -f Kexample.net.+013+55648.key",
        "",
        "Exit status: 0 DS printed for every key, 1 a key has errors, 2 unreadable input."})
final class DsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  KeyInputOptions input;

  @Option(names = "--force", description = "Print the DS even for keys that break a registry rule.")
  boolean force;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int status = Exit.OK;
    for (DnskeyInput.Key key : DnskeyInput.parse(input.text(System.in))) {
      DnskeyCheck.Result result = DnskeyCheck.check(key, input.accepted);
      if (result.publicKey().length == 0) {
        throw CliException.badInput(result.findings().stream().filter(DnskeyCheck.Finding::error)
            .map(DnskeyCheck.Finding::message).findFirst().orElse("the public key is empty"));
      }
      String owner = input.ownerOf(key);
      if (owner == null) {
        throw CliException.badInput("the DS covers the zone name: give it with --owner (the input has no owner name)");
      }
      if (result.hasErrors()) {
        for (DnskeyCheck.Finding finding : result.findings()) {
          if (finding.error()) {
            err.println("dane ds: key tag " + result.keyTag() + ": " + finding.message());
          }
        }
        status = Exit.PROBLEMS;
        if (!force) {
          continue;
        }
      }
      for (int type : input.digestTypes()) {
        out.println(DnskeyCheck.ds(owner, result, type));
      }
    }
    out.flush();
    err.flush();
    return status;
  }
}
