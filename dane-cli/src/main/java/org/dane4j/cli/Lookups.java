package org.dane4j.cli;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.dane4j.core.dns.CnameHop;
import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.DnsFailure;
import org.dane4j.core.dns.FailureKind;

/** DNS answers in words and in JSON. */
final class Lookups {
  private Lookups() {}

  /** RFC 8914 section 4 names of Extended DNS Error codes. */
  private static final String[] EDE = {"Other", "Unsupported DNSKEY Algorithm", "Unsupported DS Digest Type",
      "Stale Answer", "Forged Answer", "DNSSEC Indeterminate", "DNSSEC Bogus", "Signature Expired",
      "Signature Not Yet Valid", "DNSKEY Missing", "RRSIGs Missing", "No Zone Key Bit Set", "NSEC Missing",
      "Cached Error", "Not Ready", "Blocked", "Censored", "Filtered", "Prohibited", "Stale NXDOMAIN Answer",
      "Not Authoritative", "Not Supported", "No Reachable Authority", "Network Error", "Invalid Data",
      "Signature Expired before Valid", "Too Early", "Unsupported NSEC3 Iterations Value",
      "Unable to conform to policy", "Synthesized", "Invalid Query Type"};

  static String ede(int code) {
    return code >= 0 && code < EDE.length ? EDE[code] : "unknown";
  }

  /** {@code BOGUS (EDE 6 DNSSEC Bogus): reason}. */
  static String failure(DnsFailure failure) {
    StringBuilder s = new StringBuilder(failure.kind().name());
    failure.extendedDnsError().ifPresent(code -> s.append(" (EDE ").append(code).append(' ').append(ede(code)).append(')'));
    if (!failure.reason().isEmpty()) {
      s.append(": ").append(failure.reason());
    }
    return s.toString();
  }

  /** Whether a failure means "we could not ask" rather than "the domain is broken". */
  static boolean isTransport(DnsFailure failure) {
    return failure.kind() == FailureKind.TIMEOUT || failure.kind() == FailureKind.NETWORK_ERROR
        || failure.kind() == FailureKind.INTERRUPTED;
  }

  /** {@code SECURE 127.0.0.2, 127.0.0.3}, {@code SECURE NODATA}, {@code BOGUS: ...}. */
  static <T> String describe(DnsAnswer<T> answer, Function<T, String> show) {
    if (answer.isFailure()) {
      return failure(answer.failure().orElseThrow());
    }
    StringBuilder s = new StringBuilder(answer.status().name()).append(' ');
    switch (answer.outcome()) {
      case DATA -> {
        List<String> shown = new ArrayList<>();
        answer.records().forEach(r -> shown.add(show.apply(r)));
        s.append(String.join(", ", shown));
      }
      default -> s.append(answer.outcome().name());
    }
    if (!answer.cnameChain().isEmpty()) {
      s.append(" via ").append(chain(answer.cnameChain()));
    }
    return s.toString();
  }

  static String chain(List<CnameHop> hops) {
    List<String> parts = new ArrayList<>();
    for (CnameHop hop : hops) {
      parts.add(hop.owner() + " CNAME " + hop.target() + " (" + hop.status() + ")");
    }
    return String.join(", ", parts);
  }

  static String address(InetAddress address) {
    return address.getHostAddress();
  }

  static <T> Map<String, Object> json(DnsAnswer<T> answer, Function<T, Object> record) {
    Map<String, Object> o = Json.object();
    o.put("name", answer.name());
    o.put("type", answer.type());
    o.put("status", answer.status().name().toLowerCase(Locale.ROOT));
    o.put("outcome", answer.outcome().name().toLowerCase(Locale.ROOT));
    o.put("ttl", answer.ttl().getSeconds());
    List<Object> records = new ArrayList<>();
    answer.records().forEach(r -> records.add(record.apply(r)));
    o.put("records", records);
    List<Object> hops = new ArrayList<>();
    for (CnameHop hop : answer.cnameChain()) {
      Map<String, Object> h = Json.object();
      h.put("owner", hop.owner());
      h.put("target", hop.target());
      h.put("status", hop.status().name().toLowerCase(Locale.ROOT));
      hops.add(h);
    }
    o.put("cname_chain", hops);
    o.put("failure", answer.failure().map(Lookups::json).orElse(null));
    return o;
  }

  static Map<String, Object> json(DnsFailure failure) {
    Map<String, Object> f = Json.object();
    f.put("kind", failure.kind().name().toLowerCase(Locale.ROOT));
    f.put("ede", failure.extendedDnsError().isPresent() ? (Object) failure.extendedDnsError().getAsInt() : null);
    f.put("ede_name", failure.extendedDnsError().isPresent() ? ede(failure.extendedDnsError().getAsInt()) : null);
    f.put("reason", failure.reason());
    return f;
  }
}
