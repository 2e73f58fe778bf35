package org.dane4j.core.dns.internal;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.xbill.DNS.ResolverConfig;

/**
 * The checked settings of one resolver, as collected by {@code DnssecResolver.Builder}.
 *
 * @param upstreams recursive (or, with {@code trustAdBit}, validating) resolvers
 * @param trustAdBit whether to trust the upstream's AD bit instead of validating
 * @param trustAnchors DS/DNSKEY records in zone-file format
 */
public record Settings(List<InetSocketAddress> upstreams, boolean trustAdBit, String trustAnchors,
    Duration queryTimeout, int attempts, Duration lookupTimeout, int maxConcurrentQueries, int threads,
    int cacheMaxEntries, Duration cacheMaxTtl, Duration failureCacheTtl, Clock clock, int nsec3MaxIterations,
    int maxSignatureValidations, int minRsaKeyBits, boolean hardenAlgorithmDowngrade) {

  /** Copies the list. */
  public Settings {
    upstreams = List.copyOf(upstreams);
  }

  /** The recursive resolvers of the system configuration (resolv.conf, JNDI, ...). */
  public static List<InetSocketAddress> systemUpstreams() {
    return List.copyOf(ResolverConfig.getCurrentConfig().servers());
  }

  /**
   * The validator's settings, passed to its per-instance {@code init(Properties)} so that
   * nothing leaks through global system properties (the constructor reads those; every key
   * set here overrides them).
   */
  Properties validatorProperties() {
    Properties p = new Properties();
    // One limit for every key size: RFC 9276 section 3.2 ties the limit to no key size.
    for (int keySize : new int[] {1024, 2048, 4096}) {
      p.setProperty("dnsjava.dnssec.nsec3.iterations." + keySize, Integer.toString(nsec3MaxIterations));
    }
    p.setProperty("dnsjava.dnssec.max_validate_rrsigs", Integer.toString(maxSignatureValidations));
    p.setProperty("dnsjava.dnssec.algorithm_rsa_min_key_size", Integer.toString(minRsaKeyBits));
    p.setProperty("dnsjava.dnssec.harden_algo_downgrade", Boolean.toString(hardenAlgorithmDowngrade));
    p.setProperty("dnsjava.dnssec.keycache.max_ttl", Long.toString(cacheMaxTtl.toSeconds()));
    p.setProperty("dnsjava.dnssec.keycache.max_size", Integer.toString(Math.max(1000, cacheMaxEntries / 10)));
    return p;
  }
}
