package org.dane4j.smtp;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.dane4j.core.DaneVerifier;
import org.dane4j.core.dns.DnssecResolver;

/**
 * The RFC 7672 delivery policy engine: turns a next-hop domain into a {@link DeliveryPlan},
 * an ordered list of {@link DeliveryTarget}s, each with its validated addresses, its
 * {@link TlsRequirement} and the TLS setup to enforce it.
 *
 * <p>For each domain: the MX lookup (or the implicit MX), then per MX host, in preference
 * order and concurrently, the address lookups and, only when the addresses are secure, the
 * TLSA lookup at {@code _<port>._tcp.<TLSA base domain>} (RFC 7672 section 2.2). Lookup
 * failures make a host unusable, never "no TLSA"; the plan is deferred when no host is left.
 * Every plan is logged at INFO in one line.
 *
 * <pre>{@code
 * SmtpDane dane = SmtpDane.builder()
 *     .resolver(DnssecResolver.system())                  // local validation, IANA root anchors
 *     .policy("bank.example", SmtpTlsPolicy.MANDATORY_DANE)
 *     .build();
 * DeliveryPlan plan = dane.plan("example.org").toCompletableFuture().join();
 * for (DeliveryTarget target : plan.targets()) {
 *   if (!target.isUsable()) continue;                     // lookup failed: next MX
 *   for (InetAddress address : target.addresses()) {      // validated addresses only
 *     // connect, EHLO, STARTTLS with target.sslSocketFactory() (required if target.requirement().requiresTls())
 *   }
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe. It does not own the resolver: close that yourself.
 */
public final class SmtpDane {
  private final DnssecResolver resolver;
  private final SmtpTlsPolicy defaultPolicy;
  private final Map<String, SmtpTlsPolicy> policies;
  private final int port;
  private final DaneVerifier verifier;
  private final Planner planner;

  private SmtpDane(Builder builder) {
    this.resolver = builder.resolver;
    this.defaultPolicy = builder.defaultPolicy;
    this.policies = Map.copyOf(builder.policies);
    this.port = builder.port;
    this.verifier = builder.verifier == null ? DaneVerifier.builder().build() : builder.verifier;
    this.planner = new Planner(Lookups.of(resolver), verifier, this::policyFor);
  }

  /** A builder; only the resolver is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Plans delivery to a next-hop domain (the part after the {@code @}) on the configured
   * port. The stage completes on the resolver's threads and never completes exceptionally
   * for DNS problems: those are in the plan.
   *
   * @throws IllegalArgumentException if the domain is not a domain name
   */
  public CompletionStage<DeliveryPlan> plan(String domain) {
    Objects.requireNonNull(domain, "domain");
    return planner.plan(domain, port);
  }

  /**
   * Plans delivery to a fixed relay (smarthost) without an MX lookup, e.g.
   * {@code planRelay("smtp.provider.example", 587)}. The relay's TLSA records are looked up
   * at {@code _<port>._tcp.<relay or its secure CNAME expansion>}; DANE-TA(2) certificates
   * must name the relay host (RFC 7672 section 3.2.2).
   *
   * @throws IllegalArgumentException if the host is not a host name or address literal, or
   *     the port is outside 1..65535
   */
  public CompletionStage<DeliveryPlan> planRelay(String relayHost, int relayPort) {
    Objects.requireNonNull(relayHost, "relayHost");
    return planner.planRelay(relayHost, checkPort(relayPort));
  }

  /**
   * The policy for a next-hop domain: its own if one was set, else the default. Case and a
   * trailing dot do not matter.
   *
   * @throws IllegalArgumentException if the domain is empty
   */
  public SmtpTlsPolicy policyFor(String domain) {
    return policies.getOrDefault(Planner.normalize(domain), defaultPolicy);
  }

  /** The SMTP port connected to and used in TLSA names. */
  public int port() {
    return port;
  }

  /** The verifier every target's trust manager uses. */
  public DaneVerifier verifier() {
    return verifier;
  }

  /** The default and per-domain policies, the port and the resolver, for logs. */
  @Override
  public String toString() {
    return "SmtpDane[policy " + defaultPolicy + ", per domain " + policies + ", port " + port + ", " + resolver + "]";
  }

  static int checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("Port must be in 1..65535, not " + port);
    }
    return port;
  }

  /** Options of {@link SmtpDane}. */
  public static final class Builder {
    private DnssecResolver resolver;
    private SmtpTlsPolicy defaultPolicy = SmtpTlsPolicy.DANE;
    private final Map<String, SmtpTlsPolicy> policies = new HashMap<>();
    private int port = 25;
    private DaneVerifier verifier;

    private Builder() {
    }

    /** The DNSSEC-validating resolver for every lookup. Required, e.g. {@link DnssecResolver#system()}. */
    public Builder resolver(DnssecResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** The policy for every destination without its own; default {@link SmtpTlsPolicy#DANE}. */
    public Builder policy(SmtpTlsPolicy policy) {
      this.defaultPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The policy for one next-hop domain (or relay host), overriding the default. Case and a
     * trailing dot do not matter.
     *
     * @throws IllegalArgumentException if the domain is empty
     */
    public Builder policy(String domain, SmtpTlsPolicy policy) {
      Objects.requireNonNull(domain, "domain");
      policies.put(Planner.normalize(domain), Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /**
     * The SMTP port of MX hosts; default 25. TLSA names follow it ({@code _<port>._tcp}),
     * so tests can run servers on a non-privileged port.
     *
     * @throws IllegalArgumentException if the port is outside 1..65535
     */
    public Builder port(int port) {
      this.port = checkPort(port);
      return this;
    }

    /**
     * The DANE verifier, shared by every target's trust managers; default a new one with the
     * SMTP profile and the system clock.
     */
    public Builder verifier(DaneVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * The engine.
     *
     * @throws IllegalStateException if no resolver was set
     */
    public SmtpDane build() {
      if (resolver == null) {
        throw new IllegalStateException("A DnssecResolver is required, e.g. DnssecResolver.system()");
      }
      return new SmtpDane(this);
    }
  }
}
