package org.dane4j.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dane4j.core.DaneVerifier;
import org.dane4j.core.TlsaRecord;
import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.DnsFailure;
import org.dane4j.core.dns.DnsOutcome;
import org.dane4j.core.dns.FailureKind;
import org.dane4j.core.dns.MxAnswer;
import org.dane4j.core.dns.MxHost;
import org.dane4j.core.dns.SecurityStatus;
import org.dane4j.core.dns.TlsaAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RFC 7672 section 2 rules: from validated DNS answers to a {@link DeliveryPlan}.
 * All lookups of one plan run concurrently; the targets keep MX preference order.
 */
final class Planner {
  private static final Logger LOG = LoggerFactory.getLogger(Planner.class);

  private final Lookups lookups;
  private final DaneVerifier verifier;
  private final Function<String, SmtpTlsPolicy> policies;

  Planner(Lookups lookups, DaneVerifier verifier, Function<String, SmtpTlsPolicy> policies) {
    this.lookups = lookups;
    this.verifier = verifier;
    this.policies = policies;
  }

  /** The plan for a next-hop domain: MX lookup, then each MX host. */
  CompletionStage<DeliveryPlan> plan(String nextHop, int port) {
    String domain = normalize(nextHop);
    SmtpTlsPolicy policy = policies.apply(domain);
    return lookups.mx(domain).thenCompose(mx -> planFromMx(domain, port, policy, mx)).thenApply(Planner::logged);
  }

  /**
   * The plan for a fixed relay: no MX lookup; the relay host is the next hop, so its
   * reference names are the TLSA base domain and the host itself (RFC 7672 section 3.2.2).
   */
  CompletionStage<DeliveryPlan> planRelay(String relayHost, int port) {
    String host = normalize(relayHost);
    String problem = DaneTlsClient.isAddressLiteral(host) ? literalProblem(host, true) : hostNameProblem(host);
    if (problem != null) {
      throw new IllegalArgumentException("Relay " + problem);
    }
    SmtpTlsPolicy policy = policies.apply(host);
    return target(host, 0, port, policy, true, base -> distinct(base, host), true)
        .thenApply(target -> plan(host, policy, port, null, List.of(target)))
        .thenApply(Planner::logged);
  }

