package org.dane4j.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.dane4j.core.DaneVerifier;
import org.dane4j.core.TlsaRecord;
import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.DnsOutcome;
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
    SmtpTlsPolicy policy = policies.apply(host);
    return target(host, 0, port, policy, true, base -> distinct(base, host))
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
          referenceNames(domain, mx, secure, host.host())).toCompletableFuture());
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

  /** One MX host: addresses first, then TLSA only for secure addresses (RFC 7672 section 2.2.2). */
  private CompletionStage<DeliveryTarget> target(String host, int preference, int port, SmtpTlsPolicy policy,
      boolean mxSecure, Function<String, List<String>> names) {
    if (DaneTlsClient.isAddressLiteral(host)) {
      return done(addressLiteral(host, preference, port, policy, mxSecure));
    }
    CompletableFuture<DnsAnswer<InetAddress>> v4 = lookups.a(host).toCompletableFuture();
    CompletableFuture<DnsAnswer<InetAddress>> v6 = lookups.aaaa(host).toCompletableFuture();
    return v4.thenCombine(v6, List::of).thenCompose(answers -> {
      DnsAnswer<InetAddress> a = answers.get(0);
      DnsAnswer<InetAddress> aaaa = answers.get(1);
      TargetFactory factory = new TargetFactory(host, preference, port, policy, mxSecure, names);
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
      return lookups.tlsa(lead, port).thenApply(tlsa -> factory.fromTlsa(addresses, tlsa));
    });
  }

  private DeliveryTarget addressLiteral(String host, int preference, int port, SmtpTlsPolicy policy,
      boolean mxSecure) {
    String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    InetAddress address = parseLiteral(host, literal);
    TargetFactory factory = new TargetFactory(host, preference, port, policy, mxSecure, List::of);
    return factory.decided(List.of(address), TargetReason.ADDRESS_LITERAL,
        "MX names the IP address " + literal + ": no DANE for address literals", List.of(), null);
  }

  /**
   * Parses an address literal (shaped as {@link DaneTlsClient#isAddressLiteral} accepts) and
   * never resolves it: {@code InetAddress.getByName} sends a system DNS query for an IPv4
   * lookalike such as {@code 256.0.0.1}, which would bypass the validated lookups.
   */
  private static InetAddress parseLiteral(String host, String literal) {
    try {
      if (!literal.contains(":")) {
        String[] octets = literal.split("\\.");
        byte[] bytes = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) {
          int octet = Integer.parseInt(octets[i]);
          if (octet > 255) {
            throw new IllegalArgumentException("Not an IP address literal: " + host + " (octet " + octet + " > 255)");
          }
          bytes[i] = (byte) octet;
        }
        return InetAddress.getByAddress(bytes);
      }
      // The JDK parses a string that starts with a hex digit or ':' as IPv6 and never resolves it.
      if (Character.digit(literal.charAt(0), 16) >= 0 || literal.charAt(0) == ':') {
        return InetAddress.getByName(literal);
      }
      throw new IllegalArgumentException("Not an IP address literal: " + host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Not an IP address literal: " + host + " (" + e.getMessage() + ")", e);
    }
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

    DeliveryTarget decided(List<InetAddress> addresses, TargetReason rfcReason, String evidence,
        List<TlsaRecord> tlsa, String base) {
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
      if (policy == SmtpTlsPolicy.INSECURE_DANE_REPORT_ONLY) {
        if (requirement == TlsRequirement.DANE_AUTHENTICATED) {
          requirement = TlsRequirement.TLS_UNAUTHENTICATED;
        } else if (reason == TargetReason.TLSA_LOOKUP_FAILED) {
          requirement = TlsRequirement.OPPORTUNISTIC;
        }
      }
      return new DeliveryTarget(host, preference, port, addresses, requirement, reason, detail, tlsa, base,
          names.apply(base == null ? host : base), mxSecure, verifier);
    }
  }

  private static DeliveryPlan logged(DeliveryPlan plan) {
    LOG.info("Delivery plan {}", plan);
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
