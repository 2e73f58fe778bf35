package org.dane4j.testkit.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.dane4j.testkit.dns.internal.Exchange;
import org.dane4j.testkit.dns.internal.ProxyTransport;
import org.dane4j.testkit.dns.internal.WireEditor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * An on-path attacker between a DNSSEC-validating stub and its recursive resolver: a DNS
 * proxy on loopback (UDP and TCP on one ephemeral port) that forwards every query to an
 * upstream (usually a {@link TestDnsServer}) and applies {@link Rule}s to the queries and
 * replies passing through.
 *
 * <h2>Why</h2>
 *
 * <p>RFC 7672 section 2.1.1 lets an SMTP client validate DNSSEC itself so that it need not
 * trust the path to its resolver. That only helps if every answer the path can forge without
 * a zone key ends as a lookup failure. The attacker has no keys; it can flip the CLASS of a
 * signed answer, rename the signer in an RRSIG, set AD or TC, change the RCODE or the TTLs,
 * shuffle records between sections, replay old signed data, splice in signed data of other
 * names, forge denials, drop and delay. A DANE client must never read the outcome as
 * "insecure" or "no TLSA records" (that would turn DANE off), nor send mail to an address the
 * attacker chose. Point the client under test at {@link #address()} and assert that.
 *
 * <pre>{@code
 * try (TestDnsServer dns = TestDnsServer.start(tree);
 *     OnPathAttacker attacker = OnPathAttacker.start(dns.address())) {
 *   ActiveRule flip = attacker.add(Rule.rewriteClass("CH").at("_25._tcp.mx1.example.test.", "TLSA"));
 *   DnssecResolver resolver = DnssecResolver.builder()
 *       .upstream(attacker.address()).trustAnchors(dns.trustAnchor()).build();
 *
 *   TlsaAnswer tlsa = resolver.lookupTlsa("mx1.example.test", 25);
 *
 *   assertThat(flip.applications()).isPositive();
 *   assertThat(tlsa.isFailure()).isTrue();
 * }
 * }</pre>
 *
 * <p>Rules apply in the order added. Queries are forwarded on the transport the stub used,
 * one upstream socket per query; a UDP reply that outgrows the stub's EDNS buffer (after a
 * splice, say) is sent truncated, as a real server would, so the stub retries over TCP, where
 * the same rules apply. Every untouched upstream reply is kept per question for {@link
 * #lastUpstreamReply(String, String)}, the material of replays and splices.
 *
 * <p>Thread-safe: rules may be added and removed while queries flow. {@link #close()} stops
 * every thread and waits for it.
 */
public final class OnPathAttacker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OnPathAttacker.class);
  private static final Duration DEFAULT_UPSTREAM_TIMEOUT = Duration.ofSeconds(2);
  private static final int MIN_UDP = 512;
  private static final int FETCH_PAYLOAD = 1232;

  private final InetSocketAddress upstream;
  private final ProxyTransport transport;
  private final List<ActiveRule> rules = new CopyOnWriteArrayList<>();
  private final Map<String, byte[]> lastReplies = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> questionCounts = new ConcurrentHashMap<>();
  private final AtomicLong queries = new AtomicLong();
  private final AtomicLong tampered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  private OnPathAttacker(Builder builder) {
    this.upstream = builder.upstream;
    this.transport = new ProxyTransport(builder.address, builder.upstream, builder.upstreamTimeout);
    builder.rules.forEach(this::add);
    transport.start(this::handle);
    LOG.info("on-path DNS attacker on {} (UDP and TCP) in front of {}", transport.address(), upstream);
  }

  /**
   * Starts an attacker on 127.0.0.1 in front of an upstream, with no rules yet: until rules are
   * added it forwards faithfully.
   *
   * @param upstream the recursive server to forward to, e.g. {@link TestDnsServer#address()}
   * @return the running attacker
   */
  public static OnPathAttacker start(InetSocketAddress upstream) {
    return builder().upstream(upstream).start();
  }

  /**
   * Starts configuring an attacker.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the address the stub under attack must use as its resolver (UDP and TCP).
   *
   * @return the loopback address and port
   */
  public InetSocketAddress address() {
    return transport.address();
  }

  /**
   * Returns the upstream the attacker forwards to.
   *
   * @return the upstream's address
   */
  public InetSocketAddress upstream() {
    return upstream;
  }

  /**
   * Adds a rule from the next query on, after the rules already there.
   *
   * @param rule the rule
   * @return its handle, which counts its applications and removes it
   */
  public ActiveRule add(Rule rule) {
    Objects.requireNonNull(rule, "rule");
    ActiveRule active = new ActiveRule(rule, this);
    rules.add(active);
    LOG.debug("attacker on {}: rule added: {}", address(), rule);
    return active;
  }

  /**
   * Removes an active rule; removing one that is gone does nothing.
   *
   * @param rule the handle {@link #add(Rule)} returned
   */
  public void remove(ActiveRule rule) {
    rules.remove(rule);
  }

  /** Removes every rule: from the next query on the attacker forwards faithfully. */
  public void clearRules() {
    rules.clear();
  }

  /**
   * Returns the rules in the order they apply.
   *
   * @return a snapshot of the active rules
   */
  public List<ActiveRule> rules() {
    return List.copyOf(rules);
  }

  /**
   * Returns how many queries arrived from stubs.
   *
   * @return the count since start
   */
  public long queryCount() {
    return queries.get();
  }

  /**
   * Returns how many queries for one question arrived from stubs.
   *
   * @param name the absolute question name
   * @param type the type mnemonic
   * @return the count since start
   */
  public long queryCount(String name, String type) {
    AtomicLong count = questionCounts.get(key(parseName(name), parseType(type)));
    return count == null ? 0 : count.get();
  }

  /**
   * Returns how many exchanges at least one rule acted on.
   *
   * @return the count since start
   */
  public long tamperedCount() {
    return tampered.get();
  }

  /**
   * Returns how many queries were answered with nothing because of a rule.
   *
   * @return the count since start
   */
  public long droppedCount() {
    return dropped.get();
  }

  /**
   * Asks the upstream itself (over TCP, DNSSEC OK, recursion desired) and keeps the untouched
   * reply: the way to record signed data now and serve it later with {@link
   * Rule#replay(Message)}, or to take records for {@link Rule#spliceAnswer(Message)}.
   *
   * @param name the absolute question name
   * @param type the type mnemonic
   * @return the upstream's reply
   * @throws IllegalStateException when the upstream does not answer
   */
  public Message fetchFromUpstream(String name, String type) {
    Message query = Message.newQuery(Record.newRecord(parseName(name), parseType(type), DClass.IN));
    query.addRecord(new OPTRecord(FETCH_PAYLOAD, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
    byte[] reply = transport.forward(query.toWire(), true);
    if (reply == null) {
      throw new IllegalStateException("upstream " + upstream + " gave no reply to " + name + " " + type);
    }
    lastReplies.put(key(query.getQuestion().getName(), query.getQuestion().getType()), reply);
    return parse(reply);
  }

  /**
   * Returns the last untouched reply the upstream gave to a question, whoever asked.
   *
   * @param name the absolute question name
   * @param type the type mnemonic
   * @return a fresh copy, or empty when the question never passed
   */
  public Optional<Message> lastUpstreamReply(String name, String type) {
    byte[] reply = lastReplies.get(key(parseName(name), parseType(type)));
    return reply == null ? Optional.empty() : Optional.of(parse(reply));
  }

  private void handle(byte[] wire, boolean tcp, Consumer<byte[]> send) {
    queries.incrementAndGet();
    Record question = question(wire);
    if (question == null) {
      byte[] reply = transport.forward(wire, tcp);
      if (reply != null) {
        send.accept(reply);
      }
      return;
    }
    questionCounts.computeIfAbsent(key(question.getName(), question.getType()), k -> new AtomicLong())
        .incrementAndGet();
    Exchange exchange = new Exchange(wire, question.getName(), question.getType(), tcp);
    List<ActiveRule> snapshot = new ArrayList<>(rules);
    boolean touched = false;
    for (ActiveRule active : snapshot) {
      touched |= applyIf(active, exchange, Rule.Phase.QUERY);
    }
    if (!exchange.isDropped()) {
      byte[] reply = transport.forward(exchange.queryWire(), tcp);
      if (reply != null) {
        lastReplies.put(key(question.getName(), question.getType()), reply);
      }
      exchange.replyWire(reply);
    }
    for (ActiveRule active : snapshot) {
      if (exchange.isDropped()) {
        break;
      }
      touched |= applyIf(active, exchange, Rule.Phase.REPLY);
      touched |= applyIf(active, exchange, Rule.Phase.SYNTHESIS);
    }
    if (touched) {
      tampered.incrementAndGet();
    }
    if (exchange.isDropped() || !exchange.hasReply()) {
      if (touched) {
        dropped.incrementAndGet();
      }
      return;
    }
    byte[] reply = exchange.replyWire();
    WireEditor.setId(reply, exchange.id());
    byte[] out = !tcp && reply.length > udpLimit(wire) ? truncated(reply) : reply;
    if (exchange.delay().isZero()) {
      send.accept(out);
    } else {
      transport.schedule(() -> send.accept(out), exchange.delay());
    }
  }

  private static boolean applyIf(ActiveRule active, Exchange exchange, Rule.Phase phase) {
    Rule rule = active.rule();
    if (rule.phase() != phase
        || (phase == Rule.Phase.REPLY && !exchange.hasReply())
        || !rule.matches(exchange.questionName(), exchange.questionType(), exchange.isTcp())
        || !active.claim()) {
      return false;
    }
    rule.apply(exchange);
    return true;
  }

  private static Record question(byte[] wire) {
    try {
      return new Message(wire).getQuestion();
    } catch (IOException e) {
      return null;
    }
  }

  /** RFC 6891 section 6.2.3: the stub's advertised buffer, at least 512 bytes. */
  private static int udpLimit(byte[] query) {
    try {
      OPTRecord opt = new Message(query).getOPT();
      return opt == null ? MIN_UDP : Math.max(MIN_UDP, opt.getPayloadSize());
    } catch (IOException e) {
      return MIN_UDP;
    }
  }

  /** The header and question with TC set, as a server sends what does not fit (RFC 1035 4.2.1). */
  private static byte[] truncated(byte[] reply) {
    Message full = parse(reply);
    Message cut = new Message();
    Header header = full.getHeader().clone();
    header.setFlag(Flags.TC);
    cut.setHeader(header);
    for (int section = Section.ANSWER; section <= Section.ADDITIONAL; section++) {
      cut.removeAllRecords(section);
    }
    if (full.getQuestion() != null) {
      cut.addRecord(full.getQuestion(), Section.QUESTION);
    }
    if (full.getOPT() != null) {
      cut.addRecord(full.getOPT(), Section.ADDITIONAL);
    }
    return cut.toWire();
  }

  private static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (IOException e) {
      throw new IllegalStateException("unparseable DNS message: " + e.getMessage(), e);
    }
  }

  private static String key(Name name, int type) {
    return name.toString().toLowerCase(Locale.ROOT) + "/" + type;
  }

  private static Name parseName(String name) {
    Objects.requireNonNull(name, "name");
    try {
      Name parsed = Name.fromString(name);
      if (!parsed.isAbsolute()) {
        throw new IllegalArgumentException("name \"" + name + "\" must be absolute (end in a dot)");
      }
      return parsed;
    } catch (TextParseException e) {
      throw new IllegalArgumentException("malformed name \"" + name + "\": " + e.getMessage(), e);
    }
  }

  private static int parseType(String type) {
    int value = Type.value(Objects.requireNonNull(type, "type"));
    if (value < 0) {
      throw new IllegalArgumentException("unknown DNS record type \"" + type + "\"");
    }
    return value;
  }

  /** Closes every socket, drops replies still held back, and returns once every thread has ended. */
  @Override
  public void close() {
    if (transport.isClosed()) {
      return;
    }
    transport.close();
    LOG.info("on-path DNS attacker on {} stopped", address());
  }

  /** Returns the addresses and the rules, e.g. for a failing test's message. */
  @Override
  public String toString() {
    return "OnPathAttacker[" + address() + " -> " + upstream + ", rules " + rules + "]";
  }

  /** Configures an {@link OnPathAttacker}. Not thread-safe. */
  public static final class Builder {
    private InetSocketAddress upstream;
    private InetAddress address = InetAddress.getLoopbackAddress();
    private Duration upstreamTimeout = DEFAULT_UPSTREAM_TIMEOUT;
    private final List<Rule> rules = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the recursive server to forward to. Required.
     *
     * @param address e.g. {@link TestDnsServer#address()}
     * @return this builder
     */
    public Builder upstream(InetSocketAddress address) {
      this.upstream = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Sets the loopback address to listen on.
     *
     * @param loopback any of 127.0.0.0/8 or ::1; 127.0.0.1 by default
     * @return this builder
     * @throws IllegalArgumentException when it is not a loopback address
     */
    public Builder listenOn(InetAddress loopback) {
      Objects.requireNonNull(loopback, "loopback");
      if (!loopback.isLoopbackAddress()) {
        throw new IllegalArgumentException(loopback + " is not a loopback address: the attacker listens on loopback only");
      }
      this.address = loopback;
      return this;
    }

    /**
     * Sets how long the attacker waits for the upstream's reply before giving up on a query
     * (the stub then gets nothing).
     *
     * @param timeout positive; 2 seconds by default
     * @return this builder
     */
    public Builder upstreamTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.upstreamTimeout = timeout;
      return this;
    }

    /**
     * Adds a rule active from the start (see {@link OnPathAttacker#add(Rule)} for a running one).
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder rule(Rule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Binds the listeners and starts forwarding.
     *
     * @return the running attacker
     * @throws IllegalStateException when no upstream was set
     */
    public OnPathAttacker start() {
      if (upstream == null) {
        throw new IllegalStateException("set the upstream the attacker forwards to");
      }
      return new OnPathAttacker(this);
    }
  }
}
