package org.dane4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.smtp.DaneMailer;
import org.dane4j.smtp.DomainDelivery;
import org.dane4j.smtp.SmtpTlsPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dane4j against real servers: for every scenario of interop/scenarios.tsv and both ways of
 * getting validated DNS data, dane4j delivers (or refuses to deliver) a real message through
 * Jakarta Mail to Postfix, and its verdict must equal the one Postfix's own DANE client,
 * posttls-finger, reached on the same scenario with the same DNS (run by interop/oracle.sh).
 * A difference fails unless interop/DISAGREEMENTS.md lists exactly it, with the RFC section
 * that justifies dane4j. A delivered message must be in Postfix's mail store, received by
 * the listener dane4j says it talked to. Under mandatory DANE, dane4j is compared with
 * posttls-finger's {@code -l dane-only} verdict.
 *
 * <p>Run by interop/run.sh after it has started Knot, Unbound and Postfix on loopback.
 */
class PostfixInteropTest {
  private static final Duration MAIL_STORE_WAIT = Duration.ofSeconds(20);

  private static InteropEnvironment env;
  private static final Map<Mode, DnssecResolver> RESOLVERS = new EnumMap<>(Mode.class);
  private static final Map<String, String> RESULTS = new ConcurrentSkipListMap<>();

  @BeforeAll
  static void readEnvironment() {
    env = InteropEnvironment.fromSystemProperties();
    for (Mode mode : Mode.values()) {
      RESOLVERS.put(mode, mode.resolver(env.rootTrustAnchor()));
    }
  }

  @AfterAll
  static void closeResolversAndWriteResults() {
    RESOLVERS.values().forEach(DnssecResolver::close);
    RESOLVERS.clear();
    env.writeResults(RESULTS.values());
  }

  static Stream<Arguments> scenariosAndModes() {
    InteropEnvironment environment = InteropEnvironment.fromSystemProperties();
    return environment.scenarios().stream()
        .flatMap(s -> Stream.of(Mode.values()).map(m -> Arguments.of(s, m)));
  }

  @ParameterizedTest(name = "{0} [{1}]")
  @MethodSource("scenariosAndModes")
  void dane4jVerdict_agreesWithPosttlsFinger(Scenario scenario, Mode mode) throws MessagingException {
    Verdict oracle = oracle(scenario).comparable();
    String local = scenario.id() + "." + mode.label();
    String token = "interop-" + UUID.randomUUID();

    DomainDelivery delivery = send(RESOLVERS.get(mode), SmtpTlsPolicy.DANE, scenario.domain(), local, token);
    Verdict dane4j = Verdict.of(delivery).comparable();

    compare(scenario, mode.label(), oracle, dane4j, delivery);
    checkMailStore(scenario, local, token, dane4j, delivery);
  }

  /**
   * Mandatory DANE (RFC 7672 section 6) against posttls-finger's {@code -l dane-only}: the
   * message may only go out over DANE-authenticated TLS. dane4j validates locally here.
   */
  @ParameterizedTest(name = "{0} [mandatory-dane]")
  @MethodSource("scenarios")
  void mandatoryDane_agreesWithPosttlsFingerDaneOnly(Scenario scenario) throws MessagingException {
    Verdict oracle = oracle(scenario).mandatory();
    String local = scenario.id() + "." + Disagreements.MANDATORY_DANE;
    String token = "interop-" + UUID.randomUUID();

    DomainDelivery delivery = send(RESOLVERS.get(Mode.LOCAL_VALIDATION), SmtpTlsPolicy.MANDATORY_DANE,
        scenario.domain(), local, token);
    Verdict dane4j = Verdict.of(delivery).mandatory();

    compare(scenario, Disagreements.MANDATORY_DANE, oracle, dane4j, delivery);
    checkMailStore(scenario, local, token, dane4j, delivery);
  }

  @Test
  void everyScenario_hasAPosttlsFingerVerdict() {
    assertThat(env.scenarios()).hasSizeGreaterThanOrEqualTo(17)
        .allSatisfy(s -> assertThat(env.oracle(s)).as(s.id()).isPresent());
  }

  @Test
  void posttlsFinger_agreesWithTheScenarioTable() {
    for (Scenario scenario : env.scenarios()) {
      assertThat(env.oracle(scenario).orElseThrow().comparable()).as(scenario.id() + ": " + scenario.what())
          .isEqualTo(scenario.expected().comparable());
    }
  }

  @Test
  void everyDocumentedDisagreement_namesAScenarioAndAMode() {
    for (Disagreements.Entry entry : env.disagreements().entries()) {
      assertThat(entry.mode()).as(entry.toString())
          .isIn("all", "both", Mode.LOCAL_VALIDATION.label(), Mode.TRUSTED_AD_BIT.label(),
              Disagreements.MANDATORY_DANE);
    }
  }

