package org.dane4j.core.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.dane4j.core.dns.internal.LookupEngine;
import org.dane4j.core.dns.internal.Settings;
import org.dane4j.core.dns.internal.TrustAnchors;

/**
 * DNSSEC-validated DNS lookups for DANE (RFC 7672 section 2): MX, A, AAAA and TLSA, each
 * answer with its security status, outcome, records, TTL, CNAME chain and failure reason.
 * Thread-safe; build one per application and share it.
 *
 * <pre>{@code
 * DnssecResolver resolver = DnssecResolver.system();     // validates locally, IANA root anchors
 * MxAnswer mx = resolver.lookupMx("example.org");
 * if (mx.isFailure()) { defer(mx.failure().get()); }     // RFC 7672 2.1.2: never "no MX"
 * for (MxHost host : mx.hosts()) {
 *   DnsAnswer<InetAddress> addresses = resolver.lookupA(host.host());
 *   TlsaAnswer tlsa = resolver.lookupTlsa(addresses, 25);  // base domain per RFC 7672 2.2.2
 * }
 * }</pre>
 *
 * <h2>How answers are validated</h2>
 * By default the resolver validates DNSSEC itself (dnsjava's validator) from the IANA root
 * trust anchors, sending queries to the system's recursive resolvers, or to
 * {@link Builder#upstreams(List) explicit ones}; private roots use
 * {@link Builder#trustAnchors(String)}. Alternatively {@link Builder#trustAdBitFrom(List)}
 * trusts the AD bit of a validating resolver - only on loopback, or over a path the caller
 * declares trusted (RFC 7672 section 2.1.1).
 *
 * <p>Beyond the validator, dane4j adds: per-hop CNAME security (RFC 7672 section 2.1.3), an
 * independent proof of insecurity for unvalidated negative answers (so that a forged
 * "no TLSA" in a signed zone is INDETERMINATE, never INSECURE), retries, TCP on
 * truncation, bounded concurrency on its own threads, and a cache of validated answers that
 * honours TTLs, keeps failures only briefly and merges concurrent identical lookups.
 *
 * <h2>Failures</h2>
 * Lookups never throw for DNS problems: a failure is an answer with
 * {@link DnsAnswer#isFailure()} true and a {@link DnsFailure} saying what happened
 * (timeout, SERVFAIL, bogus with its Extended DNS Error, ...). Bad input (a malformed name,
 * a port outside 0..65535) throws {@link IllegalArgumentException} at once.
 *
 * <p>Each {@code lookupX} method blocks; each {@code lookupXAsync} method returns at once
 * and completes on the resolver's own threads (or already completed, from the cache).
 * {@link #close()} releases the threads.
 */
public final class DnssecResolver implements AutoCloseable {
  private final LookupEngine engine;

  private DnssecResolver(Settings settings) {
    this.engine = new LookupEngine(settings);
  }

  /**
   * A resolver with the defaults: local DNSSEC validation from the IANA root trust anchors,
   * over the recursive resolvers the system is configured with (e.g. /etc/resolv.conf).
   * Those must be recursive and pass DNSSEC records on (answer queries with the DO bit);
   * a stub that strips signatures makes every signed answer bogus.
   */
  public static DnssecResolver system() {
    return builder().build();
  }

  /** A builder; every setting has a safe default. */
  public static Builder builder() {
    return new Builder();
  }

  /** The MX hosts of a next-hop domain; never throws for DNS problems (see {@link MxAnswer}). */
  public MxAnswer lookupMx(String domain) {
    return await(lookupMxAsync(domain), domain, "MX", f -> MxAnswer.of(DnsAnswer.failed(domain, "MX", f, List.of())));
  }

  /** Asynchronous {@link #lookupMx(String)}. */
  public CompletionStage<MxAnswer> lookupMxAsync(String domain) {
    return engine.mx(domain);
  }

  /** The IPv4 addresses of a host, validated, with the CNAME chain that led to them. */
  public DnsAnswer<InetAddress> lookupA(String host) {
    return await(lookupAAsync(host), host, "A", f -> DnsAnswer.failed(host, "A", f, List.of()));
  }