  private CompletionStage<DeliveryPlan> planFromMx(String domain, int port, SmtpTlsPolicy policy, MxAnswer mx) {
    if (mx.isFailure()) {
      return done(new DeliveryPlan(domain, policy, port, PlanOutcome.MX_LOOKUP_FAILED,
          "MX lookup failed: " + mx.failure().map(Object::toString).orElse(mx.toString()), mx.status(), List.of()));
    }
    if (mx.answer().outcome() == DnsOutcome.NXDOMAIN) {
      return done(new DeliveryPlan(domain, policy, port, PlanOutcome.NO_SUCH_DOMAIN,
          domain + " does not exist (NXDOMAIN, " + mx.status() + ")", mx.status(), List.of()));
    }
    if (mx.isNullMx()) {
      return done(new DeliveryPlan(domain, policy, port, PlanOutcome.NULL_MX,
          domain + " publishes a null MX: it accepts no mail (RFC 7505)", mx.status(), List.of()));
    }
    boolean secure = mx.status() == SecurityStatus.SECURE;
    if (policy == SmtpTlsPolicy.MANDATORY_DANE && !secure) {
      return done(new DeliveryPlan(domain, policy, port, PlanOutcome.MX_INSECURE_UNDER_MANDATORY_DANE,
          "the MX RRset of " + domain + " is " + mx.status() + ", mandatory DANE needs it SECURE", mx.status(),
          List.of()));
    }
    List<CompletableFuture<DeliveryTarget>> targets = new ArrayList<>();
    for (MxHost host : mx.hosts()) {
      targets.add(target(host.host(), host.preference(), port, policy, secure,
          referenceNames(domain, mx, secure, host.host()), false).toCompletableFuture());
    }
    return CompletableFuture.allOf(targets.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
      List<DeliveryTarget> ordered = new ArrayList<>();
      targets.forEach(future -> ordered.add(future.join()));
      return plan(domain, policy, port, mx.status(), ordered);
    });
  }

  /**
   * RFC 7672 section 3.2.2 (RFC-CHECKLIST item 20): the TLSA base domain always; with a
   * secure MX RRset also the next-hop domain and its CNAME expansion; with an insecure one
   * only the MX host name; without MX records the next-hop domain itself.
   */
  private static Function<String, List<String>> referenceNames(String domain, MxAnswer mx, boolean secure,
      String host) {
    if (mx.isImplicit()) {
      return base -> distinct(base, domain);
    }
    if (secure) {
      String expanded = mx.answer().canonicalName();
      return base -> distinct(base, domain, expanded);
    }
    return base -> distinct(base, host);
  }

  private static DeliveryPlan plan(String domain, SmtpTlsPolicy policy, int port, SecurityStatus mxStatus,
      List<DeliveryTarget> targets) {
    boolean usable = targets.stream().anyMatch(DeliveryTarget::isUsable);
    if (usable) {
      return new DeliveryPlan(domain, policy, port, PlanOutcome.READY, "", mxStatus, targets);
    }
    StringBuilder why = new StringBuilder("no usable target:");
    for (DeliveryTarget target : targets) {
      why.append(' ').append(target.host()).append(' ').append(target.reason()).append(" (").append(target.detail())
          .append(");");
    }
    return new DeliveryPlan(domain, policy, port, PlanOutcome.NO_USABLE_TARGET, why.substring(0, why.length() - 1),
        mxStatus, targets);
  }

  /**
   * One MX host (or the relay): addresses first, then TLSA only for secure addresses (RFC
   * 7672 section 2.2.2). Completes normally whatever the DNS answers hold: a name that cannot
   * be a host, or a lookup that fails in any way, makes this host unusable, not the plan.
   */
  private CompletionStage<DeliveryTarget> target(String host, int preference, int port, SmtpTlsPolicy policy,
      boolean mxSecure, Function<String, List<String>> names, boolean relay) {
    TargetFactory factory = new TargetFactory(host, preference, port, policy, mxSecure, names);
    if (DaneTlsClient.isAddressLiteral(host)) {
      String problem = literalProblem(host, relay);
      if (problem != null) {
        return done(factory.invalid(problem));
      }
      return done(addressLiteral(host, preference, port, policy, mxSecure));
    }
    String problem = hostNameProblem(host);
    if (problem != null) {
      return done(factory.invalid(problem));
    }
    CompletableFuture<DnsAnswer<InetAddress>> v4 = lookup(() -> lookups.a(host), host, "A");
    CompletableFuture<DnsAnswer<InetAddress>> v6 = lookup(() -> lookups.aaaa(host), host, "AAAA");
    return v4.thenCombine(v6, List::of).thenCompose(answers -> {
      DnsAnswer<InetAddress> a = answers.get(0);
      DnsAnswer<InetAddress> aaaa = answers.get(1);
      for (DnsAnswer<InetAddress> answer : answers) {
        if (answer.isFailure()) {
          return done(factory.decided(List.of(), TargetReason.ADDRESS_LOOKUP_FAILED,
              answer.type() + " lookup of " + host + " failed: " + answer.failure().orElseThrow(), List.of(), null));
        }
      }
      List<InetAddress> addresses = new ArrayList<>(a.records());
      addresses.addAll(aaaa.records());
      if (addresses.isEmpty()) {
        return done(factory.decided(List.of(), TargetReason.NO_ADDRESSES,
            host + " has no addresses (A " + a.outcome() + ", AAAA " + aaaa.outcome() + ")", List.of(), null));
      }
      if (policy == SmtpTlsPolicy.OPPORTUNISTIC_TLS) {
        return done(factory.decided(addresses, TargetReason.DANE_DISABLED, "policy " + policy, List.of(), null));
      }
      DnsAnswer<InetAddress> lead = a.records().isEmpty() ? aaaa : a;
      return lookup(() -> lookups.tlsa(lead, port), host, port).thenApply(tlsa -> factory.fromTlsa(addresses, tlsa));
    }).exceptionally(failure -> factory.decided(List.of(), TargetReason.ADDRESS_LOOKUP_FAILED,
        "planning " + host + " failed: " + unwrap(failure), List.of(), null));
  }

  /** An address lookup whose exceptions (thrown or completed with) become a failed answer. */
  private static CompletableFuture<DnsAnswer<InetAddress>> lookup(Supplier<CompletionStage<DnsAnswer<InetAddress>>> call,
      String host, String type) {
    return guarded(call).exceptionally(failure -> DnsAnswer.failed(host, type,
        DnsFailure.of(FailureKind.UPSTREAM_ERROR, "lookup error: " + unwrap(failure)), List.of()));
  }

  /** A TLSA lookup whose exceptions (thrown or completed with) become a failed answer. */
  private static CompletableFuture<TlsaAnswer> lookup(Supplier<CompletionStage<TlsaAnswer>> call, String host,
      int port) {
    return guarded(call).exceptionally(failure -> TlsaAnswer.notQueried(host, port, DnsAnswer.failed(
        "_" + port + "._tcp." + host, "TLSA", DnsFailure.of(FailureKind.UPSTREAM_ERROR, "lookup error: "
            + unwrap(failure)), List.of())));
  }

  private static <T> CompletableFuture<T> guarded(Supplier<CompletionStage<T>> call) {
    try {
      return call.get().toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The exception in words; an {@link Error} is not a lookup failure and is thrown on. */
  private static String unwrap(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
        : failure;
    if (cause instanceof Error error) {
      throw error;
    }
    return cause.toString();
  }

  private DeliveryTarget addressLiteral(String host, int preference, int port, SmtpTlsPolicy policy,
      boolean mxSecure) {
    String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    InetAddress address = parseLiteral(literal);
    TargetFactory factory = new TargetFactory(host, preference, port, policy, mxSecure, List::of);
    return factory.decided(List.of(address), TargetReason.ADDRESS_LITERAL,
        "MX names the IP address " + literal + ": no DANE for address literals", List.of(), null);
  }

  /**
   * Why a name shaped like an address literal (see {@link DaneTlsClient#isAddressLiteral})
   * is not a valid one, or {@code null} if it is. Only a configured relay may be bracketed;
   * an IPv4 literal is four decimal octets 0..255 without leading zeros (which some parsers
   * read as octal); an IPv6 literal is hex digits, colons and dots, without a zone.
   */
  static String literalProblem(String host, boolean relay) {
    boolean bracketed = host.startsWith("[") && host.endsWith("]");
    if (bracketed && !relay) {
      return "'" + host + "' is not a host name: brackets are for configured address literals, not DNS names";
    }
    String literal = bracketed ? host.substring(1, host.length() - 1) : host;
    if (!literal.contains(":")) {
      for (String octet : literal.split("\\.", -1)) {
        String wrong = octet.length() > 1 && octet.charAt(0) == '0' ? "leading zero"
            : Integer.parseInt(octet) > 255 ? "> 255" : null;
        if (wrong != null) {
          return "'" + host + "' is neither an IPv4 address (octet " + octet + " " + wrong
              + ") nor a host name (RFC 1123 section 2.1: host names are never dotted decimals)";
        }
      }
      return null;
    }
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (Character.digit(c, 16) < 0 && c != ':' && c != '.' || c > 0x7f) {
        return "'" + host + "' is neither an IPv6 address (character '" + c + "') nor a host name";
      }
    }
    try {
      // Only hex digits, ':' and '.': the JDK parses this as IPv6 and never resolves it.
      InetAddress.getByName(literal);
      return null;
    } catch (UnknownHostException e) {
      return "'" + host + "' is neither an IPv6 address (" + e.getMessage() + ") nor a host name";
    }
  }

  /** Parses a literal that {@link #literalProblem} accepted; never resolves a name. */
  private static InetAddress parseLiteral(String literal) {
    try {
      if (!literal.contains(":")) {
        String[] octets = literal.split("\\.");
        byte[] bytes = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) {
          bytes[i] = (byte) Integer.parseInt(octets[i]);
        }
        return InetAddress.getByAddress(bytes);
      }
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("Checked address literal " + literal + " does not parse", e);
    }
  }

  /**
   * Why a name (an MX host, a relay, a TLSA base domain) cannot be the host name of an SMTP
   * server, or {@code null} if it can: labels of letters, digits, hyphens and underscores,
   * 1..63 characters each, 253 in all (RFC 1123 section 2.1; SNI needs the same, RFC 6066
   * section 3). DNS allows any octet in a label; such a name appears here with the escapes of
   * the presentation format and is refused.
   */
  static String hostNameProblem(String name) {
    if (name.isEmpty()) {
      return "the root name '.' is not a host name";
    }
    if (name.length() > 253) {
      return "'" + name.substring(0, 40) + "...' is not a host name: longer than 253 characters";
    }
    int label = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '.') {
        if (label == 0) {
          return "'" + name + "' is not a host name: empty label";
        }
        label = 0;
        continue;
      }
      boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
      if (!allowed) {
        return "'" + name + "' is not a host name: character '" + c + "' (letters, digits, '-' and '_' only)";
      }
      if (++label > 63) {
        return "'" + name + "' is not a host name: a label is longer than 63 characters";
      }
    }
    return label == 0 ? "'" + name + "' is not a host name: empty label" : null;
  }

  /** Builds one target and applies the policy to the RFC 7672 decision. */
  private final class TargetFactory {
    private final String host;
    private final int preference;
    private final int port;
    private final SmtpTlsPolicy policy;
    private final boolean mxSecure;
    private final Function<String, List<String>> names;

    TargetFactory(String host, int preference, int port, SmtpTlsPolicy policy, boolean mxSecure,
        Function<String, List<String>> names) {
      this.host = host;
      this.preference = preference;
      this.port = port;
      this.policy = policy;
      this.mxSecure = mxSecure;
      this.names = names;
    }

    DeliveryTarget fromTlsa(List<InetAddress> addresses, TlsaAnswer tlsa) {
      String base = tlsa.baseDomain().orElse(null);
      if (tlsa.isFailure()) {
        return decided(addresses, TargetReason.TLSA_LOOKUP_FAILED,
            "TLSA lookup for " + host + ":" + port + " failed: " + tlsa.failure().orElseThrow(), List.of(), base);
      }
      if (!tlsa.wasQueried()) {
        return decided(addresses, TargetReason.ADDRESSES_INSECURE,
            "addresses of " + host + " are " + tlsa.status() + ", TLSA not looked up", List.of(), null);
      }
      String where = "_" + port + "._tcp." + base;
      if (tlsa.status() != SecurityStatus.SECURE) {
        return decided(addresses, TargetReason.TLSA_INSECURE, where + " TLSA is " + tlsa.status(), List.of(), base);
      }
      List<TlsaRecord> records = tlsa.records();
      if (records.isEmpty()) {
        return decided(addresses, TargetReason.NO_TLSA,
            where + " TLSA " + tlsa.answer().outcome() + " (SECURE)", List.of(), base);
      }
      long usable = records.stream().filter(verifier::isUsable).count();
      TargetReason reason = usable > 0 ? TargetReason.TLSA_USABLE : TargetReason.TLSA_ALL_UNUSABLE;
      return decided(addresses, reason,
          where + " TLSA SECURE, " + usable + " of " + records.size() + " records usable", records, base);
    }

    /** The host cannot be used at all: its name from DNS is no host name (never looked up). */
    DeliveryTarget invalid(String problem) {
      return decided(List.of(), TargetReason.INVALID_HOST_NAME, problem, List.of(), null);
    }

    DeliveryTarget decided(List<InetAddress> addresses, TargetReason rfcReason, String evidence,
        List<TlsaRecord> tlsa, String base) {
      String baseProblem = base == null || base.equals(host) ? null : hostNameProblem(base);
      if (baseProblem != null && rfcReason.requirement() != TlsRequirement.UNREACHABLE) {
        // RFC 7672 section 8.1: SNI is the TLSA base domain; a name that cannot be sent is no target.
        return decided(List.of(), TargetReason.INVALID_HOST_NAME, "TLSA base domain of " + host + ": " + baseProblem,
            List.of(), null);
      }
      TargetReason reason = rfcReason;
      String detail = evidence;
      TlsRequirement requirement = reason.requirement();
      if (policy == SmtpTlsPolicy.MANDATORY_DANE && requirement != TlsRequirement.DANE_AUTHENTICATED
          && requirement != TlsRequirement.UNREACHABLE) {
        // RFC 7672 section 6: mandatory DANE without usable TLSA records delays delivery.
        reason = TargetReason.MANDATORY_DANE_UNAVAILABLE;
        requirement = reason.requirement();
        detail = rfcReason + ": " + evidence;
      }
      if (policy == SmtpTlsPolicy.MANDATORY_TLS && requirement == TlsRequirement.OPPORTUNISTIC) {
        // Never cleartext: no DANE here, so TLS without authentication is required.
        reason = TargetReason.TLS_REQUIRED_BY_POLICY;
        requirement = reason.requirement();
        detail = rfcReason + ": " + evidence;
      }
      if (policy == SmtpTlsPolicy.INSECURE_DANE_REPORT_ONLY
          && (requirement == TlsRequirement.DANE_AUTHENTICATED || reason == TargetReason.TLSA_LOOKUP_FAILED)) {
        // RFC 7672 section 9.1: an audit mode delivers "at a reduced security level", never
        // below TLS where DANE may apply (RFC-CHECKLIST item 26): authentication is dropped, TLS is not.
        requirement = TlsRequirement.TLS_UNAUTHENTICATED;
      }
      return new DeliveryTarget(host, preference, port, addresses, requirement, reason, detail, tlsa, base,
          names.apply(base == null ? host : base), mxSecure, verifier);
    }
  }

  private static DeliveryPlan logged(DeliveryPlan plan) {
    LOG.debug("Delivery plan {}", plan);
    return plan;
  }

  /**
   * A domain name as plans and policies key it: stripped, lower case, no trailing dot.
   *
   * @throws IllegalArgumentException if nothing is left
   */
  static String normalize(String name) {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    if (lower.isEmpty() || lower.equals(".")) {
      throw new IllegalArgumentException("Not a domain name: '" + name + "'");
    }
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  private static List<String> distinct(String first, String... more) {
    Set<String> names = new LinkedHashSet<>();
    names.add(first);
    names.addAll(List.of(more));
    return List.copyOf(names);
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