  static Stream<Scenario> scenarios() {
    return InteropEnvironment.fromSystemProperties().scenarios().stream();
  }

  private static Verdict oracle(Scenario scenario) {
    return env.oracle(scenario).orElseThrow(() -> new AssertionError(
        "posttls-finger has no verdict for " + scenario.id() + ": rerun interop/oracle.sh"));
  }

  /**
   * Fails unless dane4j's verdict equals posttls-finger's, or the difference is exactly the
   * one DISAGREEMENTS.md documents for this scenario and case.
   */
  private static void compare(Scenario scenario, String caseLabel, Verdict oracle, Verdict dane4j,
      DomainDelivery delivery) {
    Optional<Disagreements.Entry> documented = env.disagreements().find(scenario.id(), caseLabel);
    RESULTS.put(scenario.id() + "\t" + caseLabel, String.join("\t", scenario.id(), caseLabel, oracle.toString(),
        dane4j.toString(), dane4j.equals(oracle) ? "agree" : documented.isPresent()
            ? "documented disagreement (" + documented.get().rfc() + ")" : "DISAGREE"));
    String evidence = evidence(scenario, caseLabel, oracle, dane4j, delivery);
    if (documented.isPresent()) {
      Disagreements.Entry entry = documented.get();
      assertThat(oracle.toString()).as("posttls-finger as documented in DISAGREEMENTS.md; " + evidence)
          .isEqualTo(entry.posttlsFinger());
      assertThat(dane4j.toString()).as("dane4j as documented in DISAGREEMENTS.md (" + entry.rfc() + "); " + evidence)
          .isEqualTo(entry.dane4j());
    } else {
      assertThat(dane4j).as("dane4j must agree with posttls-finger; " + evidence).isEqualTo(oracle);
    }
  }

  /**
   * A delivered message must be in Postfix's mail store, received by the listener dane4j
   * reports, over TLS when DANE authenticated it; an undelivered one must not be there.
   */
  private static void checkMailStore(Scenario scenario, String local, String token, Verdict dane4j,
      DomainDelivery delivery) {
    if (dane4j.delivers()) {
      String listener = env.listeners().name(dane4j.address());
      String stored = env.awaitMessage(scenario.domain(), local, token, MAIL_STORE_WAIT).orElseThrow(() ->
          new AssertionError("dane4j reported delivery, but Postfix's mail store has no message " + token
              + " for " + local + "@" + scenario.domain() + "; dane4j report: " + delivery));
      assertThat(stored).as("Received header of the listener dane4j reported (" + listener + ")")
          .contains("by " + listener + ".listener.test (Postfix)");
      if (!dane4j.kind().equals("unauthenticated")) {
        assertThat(stored).as("Postfix saw TLS on a DANE-authenticated delivery").contains("(using TLS");
      }
    } else {
      assertThat(env.findMessage(scenario.domain(), local, token))
          .as("dane4j reported no delivery, so Postfix must not have the message; dane4j report: " + delivery)
          .isEmpty();
    }
  }

  private static String evidence(Scenario scenario, String caseLabel, Verdict oracle, Verdict dane4j,
      DomainDelivery delivery) {
    return "scenario " + scenario.id() + " (" + scenario.what() + "), " + caseLabel
        + "\n  posttls-finger: " + oracle + "\n  dane4j:         " + dane4j + "\n  dane4j report:  " + delivery
        + "\n  attempts:       " + delivery.attempts()
        + "\n  posttls-finger's log: " + env.oracleLog(scenario);
  }

  private static DomainDelivery send(DnssecResolver resolver, SmtpTlsPolicy policy, String domain, String local,
      String token) throws MessagingException {
    Properties properties = new Properties();
    properties.put("mail.smtp.localhost", "dane4j.interop.test");
    properties.put("mail.smtp.from", "interop@dane4j.invalid");
    properties.put("mail.smtp.connectiontimeout", "10000");
    properties.put("mail.smtp.timeout", "10000");
    properties.put("mail.smtp.writetimeout", "10000");
    Session session = Session.getInstance(properties);
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("interop@dane4j.invalid"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(local + "@" + domain));
    message.setSubject("dane4j interop " + token);
    message.setHeader("X-Interop-Token", token);
    message.setText("Sent by dane4j's interoperability suite (" + local + ").\n");

    DaneMailer mailer = DaneMailer.builder().session(session).resolver(resolver).policy(policy).build();
    return mailer.send(message).domain(domain);
  }
}