  /** Asynchronous {@link #lookupA(String)}. */
  public CompletionStage<DnsAnswer<InetAddress>> lookupAAsync(String host) {
    return engine.addresses(host, false);
  }

  /** The IPv6 addresses of a host, validated, with the CNAME chain that led to them. */
  public DnsAnswer<InetAddress> lookupAaaa(String host) {
    return await(lookupAaaaAsync(host), host, "AAAA", f -> DnsAnswer.failed(host, "AAAA", f, List.of()));
  }

  /** Asynchronous {@link #lookupAaaa(String)}. */
  public CompletionStage<DnsAnswer<InetAddress>> lookupAaaaAsync(String host) {
    return engine.addresses(host, true);
  }

  /**
   * The TLSA records for a server whose addresses were already looked up: the base domain
   * is chosen from that answer's CNAME chain and status (RFC 7672 section 2.2.2, see
   * {@link TlsaAnswer}), then {@code _<port>._tcp.<base domain>} is queried.
   *
   * @param hostAddresses the A or AAAA answer of the server host (from this resolver)
   * @param port the server's TCP port, 25 for SMTP
   * @throws IllegalArgumentException if the port is outside 0..65535
   */
  public TlsaAnswer lookupTlsa(DnsAnswer<InetAddress> hostAddresses, int port) {
    return await(lookupTlsaAsync(hostAddresses, port), hostAddresses.name(), "TLSA",
        f -> TlsaAnswer.notQueried(hostAddresses.name(), port, DnsAnswer.failed(hostAddresses.name(), "TLSA", f, List.of())));
  }

  /** Asynchronous {@link #lookupTlsa(DnsAnswer, int)}. */
  public CompletionStage<TlsaAnswer> lookupTlsaAsync(DnsAnswer<InetAddress> hostAddresses, int port) {
    Objects.requireNonNull(hostAddresses, "hostAddresses");
    return engine.tlsa(hostAddresses, port);
  }

  /**
   * The TLSA records of a server host: looks up its A records first (RFC 7672 section
   * 2.2.2: TLSA only for hosts with secure addresses), then as
   * {@link #lookupTlsa(DnsAnswer, int)}.
   *
   * @throws IllegalArgumentException if the host name is malformed or the port is outside 0..65535
   */
  public TlsaAnswer lookupTlsa(String host, int port) {
    return await(lookupTlsaAsync(host, port), host, "TLSA",
        f -> TlsaAnswer.notQueried(host, port, DnsAnswer.failed(host, "TLSA", f, List.of())));
  }

  /** Asynchronous {@link #lookupTlsa(String, int)}. */
  public CompletionStage<TlsaAnswer> lookupTlsaAsync(String host, int port) {
    return engine.tlsa(host, port);
  }

  /** Stops the resolver's threads. Lookups started afterwards fail; the cache is dropped. */
  @Override
  public void close() {
    engine.close();
  }

  /** For example {@code "DnssecResolver[validating, upstreams [/127.0.0.1:53], cache 12 entries]"}. */
  @Override
  public String toString() {
    return "DnssecResolver[" + engine + "]";
  }

  /**
   * Waits for a lookup. The engine completes every lookup with an answer (failures
   * included), so only an interrupt needs a substitute answer.
   */
  private static <T> T await(CompletionStage<T> stage, String name, String type, Function<DnsFailure, T> onInterrupt) {
    try {
      return stage.toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return onInterrupt.apply(
          DnsFailure.of(FailureKind.INTERRUPTED, "interrupted while waiting for " + name + "/" + type));
    } catch (ExecutionException e) {
      throw new IllegalStateException("Lookup of " + name + "/" + type + " failed unexpectedly", e.getCause());
    }
  }

  /**
   * Settings for a {@link DnssecResolver}. Every setter checks its argument at once; every
   * setting has a safe default, listed on the setter.
   */
  public static final class Builder {
    private List<InetSocketAddress> upstreams = List.of();
    private boolean trustAdBit;
    private boolean trustedPathDeclared;
    private String trustAnchors = TrustAnchors.IANA_ROOT;
    private Duration queryTimeout = Duration.ofSeconds(2);
    private int attempts = 3;
    private Duration lookupTimeout = Duration.ofSeconds(10);
    private int maxConcurrentQueries = 64;
    private int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private int cacheMaxEntries = 10_000;
    private Duration cacheMaxTtl = Duration.ofHours(1);
    private Duration failureCacheTtl = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();
    private int nsec3MaxIterations = 100;
    private int maxSignatureValidations = 8;
    private int minRsaKeyBits = 1024;
    private boolean hardenAlgorithmDowngrade = true;

