package org.dane4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dane dnskey}: checks DNSKEYs as a registry does, with key tag and DS. */
@Command(name = "dnskey", mixinStandardHelpOptions = true, sortOptions = false,
    headerHeading = "%n", header = "Check a DNSKEY the way a registry does before a delegation, and print its DS.",
    descriptionHeading = "%n",
    description = {"The rules (the .de registry's): flags 256 or 257; protocol 3; an algorithm the registry "
        + "accepts and not private-use (a warning for those RFC 8624 says MUST NOT or NOT RECOMMENDED to sign "
        + "with); the public key in base64 on one line; the key well formed for its algorithm (RSA exponent "
        + "and modulus size, ECDSA point on the curve and of the right length, Ed25519/Ed448 length, DSA "
        + "and GOST length). Prints the key tag (RFC 4034 appendix B) and the DS with SHA-256 and SHA-384.", ""},
    footerHeading = "%nExamples:%n",
    footer = {"  dane dnskey 'example.net. IN DNSKEY 257 3 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA=='",
        "  dane dnskey --owner example.net 'Dnskey: 257 3 13 GojIhhXU...'",
        "  dane dnskey -f Kexample.net.+013+55648.key",
        "  dig +noall +answer example.net DNSKEY | dane dnskey",
        "",
        "Exit status: 0 every key acceptable (warnings allowed), 1 a key has errors, 2 unreadable input."})
final class DnskeyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  KeyInputOptions input;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    boolean anyError = false;
    boolean first = true;
    for (DnskeyInput.Key key : DnskeyInput.parse(input.text(System.in))) {
      if (!first) {
        out.println();
      }
      first = false;
      DnskeyCheck.Result result = DnskeyCheck.check(key, input.accepted);
      String owner = input.ownerOf(key);
      out.println("DNSKEY " + key.flags() + " " + key.protocol() + " " + DnskeyCheck.Algorithm.describe(key.algorithm())
          + (key.flags() == 257 ? " KSK (SEP)" : key.flags() == 256 ? " ZSK" : "")
          + (result.keyTag() >= 0 ? ", key tag " + result.keyTag() : "")
          + (result.publicKey().length > 0 ? ", " + result.publicKey().length + " bytes of key" : "")
          + (owner != null ? ", zone " + owner : ""));
      for (DnskeyCheck.Finding finding : result.findings()) {
        out.println("  " + finding);
      }
      if (result.hasErrors()) {
        anyError = true;
        out.println("  NOT ACCEPTABLE: " + result.findings().stream().filter(DnskeyCheck.Finding::error).count()
            + " error(s)");
      } else {
        out.println("  acceptable" + (result.findings().isEmpty() ? "" : " (with warnings)"));
      }
      if (result.publicKey().length > 0) {
        if (owner == null) {
          out.println("  (give the zone name with --owner to get the DS records)");
        } else {
          for (int type : input.digestTypes()) {
            out.println(DnskeyCheck.ds(owner, result, type));
          }
        }
      }
    }
    out.flush();
    return anyError ? Exit.PROBLEMS : Exit.OK;
  }
}
