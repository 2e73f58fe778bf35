package org.dane4j.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Captures what an example's {@code main} prints. Tests in this module run one at a time. */
final class StandardOutput {
  private StandardOutput() {
  }

  /** Code that may throw, like a {@code main} method. */
  interface Main {
    void run() throws Exception;
  }

  /** Runs the code and returns what it printed to {@code System.out}. */
  static String capture(Main main) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      main.run();
    } finally {
      System.setOut(original);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
