package org.dane4j.cli;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dane4j.core.dns.DnssecResolver;
import org.xbill.DNS.ResolverConfig;
import picocli.CommandLine.Option;

/** How {@code dane check} and {@code dane predelegation} reach DNS. */
final class ResolverOptions {

  @Option(names = "--resolver", paramLabel = "ADDR[:PORT]",
      description = "Recursive resolver to query (repeatable). Default: the system's (/etc/resolv.conf).")
  List<String> resolvers = new ArrayList<>();

  @Option(names = "--trust-anchor", paramLabel = "FILE",
      description = "DS or DNSKEY trust anchors in zone-file format, instead of the IANA root's (private roots, tests).")
  Path trustAnchor;

  @Option(names = "--trust-ad",
      description = "Trust the AD bit of the --resolver instead of validating locally (loopback resolvers only).")
  boolean trustAd;

  /** The upstreams given, or the system's. */
  List<InetSocketAddress> upstreams() {
    List<InetSocketAddress> list = new ArrayList<>();
    for (String text : resolvers) {
      HostPort hp = HostPort.parse(text, 53);
      try {
        if (!hp.host().matches("[0-9a-fA-F.:]+")) {
          throw CliException.badInput("--resolver takes an IP address, not " + hp.host());
        }
        list.add(new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port()));
      } catch (UnknownHostException e) {
        throw CliException.badInput("--resolver " + text + " is not an IP address");
      }
    }
    if (list.isEmpty()) {
      list.addAll(ResolverConfig.getCurrentConfig().servers());
    }
    if (list.isEmpty()) {
      throw CliException.badInput("no resolver configured: give one with --resolver ADDR");
    }
    return list;
  }

  DnssecResolver build(Duration timeout) {
    try {
      DnssecResolver.Builder builder = DnssecResolver.builder().lookupTimeout(timeout.plusSeconds(5))
          .failureCacheTtl(Duration.ZERO);
      List<InetSocketAddress> upstreams = upstreams();
      if (trustAd) {
        builder.trustAdBitFrom(upstreams);
      } else {
        builder.upstreams(upstreams);
      }
      if (trustAnchor != null) {
        builder.trustAnchorFile(trustAnchor);
      }
      return builder.build();
    } catch (UncheckedIOException e) {
      throw CliException.badInput(e.getMessage() + ": " + e.getCause().getMessage());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw CliException.badInput(e.getMessage());
    }
  }
}
