package org.dane4j.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.dane4j.core.TlsaRecord;
import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.DnsOutcome;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.core.dns.MxAnswer;
import org.dane4j.core.dns.MxHost;
import org.dane4j.core.dns.SecurityStatus;
import org.dane4j.core.dns.TlsaAnswer;
import org.dane4j.fuzz.Frames.Frame;
import org.dane4j.testkit.dns.Denial;
import org.dane4j.testkit.dns.DnsTree;
import org.dane4j.testkit.dns.SigningAlgorithm;
import org.dane4j.testkit.dns.TestDnsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Fuzzing of DNS replies through {@link DnssecResolver}, wire bytes to {@link DnsAnswer}:
 * a {@link FuzzUpstream} on loopback answers the resolver's queries with the fuzzer's bytes,
 * in local validation mode (with the seed tree's trust anchor) and in trusted-AD mode. The
 * whole path runs as in production: dnsjava's client and validator, dane4j's strict reading
 * of replies, verdicts, insecurity proofs, CNAME chains and TLSA base domains. It lives
 * here, not in dane-core, because its seeds and trust anchor come from the testkit's
 * signed tree and it needs nothing package-private.
 *
 * <p>Whatever the bytes, every lookup must complete normally within its lookup timeout
 * (an exception or a hang is a finding), a failure must carry no records, and in local
 * validation mode a SECURE answer must hold exactly the data of the signed tree: the
 * fuzzer has no zone key, so anything else it gets accepted as SECURE is a forgery.
 *
 * <p>An input is {@link Frames}: one {@code 'Q'} frame (mode byte, even for local validation,
 * odd for trusted AD; lookup byte, an index into {@link Lookup}), then {@code 'R'} frames,
 * each a reply in wire format. Each query gets the first unused reply with the same
 * question, else a used one with the same question, else the first unused reply; the
 * message ID is set to the query's. With no reply left the upstream answers SERVFAIL.
 * Seeds are real conversations with the testkit's server ({@link #writeSeeds()}), in
 * {@code DnsReplyFuzzTestInputs/lookup/}; docs/FUZZING.md says how to fuzz.
 */
class DnsReplyFuzzTest {
  // Inside the validity of the seed tree's signatures.
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(2);
  private static final String TLSA = "3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final FuzzUpstream UPSTREAM = new FuzzUpstream();

  /** The lookups an input can ask for, with what the signed tree holds for each. */
  enum Lookup {
    MX_EXAMPLE("example.test") {
      @Override
      DnsAnswer<?> check(DnssecResolver resolver, boolean validating) {
        MxAnswer mx = await(resolver.lookupMxAsync(name));
        checkShape(mx.answer());
        if (validating && mx.status() == SecurityStatus.SECURE) {
          assertThat(mx.hosts()).containsExactly(new MxHost(10, "mx.example.test"));
        }
        return mx.answer();
      }
    },
    A_MX("mx.example.test") {
      @Override
      DnsAnswer<?> check(DnssecResolver resolver, boolean validating) {
        return checkData(await(resolver.lookupAAsync(name)), validating, address("127.0.0.2"));
      }
    },
    AAAA_MX("mx.example.test") {
      @Override
      DnsAnswer<?> check(DnssecResolver resolver, boolean validating) {
        return checkData(await(resolver.lookupAaaaAsync(name)), validating, address("2001:db8::2"));
      }
    },
    TLSA_MX("mx.example.test") {
      @Override
      DnsAnswer<?> check(DnssecResolver resolver, boolean validating) {
        TlsaAnswer tlsa = await(resolver.lookupTlsaAsync(name, 25));
        return checkData(tlsa.answer(), validating, TlsaRecord.parse(TLSA));
      }
    },
    A_CNAME("alias.example.test") {
      @Override
      DnsAnswer<?> check(DnssecResolver resolver, boolean validating) {
        return checkData(await(resolver.lookupAAsync(name)), validating, address("127.0.0.2"));
      }
    },
    A_INSECURE("mx.insecure.test") {
      @Override
      DnsAnswer<?> check(DnssecResolver resolver, boolean validating) {
        return checkNeverSecure(await(resolver.lookupAAsync(name)), validating);
      }
    },
    TLSA_INSECURE("mx.insecure.test") {
      @Override
      DnsAnswer<?> check(DnssecResolver resolver, boolean validating) {
        return checkNeverSecure(await(resolver.lookupTlsaAsync(name, 25)).answer(), validating);
      }
    },
    A_NXDOMAIN("nothere.example.test") {
      @Override
      DnsAnswer<?> check(DnssecResolver resolver, boolean validating) {
        return checkNegative(await(resolver.lookupAAsync(name)), validating, DnsOutcome.NXDOMAIN);
      }
    },
    TLSA_NSEC3("mx.nsec3.test") {
      @Override
      DnsAnswer<?> check(DnssecResolver resolver, boolean validating) {
        return checkNegative(await(resolver.lookupTlsaAsync(name, 25)).answer(), validating, DnsOutcome.NXDOMAIN);
      }
    },
    A_RSA("mx.rsa.test") {
      @Override
      DnsAnswer<?> check(DnssecResolver resolver, boolean validating) {
        return checkData(await(resolver.lookupAAsync(name)), validating, address("127.0.0.12"));
      }
    };

    final String name;

    Lookup(String name) {
      this.name = name;
    }

    /** Looks up and checks the answer; any exception or hang is a finding. */
    abstract DnsAnswer<?> check(DnssecResolver resolver, boolean validating);
  }

  @FuzzTest
  void lookup(byte[] input) {
    // Jazzer's SSRF detector would report the resolver's connections to the upstream (TCP
    // after a reply with TC set); they are the point of this test. Only a fuzz test can
    // set this: Jazzer's sanitizers are not loaded in a plain test.
    BugDetectors.allowNetworkConnections((host, port) -> port == UPSTREAM.address().getPort());
    replay(input);
  }

  /** The seeds still validate: with a stale corpus (keys, dates) fuzzing would only see BOGUS. */
  @Test
  void seedCorpus_replayed_givesTheSignedTreesVerdicts() throws IOException {
    for (boolean validating : new boolean[] {true, false}) {
      for (Lookup lookup : Lookup.values()) {
        String seed = "DnsReplyFuzzTestInputs/lookup/" + seedName(validating, lookup);
        byte[] input;
        try (InputStream in = DnsReplyFuzzTest.class.getResourceAsStream(seed)) {
          assertThat(in).as(seed).isNotNull();
          input = in.readAllBytes();
        }

        DnsAnswer<?> answer = replay(input);

        assertThat(answer.status()).as(seed)
            .isEqualTo(lookup.name.endsWith(".insecure.test") ? SecurityStatus.INSECURE : SecurityStatus.SECURE);
      }
    }
  }

  private static DnsAnswer<?> replay(byte[] input) {
    int mode = 0;
    int lookup = 0;
    List<byte[]> replies = new ArrayList<>();
    for (Frame frame : Frames.parse(input)) {
      if (frame.tag() == 'Q' && frame.body().length >= 2) {
        mode = frame.body()[0] & 0xFF;
        lookup = frame.body()[1] & 0xFF;
      } else if (frame.tag() == 'R') {
        replies.add(frame.body());
      }
    }
    boolean validating = mode % 2 == 0;
    Lookup what = Lookup.values()[lookup % Lookup.values().length];
    UPSTREAM.answerWith(new Script(replies));
    try (DnssecResolver resolver = resolver(validating, TrustAnchor.SEEDS)) {
      return what.check(resolver, validating);
    }
  }

  private static String seedName(boolean validating, Lookup lookup) {
    return (validating ? "validating-" : "trusted-ad-") + lookup.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @AfterAll
  static void stopUpstream() throws InterruptedException {
    UPSTREAM.close();
  }

  private static DnssecResolver resolver(boolean validating, String trustAnchor) {
    DnssecResolver.Builder builder = DnssecResolver.builder()
        .queryTimeout(Duration.ofMillis(400)).attempts(2).lookupTimeout(LOOKUP_TIMEOUT)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
    return validating ? builder.upstream(UPSTREAM.address()).trustAnchors(trustAnchor).build()
        : builder.trustAdBitFrom(List.of(UPSTREAM.address())).build();
  }

  private static <T> T await(CompletionStage<T> lookup) {
    try {
      // The lookup timeout bounds every lookup; a little more for a loaded machine.
      return lookup.toCompletableFuture().get(LOOKUP_TIMEOUT.toMillis() + 3000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the lookup completed exceptionally", e.getCause());
    } catch (TimeoutException e) {
      return fail("the lookup outlived its timeout of " + LOOKUP_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }

  private static void checkShape(DnsAnswer<?> answer) {
    assertThat(answer).isNotNull();
    assertThat(answer.failure().isPresent()).isEqualTo(answer.isFailure());
    assertThat(answer.isFailure()).isEqualTo(answer.outcome() == DnsOutcome.FAILED);
    if (answer.isFailure()) {
      assertThat(answer.records()).isEmpty();
      assertThat(answer.status()).isNotEqualTo(SecurityStatus.SECURE);
    }
    assertThat(answer.toString()).isNotEmpty();
  }

  private static <T> DnsAnswer<T> checkData(DnsAnswer<T> answer, boolean validating, T expected) {
    checkShape(answer);
    if (validating && answer.isSecure()) {
      assertThat(answer.outcome()).isEqualTo(DnsOutcome.DATA);
      assertThat(answer.records()).containsExactly(expected);
    }
    return answer;
  }

  private static DnsAnswer<?> checkNegative(DnsAnswer<?> answer, boolean validating, DnsOutcome outcome) {
    checkShape(answer);
    if (validating && answer.isSecure()) {
      assertThat(answer.outcome()).isEqualTo(outcome);
      assertThat(answer.records()).isEmpty();
    }
    return answer;
  }

  private static DnsAnswer<?> checkNeverSecure(DnsAnswer<?> answer, boolean validating) {
    checkShape(answer);
    if (validating) {
      assertThat(answer.status()).isNotEqualTo(SecurityStatus.SECURE);
    }
    return answer;
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  /** The trust anchor of the tree the seeds were recorded from; read when first needed. */
  private static final class TrustAnchor {
    static final String SEEDS = read("DnsReplyFuzzTest.trust-anchor");

    private static String read(String name) {
      try (InputStream in = DnsReplyFuzzTest.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("missing test resource " + name + ": see docs/FUZZING.md");
        }
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The replies of one input, handed out by question (see the class comment). */
  private static final class Script implements UnaryOperator<byte[]> {
    private final List<byte[]> replies;
    private final List<Record> questions = new ArrayList<>();
    private final boolean[] used;

    Script(List<byte[]> replies) {
      this.replies = replies;
      this.used = new boolean[replies.size()];
      for (byte[] reply : replies) {
        questions.add(question(reply));
      }
    }

    @Override
    public synchronized byte[] apply(byte[] queryBytes) {
      Message query;
      try {
        query = new Message(queryBytes);
      } catch (IOException e) {
        return null;
      }
      int pick = pick(query.getQuestion());
      if (pick < 0) {
        Message servfail = new Message(query.getHeader().getID());
        servfail.getHeader().setFlag(Flags.QR);
        servfail.getHeader().setRcode(Rcode.SERVFAIL);
        servfail.addRecord(query.getQuestion(), Section.QUESTION);
        return servfail.toWire();
      }
      used[pick] = true;
      byte[] reply = replies.get(pick).clone();
      if (reply.length >= 2) {
        reply[0] = (byte) (query.getHeader().getID() >>> 8);
        reply[1] = (byte) query.getHeader().getID();
      }
      return reply;
    }

    private int pick(Record question) {
      for (int i = 0; i < replies.size(); i++) {
        if (!used[i] && sameQuestion(questions.get(i), question)) {
          return i;
        }
      }
      for (int i = 0; i < replies.size(); i++) {
        if (sameQuestion(questions.get(i), question)) {
          return i;
        }
      }
      for (int i = 0; i < replies.size(); i++) {
        if (!used[i]) {
          return i;
        }
      }
      return -1;
    }

    private static boolean sameQuestion(Record a, Record b) {
      return a != null && b != null && a.getName().equals(b.getName()) && a.getType() == b.getType();
    }

    private static Record question(byte[] reply) {
      try {
        return new Message(reply).getQuestion();
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
  }

  /**
   * Writes the seed corpus and its trust anchor: every query and reply of each lookup, in
   * both modes, against a fresh signed tree (new keys, so the trust anchor changes too):
   * {@code mvn -pl dane-tests -am test -Dtest=DnsReplyFuzzTest#writeSeeds
   * -DexcludedGroups=none -Ddane4j.fuzz.seeds=$PWD/dane-tests/src/test/resources
   * -Dsurefire.failIfNoSpecifiedTests=false}; the normal build excludes the tag {@value DaneVerifierFuzzTest#SEED_WRITER}.
   */
  @Test
  @Tag(DaneVerifierFuzzTest.SEED_WRITER)
  void writeSeeds() throws Exception {
    assertThat(System.getProperty("dane4j.fuzz.seeds")).as("-Ddane4j.fuzz.seeds=<test resources folder>").isNotBlank();
    Path resources = Path.of(System.getProperty("dane4j.fuzz.seeds"));
    Path dir = resources.resolve("org/dane4j/fuzz/DnsReplyFuzzTestInputs/lookup");
    Files.createDirectories(dir);
    DnsTree tree = DnsTree.builder()
        .signatureValidity(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2035-01-01T00:00:00Z"))
        .zone("test.")
        .zone("example.test.", z -> z.records("@ MX 10 mx", "mx A 127.0.0.2", "mx AAAA 2001:db8::2",
            "_25._tcp.mx TLSA " + TLSA, "alias CNAME mx"))
        .zone("insecure.test.", z -> z.unsigned().records("mx A 127.0.0.4", "_25._tcp.mx TLSA " + TLSA))
        .zone("nsec3.test.", z -> z.denial(Denial.NSEC3).records("mx A 127.0.0.7"))
        .zone("rsa.test.", z -> z.algorithm(SigningAlgorithm.RSA_SHA256).records("mx A 127.0.0.12"))
        .build();
    Files.writeString(resources.resolve("org/dane4j/fuzz/DnsReplyFuzzTest.trust-anchor"), tree.trustAnchor());
    try (TestDnsServer server = TestDnsServer.start(tree)) {
      for (int mode = 0; mode < 2; mode++) {
        boolean validating = mode == 0;
        for (Lookup lookup : Lookup.values()) {
          List<byte[]> conversation = Collections.synchronizedList(new ArrayList<>());
          UPSTREAM.answerWith(query -> {
            byte[] reply = forward(server, query);
            if (!validating && !Name.fromConstantString(lookup.name + ".").subdomain(
                Name.fromConstantString("insecure.test."))) {
              reply[3] |= 0x20; // AD, as from a validating resolver
            }
            conversation.add(reply);
            return reply;
          });
          try (DnssecResolver resolver = resolver(validating, tree.trustAnchor())) {
            lookup.check(resolver, validating);
          }
          Frames frames = new Frames().add('Q', new byte[] {(byte) mode, (byte) lookup.ordinal()});
          conversation.forEach(reply -> frames.add('R', reply));
          Files.write(dir.resolve(seedName(validating, lookup)), frames.toByteArray());
        }
      }
    }
  }

  // Over TCP, so that no recorded reply is truncated.
  private static byte[] forward(TestDnsServer server, byte[] query) {
    try (Socket socket = new Socket(server.address().getAddress(), server.port())) {
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeShort(query.length);
      out.write(query);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] reply = new byte[in.readUnsignedShort()];
      in.readFully(reply);
      return reply;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
