package org.dane4j.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's Java snippets cannot rot: each one's lines, and each of its imports, must be
 * in {@link ReadmeSnippets} or {@link ReadmeTestkitSnippetTest}, which the build compiles
 * (and the second runs).
 */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path HERE = Path.of("src/test/java/org/dane4j/examples/readme");

  private static List<String> javaBlocks() throws IOException {
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL)
        .matcher(Files.readString(ROOT.resolve("README.md")));
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  /** The code lines without imports, each stripped, blank lines dropped, joined by newlines. */
  private static String body(String code) {
    return code.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("import ")
        && !l.startsWith("package ")).collect(Collectors.joining("\n"));
  }

  private static List<String> imports(String code) {
    return code.lines().map(String::strip).filter(l -> l.startsWith("import ")).collect(Collectors.toList());
  }

  @Test
  void everyReadmeSnippet_isCompiledVerbatimWithItsImports() throws IOException {
    String snippets = Files.readString(HERE.resolve("ReadmeSnippets.java"));
    String testkit = Files.readString(HERE.resolve("ReadmeTestkitSnippetTest.java"));
    List<String> blocks = javaBlocks();

    assertThat(blocks).hasSizeGreaterThanOrEqualTo(6);
    for (String block : blocks) {
      String source = body(testkit).contains(body(block)) ? testkit : snippets;
      assertThat(body(source)).as("README snippet compiled in %s", HERE).contains(body(block));
      assertThat(imports(source)).as("imports of the README snippet").containsAll(imports(block));
      assertThat(imports(block)).as("a README snippet shows its imports").isNotEmpty();
    }
  }
}