    private Builder() {
    }

    /**
     * The recursive resolvers to send queries to, tried in order with
     * {@link #attempts(int) retries}. Default (empty list): the system's configured
     * resolvers (e.g. /etc/resolv.conf), read when {@link #build()} is called.
     */
    public Builder upstreams(List<InetSocketAddress> upstreams) {
      List<InetSocketAddress> copy = List.copyOf(upstreams);
      for (InetSocketAddress address : copy) {
        if (address.isUnresolved()) {
          throw new IllegalArgumentException("Upstream address must be resolved (an IP address), got " + address);
        }
      }
      this.upstreams = copy;
      return this;
    }

    /** One recursive resolver to send queries to; see {@link #upstreams(List)}. */
    public Builder upstream(InetSocketAddress upstream) {
      return upstreams(List.of(upstream));
    }

    /**
     * Do not validate locally: trust the AD bit of these validating resolvers (RFC 7672
     * section 2.1.1 allows this only for a resolver the operator trusts, over a secure
     * path). {@link #build()} refuses non-loopback addresses unless
     * {@link #insecureDeclareTrustedPathToValidator()} is also called. Default: off, dane4j
     * validates itself.
     */
    public Builder trustAdBitFrom(List<InetSocketAddress> validatingResolvers) {
      if (validatingResolvers.isEmpty()) {
        throw new IllegalArgumentException("trustAdBitFrom needs at least one validating resolver");
      }
      upstreams(validatingResolvers);
      this.trustAdBit = true;
      return this;
    }

    /**
     * Declares that the network path to the {@link #trustAdBitFrom(List) AD-bit resolvers}
     * cannot be tampered with (e.g. a host-local resolver on another address, or an IPsec
     * link). Anyone on an unprotected path can set the AD bit on forged answers and switch
     * DANE off or onto their own keys. Default: not declared.
     */
    public Builder insecureDeclareTrustedPathToValidator() {
      this.trustedPathDeclared = true;
      return this;
    }

    /**
     * Replaces the built-in IANA root trust anchors (the DS records of the root KSKs with
     * key tags 20326 and 38696) with DS or DNSKEY records in zone-file format, e.g.
     * {@code ". IN DS 12345 13 2 ab12..."} - for a private root in tests, or a new root key
     * before dane4j ships it.
     *
     * @throws IllegalArgumentException if the text holds no DS or DNSKEY record, or does not parse
     */
    public Builder trustAnchors(String zoneFileText) {
      TrustAnchors.check(zoneFileText);
      this.trustAnchors = zoneFileText;
      return this;
    }

