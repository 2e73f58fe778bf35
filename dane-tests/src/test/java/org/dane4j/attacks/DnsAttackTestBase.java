package org.dane4j.attacks;

import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.testkit.dns.ActiveRule;
import org.dane4j.testkit.dns.Rule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** One {@link DnsAttackWorld} per test class, back to honest after each test. */
abstract class DnsAttackTestBase {
  static DnsAttackWorld world;

  @BeforeAll
  static void startWorld() {
    world = new DnsAttackWorld();
  }

  @AfterAll
  static void stopWorld() {
    world.close();
  }

  @AfterEach
  void backToHonest() {
    world.reset();
  }

  static ActiveRule attack(Rule rule) {
    return world.attacker().add(rule);
  }

  static DnssecResolver resolver() {
    return world.resolver();
  }

  /** The absolute TLSA owner name of a host given absolute, e.g. {@code _<port>._tcp.mx1.example.test.}. */
  static String tlsaName(String host) {
    return world.tlsaOwner(host);
  }

  /** The host name without its trailing dot, as dane4j's API takes it. */
  static String host(String absolute) {
    return absolute.substring(0, absolute.length() - 1);
  }
}
