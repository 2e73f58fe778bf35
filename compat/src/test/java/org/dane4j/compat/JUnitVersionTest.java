package org.dane4j.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The tests ran on the JUnit this project chose, not on one that dane-testkit brought: the
 * consumer's pom passes its JUnit version in the system property {@code junit.expected}.
 */
class JUnitVersionTest {
  @Test
  void jupiterApiAndPlatform_areTheProjectsOwn() throws Exception {
    String expected = System.getProperty("junit.expected");
    String platform = expected.startsWith("5.") ? "1." + expected.substring(2) : expected;

    assertThat(Test.class.getPackage().getImplementationVersion()).isEqualTo(expected);
    assertThat(Class.forName("org.junit.platform.engine.TestEngine").getPackage().getImplementationVersion()).isEqualTo(platform);
  }
}