    /**
     * As {@link #trustAnchors(String)}, read from a file (UTF-8).
     *
     * @throws UncheckedIOException if the file cannot be read
     */
    public Builder trustAnchorFile(Path file) {
      try {
        return trustAnchors(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read trust anchor file " + file, e);
      }
    }

    /** How long to wait for one upstream reply before retrying. Default 2 seconds. */
    public Builder queryTimeout(Duration timeout) {
      this.queryTimeout = positive(timeout, "queryTimeout");
      return this;
    }

    /**
     * How many times one query is sent (over the upstreams in turn) before it counts as
     * timed out; UDP loses datagrams. Default 3.
     */
    public Builder attempts(int attempts) {
      this.attempts = inRange(attempts, 1, 10, "attempts");
      return this;
    }

    /**
     * The most one lookup may take, validation and CNAME chain included. Default 10 seconds.
     */
    public Builder lookupTimeout(Duration timeout) {
      this.lookupTimeout = positive(timeout, "lookupTimeout");
      return this;
    }

    /**
     * How many validations may run at once; more lookups wait in line, without holding a
     * thread. Default 64.
     */
    public Builder maxConcurrentQueries(int max) {
      this.maxConcurrentQueries = inRange(max, 1, 10_000, "maxConcurrentQueries");
      return this;
    }

    /** The number of threads the resolver validates on. Default: the processor count, at least 2. */
    public Builder threads(int threads) {
      this.threads = inRange(threads, 1, 256, "threads");
      return this;
    }

    /** The most answers the cache holds; 0 disables caching. Default 10,000. */
    public Builder cacheMaxEntries(int max) {
      this.cacheMaxEntries = inRange(max, 0, 10_000_000, "cacheMaxEntries");
      return this;
    }

    /** The longest time an answer is cached, whatever its TTL. Default 1 hour. */
    public Builder cacheMaxTtl(Duration max) {
      this.cacheMaxTtl = positive(max, "cacheMaxTtl");
      return this;
    }

    /**
     * How long a failed lookup is remembered, so that a dead or bogus zone is not re-walked
     * for every message: 0 to 5 minutes, 0 disables. Default 5 seconds.
     */
    public Builder failureCacheTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "failureCacheTtl");
      if (ttl.isNegative() || ttl.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("failureCacheTtl must be between 0 and 5 minutes, got " + ttl);
      }
      this.failureCacheTtl = ttl;
      return this;
    }

    /**
     * The clock for signature validity and cache expiry; tests pass a controllable one.
     * Default: the system clock (UTC).
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * NSEC3 records with more iterations are not used as proof (RFC 9276 section 3.2): a
     * denial that needs them is not trusted. Default 100.
     */
    public Builder nsec3MaxIterations(int max) {
      this.nsec3MaxIterations = inRange(max, 0, 2500, "nsec3MaxIterations");
      return this;
    }

    /**
     * The most signatures checked for one RRset before giving up, against KeyTrap-style
     * denial of service (CVE-2023-50387). Default 8.
     */
    public Builder maxSignatureValidations(int max) {
      this.maxSignatureValidations = inRange(max, 1, 64, "maxSignatureValidations");
      return this;
    }

    /** RSA zone keys shorter than this are not accepted. Default 1024 bits. */
    public Builder minRsaKeyBits(int bits) {
      this.minRsaKeyBits = inRange(bits, 1024, 16384, "minRsaKeyBits");
      return this;
    }

    /**
     * Whether a zone's keys must validate with its strongest DS digest, so that a weaker
     * digest alongside cannot be used to downgrade (RFC 4509 section 3). Default true.
     */
    public Builder hardenAlgorithmDowngrade(boolean harden) {
      this.hardenAlgorithmDowngrade = harden;
      return this;
    }

    /**
     * Builds the resolver. Its threads start on demand.
     *
     * @throws IllegalStateException if the AD bit is trusted from a non-loopback resolver
     *     without {@link #insecureDeclareTrustedPathToValidator()}, or no upstream is
     *     configured and the system has none
     */
    public DnssecResolver build() {
      List<InetSocketAddress> servers = upstreams.isEmpty() ? Settings.systemUpstreams() : upstreams;
      if (servers.isEmpty()) {
        throw new IllegalStateException("No upstream resolver configured and none found in the system configuration");
      }
      if (trustAdBit && !trustedPathDeclared) {
        List<InetSocketAddress> remote = new ArrayList<>();
        for (InetSocketAddress s : servers) {
          if (!s.getAddress().isLoopbackAddress()) {
            remote.add(s);
          }
        }
        if (!remote.isEmpty()) {
          throw new IllegalStateException("Refusing to trust the AD bit from non-loopback resolvers " + remote
              + ": forged answers could switch DANE off. Validate locally (the default), or call "
              + "insecureDeclareTrustedPathToValidator() if the path to them is protected");
        }
      }
      return new DnssecResolver(new Settings(servers, trustAdBit, trustAnchors, queryTimeout, attempts,
          lookupTimeout, maxConcurrentQueries, threads, cacheMaxEntries, cacheMaxTtl, failureCacheTtl, clock,
          nsec3MaxIterations, maxSignatureValidations, minRsaKeyBits, hardenAlgorithmDowngrade));
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }

    private static int inRange(int value, int min, int max, String what) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    }
  }
}
