package org.dane4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The DNSKEY input shared by {@code dane dnskey} and {@code dane ds}. */
final class KeyInputOptions {

  @Parameters(paramLabel = "DNSKEY", arity = "0..*",
      description = "The DNSKEY: a zone-file record, its RDATA (\"257 3 13 <base64>\") or a registry's "
          + "\"Dnskey: ...\" line; several words are joined. Omitted: read --file, or standard input.")
  List<String> words = List.of();

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Read DNSKEY records from a file (a .key file, a zone file, dig output); '-' for standard input.")
  String file;

  @Option(names = "--owner", paramLabel = "ZONE",
      description = "The zone name (owner of the DNSKEY), needed for the DS when the input has none.")
  String owner;

  @Option(names = "--algorithms", paramLabel = "N,...", split = ",",
      description = "The algorithms the registry accepts (default: 3,5,6,7,8,10,12,13,14,15,16; the .de list "
          + "without Ed25519/Ed448 is 3,5,6,7,8,10,12,13,14).")
  Set<Integer> accepted = new HashSet<>(DnskeyCheck.DEFAULT_ACCEPTED);

  @Option(names = "--sha1", description = "Also print the SHA-1 DS (digest type 1), deprecated by RFC 8624.")
  boolean sha1;

  /** The text to parse. */
  String text(InputStream stdin) {
    if (!words.isEmpty()) {
      if (file != null) {
        throw CliException.badInput("give the DNSKEY either as arguments or with --file, not both");
      }
      return String.join(" ", words);
    }
    try {
      if (file == null || file.equals("-")) {
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw CliException.badInput("no such file: " + file);
    } catch (IOException e) {
      throw CliException.badInput("cannot read " + (file == null ? "standard input" : file) + ": " + e.getMessage());
    }
  }

  /** The owner for the DS: --owner, else the record's own, else none. */
  String ownerOf(DnskeyInput.Key key) {
    return owner != null ? owner : key.owner();
  }

  /** The digest types to print. */
  int[] digestTypes() {
    return sha1 ? new int[] {DnskeyCheck.SHA1, DnskeyCheck.SHA256, DnskeyCheck.SHA384}
        : new int[] {DnskeyCheck.SHA256, DnskeyCheck.SHA384};
  }
}
