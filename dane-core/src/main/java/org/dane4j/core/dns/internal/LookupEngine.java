package org.dane4j.core.dns.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.dane4j.core.TlsaRecord;
import org.dane4j.core.dns.CnameHop;
import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.DnsFailure;
import org.dane4j.core.dns.DnsOutcome;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.core.dns.FailureKind;
import org.dane4j.core.dns.MxAnswer;
import org.dane4j.core.dns.MxHost;
import org.dane4j.core.dns.SecurityStatus;
import org.dane4j.core.dns.TlsaAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The lookup logic behind {@link DnssecResolver}: CNAME chains with per-hop security
 * (RFC 7672 section 2.1.3), the independent insecurity check for unvalidated negative
 * answers, TLSA base-domain selection (section 2.2.2), caching, concurrency limits and the
 * conversion of DNS records to dane4j types.
 */
public final class LookupEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DnssecResolver.class);
  /** Longer chains are misconfigurations or loops; resolvers commonly stop near 8-16. */
  private static final int MAX_CNAME_HOPS = 12;

  private final Settings settings;
  private final ThreadPoolExecutor pool;
  private final QueryEngine engine;
  private final AsyncLimiter limiter;
  /** Null in trusted-AD mode. */
  private final InsecurityProof insecurityProof;
  private final AnswerCache<Key, RawResult> rawCache;
  private final AnswerCache<Key, DnsAnswer<Record>> answerCache;
  // Finished answers by the caller's strings: a warm lookup parses no name and converts no record.
  private final FrontCache<FrontKey, MxAnswer> mxFront;
  private final FrontCache<FrontKey, DnsAnswer<InetAddress>> addressFront;
  private final FrontCache<FrontKey, TlsaAnswer> hostTlsaFront;
  private final FrontCache<TlsaKey, TlsaAnswer> tlsaFront;
  private volatile boolean closed;

  /** A lookup engine with its own thread pool (threads start on demand). */
  public LookupEngine(Settings settings) {
    this(settings, pool -> settings.trustAdBit() ? new TrustedAdEngine(settings, pool)
        : new ValidatingEngine(settings, pool));
  }

  /** A lookup engine over the query engine the factory makes for the engine's pool. */
  LookupEngine(Settings settings, Function<Executor, QueryEngine> engineFactory) {
    this.settings = settings;
    this.pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), new DaemonThreads());
    pool.allowCoreThreadTimeOut(true);
    this.engine = engineFactory.apply(pool);
    this.limiter = new AsyncLimiter(settings.maxConcurrentQueries(), pool);
    this.insecurityProof = settings.trustAdBit() ? null : new InsecurityProof(this::raw,
        TrustAnchors.owners(settings.trustAnchors()), settings.nsec3MaxIterations(), settings.minRsaKeyBits(),
        settings.clock());
    this.rawCache = new AnswerCache<>(settings.cacheMaxEntries(), settings.clock());
    this.answerCache = new AnswerCache<>(settings.cacheMaxEntries(), settings.clock());
    this.mxFront = new FrontCache<>(settings.cacheMaxEntries(), settings.clock());
    this.addressFront = new FrontCache<>(settings.cacheMaxEntries(), settings.clock());
    this.hostTlsaFront = new FrontCache<>(settings.cacheMaxEntries(), settings.clock());
    this.tlsaFront = new FrontCache<>(settings.cacheMaxEntries(), settings.clock());
  }

  /**
   * Checks a TCP port for a TLSA name.
   *
   * @throws IllegalArgumentException if outside 0..65535
   */
  public static void checkPort(int port) {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("Port must be 0..65535, got " + port);
    }
  }

  /** MX lookup, interpreted for delivery. */
  public CompletionStage<MxAnswer> mx(String domain) {
    FrontKey key = new FrontKey(domain, Type.MX, -1);
    Timed<MxAnswer> hit = front(mxFront, key);
    if (hit != null) {
      return CompletableFuture.completedFuture(hit.value());
    }
    return timedLookup(Names.parse(domain), Type.MX).thenApply(t -> remember(mxFront, key,
        t.map(answer -> MxAnswer.of(answer.map(r -> {
          MXRecord mx = (MXRecord) r;
          return new MxHost(mx.getPriority(), Names.display(mx.getTarget()));
        })))).value());
  }

  /** A or AAAA lookup. */
  public CompletionStage<DnsAnswer<InetAddress>> addresses(String host, boolean ipv6) {
    return timedAddresses(host, ipv6).thenApply(Timed::value);
  }

  private CompletionStage<Timed<DnsAnswer<InetAddress>>> timedAddresses(String host, boolean ipv6) {
    int type = ipv6 ? Type.AAAA : Type.A;
    FrontKey key = new FrontKey(host, type, -1);
    Timed<DnsAnswer<InetAddress>> hit = front(addressFront, key);
    if (hit != null) {
      return CompletableFuture.completedFuture(hit);
    }
    return timedLookup(Names.parse(host), type)
        .thenApply(t -> remember(addressFront, key, t.map(answer -> answer.map(LookupEngine::address))));
  }

  /**
   * TLSA lookup for a host looked up by name: its A answer, or its AAAA answer when the A
   * answer holds no address (as a delivery chooses), then as {@link #tlsa(DnsAnswer, int)};
   * kept as long as the answers are.
   */
  public CompletionStage<TlsaAnswer> tlsa(String host, int port) {
    checkPort(port);
    FrontKey key = new FrontKey(host, Type.TLSA, port);
    Timed<TlsaAnswer> hit = front(hostTlsaFront, key);
    if (hit != null) {
      return CompletableFuture.completedFuture(hit.value());
    }
    return timedAddresses(host, false)
        .thenCompose(a -> a.value().records().isEmpty() && !a.value().isFailure() ? timedAddresses(host, true)
            .thenApply(aaaa -> aaaa.value().records().isEmpty() ? a
                : a.with(aaaa.value(), aaaa.expiresAtMillis())) : done(a))
        .thenCompose(addresses -> timedTlsa(addresses, port))
        .thenApply(t -> remember(hostTlsaFront, key, t).value());
  }

  /** TLSA lookup for a host whose address answer is given (RFC 7672 sections 2.2.2, 2.2.3). */
  public CompletionStage<TlsaAnswer> tlsa(DnsAnswer<InetAddress> addresses, int port) {
    checkPort(port);
    TlsaKey key = tlsaKey(addresses, port);
    if (key == null) {
      return timedTlsa(new Timed<>(addresses, Timed.UNCACHED), port).thenApply(Timed::value);
    }
    Timed<TlsaAnswer> hit = front(tlsaFront, key);
    if (hit != null) {
      return CompletableFuture.completedFuture(hit.value());
    }
    // The caller holds the address answer, so only the TLSA answer's own lifetime counts.
    return timedTlsa(new Timed<>(addresses, Long.MAX_VALUE), port).thenApply(t -> t.value().wasQueried()
        ? remember(tlsaFront, key, t).value() : t.value());
  }

  /**
   * What of an address answer decides a queried TLSA answer: the host name, the status and
   * the CNAME chain (they choose the base domain); null when TLSA is not queried at all.
   */
  private static TlsaKey tlsaKey(DnsAnswer<InetAddress> addresses, int port) {
    return hasBaseDomain(addresses)
        ? new TlsaKey(addresses.name(), port, addresses.status(), addresses.cnameChain()) : null;
  }

  /**
   * Whether the address answer yields a TLSA base domain (RFC 7672 section 2.2.2): it did
   * not fail, and it is secure or at least its first CNAME hop is.
   */
  private static boolean hasBaseDomain(DnsAnswer<InetAddress> addresses) {
    List<CnameHop> chain = addresses.cnameChain();
    return !addresses.isFailure()
        && (addresses.isSecure() || !chain.isEmpty() && chain.get(0).status() == SecurityStatus.SECURE);
  }

  private CompletionStage<Timed<TlsaAnswer>> timedTlsa(Timed<DnsAnswer<InetAddress>> timedAddresses, int port) {
    DnsAnswer<InetAddress> addresses = timedAddresses.value();
    String host = addresses.name();
    Name hostName = Names.parse(host);
    if (addresses.isFailure()) {
      DnsFailure cause = addresses.failure().orElseThrow();
      String reason = "address lookup of " + host + " failed, so no TLSA base domain: " + cause.reason();
      DnsFailure failure = cause.extendedDnsError().isPresent()
          ? DnsFailure.of(cause.kind(), cause.extendedDnsError().getAsInt(), reason)
          : DnsFailure.of(cause.kind(), reason);
      return CompletableFuture.completedFuture(timedAddresses.map(a ->
          TlsaAnswer.notQueried(host, port, DnsAnswer.failed(tlsaDisplay(port, hostName), "TLSA", failure,
              a.cnameChain()))));
    }
    Name base = baseDomain(hostName, addresses);
    if (base == null) {
      // RFC 7672 section 2.2.2: insecure addresses (or an insecure first CNAME) mean no DANE.
      TlsaAnswer none = TlsaAnswer.notQueried(host, port, DnsAnswer.negative(tlsaDisplay(port, hostName), "TLSA",
          DnsOutcome.NODATA, SecurityStatus.INSECURE, addresses.ttl(), List.of()));
      log.debug("TLSA of {}:{} not queried: addresses {}", host, port, addresses.status());
      return CompletableFuture.completedFuture(timedAddresses.map(a -> none));
    }
    Name tlsaName;
    try {
      tlsaName = Name.fromString("_" + port + "._tcp", base);
    } catch (TextParseException e) {
      DnsFailure failure = DnsFailure.of(FailureKind.MALFORMED,
          "TLSA name for base domain " + Names.display(base) + " is not a valid name: " + e.getMessage());
      return CompletableFuture.completedFuture(timedAddresses.map(a -> TlsaAnswer.notQueried(host, port,
          DnsAnswer.failed(tlsaDisplay(port, base), "TLSA", failure, List.of()))));
    }
    String baseDisplay = Names.display(base);
    return timedLookup(tlsaName, Type.TLSA).thenApply(t -> timedAddresses.with(
        TlsaAnswer.queried(host, port, baseDisplay, t.value().map(LookupEngine::tlsaRecord)), t.expiresAtMillis()));
  }

  /** A front-cache entry, unless the resolver is closed. */
  private <K, V> Timed<V> front(FrontCache<K, V> cache, K key) {
    return closed ? null : cache.get(key);
  }

  private static <K, V> Timed<V> remember(FrontCache<K, V> cache, K key, Timed<V> entry) {
    cache.put(key, entry);
    return entry;
  }

  /** {@link #lookup(Name, int)} with the expiry of the cached answer it returned. */
  private CompletionStage<Timed<DnsAnswer<Record>>> timedLookup(Name name, int type) {
    Key key = new Key(name, type);
    return lookup(name, type).thenApply(answer -> new Timed<>(answer, answerCache.expiryOf(key, answer)));
  }

  /**
   * The TLSA base domain (RFC 7672 section 2.2.2): the expanded name when the whole chain
   * and the addresses are secure; the original name when at least the first step is
   * secure; none otherwise.
   */
  private static Name baseDomain(Name host, DnsAnswer<InetAddress> addresses) {
    if (!hasBaseDomain(addresses)) {
      return null;
    }
    return addresses.isSecure() && !addresses.cnameChain().isEmpty() ? Names.parse(addresses.canonicalName()) : host;
  }

  private static String tlsaDisplay(int port, Name host) {
    return "_" + port + "._tcp." + Names.display(host);
  }

  /** One public lookup: cached answer, or a resolution bounded by the lookup timeout. */
  private CompletionStage<DnsAnswer<Record>> lookup(Name name, int type) {
    String display = Names.display(name);
    String typeName = Type.string(type);
    if (closed) {
      return CompletableFuture.completedFuture(DnsAnswer.failed(display, typeName,
          DnsFailure.of(FailureKind.NETWORK_ERROR, "the resolver is closed"), List.of()));
    }
    return answerCache.get(new Key(name, type), () -> resolve(name, type)
        .toCompletableFuture()
        .orTimeout(settings.lookupTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((answer, error) -> answer != null ? answer : DnsAnswer.<Record>failed(display, typeName,
            failureOf(name, type, UpstreamClient.unwrap(error)), List.of())), this::answerLifetime)
        .whenComplete((answer, error) -> {
          if (log.isDebugEnabled()) {
            log.debug("lookup {}", answer.map(Record::rdataToString));
          }
        });
  }

  private DnsFailure failureOf(Name name, int type, Throwable error) {
    if (error instanceof TimeoutException) {
      return DnsFailure.of(FailureKind.TIMEOUT, "lookup of " + name + "/" + Type.string(type) + " took longer than "
          + settings.lookupTimeout().toMillis() + " ms");
    }
    return Verdicts.transportFailure(name, type, error, engine.toString()).failure();
  }

  private CompletionStage<DnsAnswer<Record>> resolve(Name name, int type) {
    Set<Name> seen = new HashSet<>();
    seen.add(name);
    return raw(name, type).thenCompose(r -> walk(name, type, r, name, new ArrayList<>(), true, Long.MAX_VALUE, seen));
  }

  /**
   * Follows the CNAME chain inside reply {@code r}, starting at {@code at}. A hop's status
   * comes from the reply when the reply validated as a whole, else from its own CNAME query;
   * after the first insecure hop the rest is insecure (RFC 7672 section 2.1.3).
   */
  private CompletionStage<DnsAnswer<Record>> walk(Name origin, int type, RawResult r, Name at, List<CnameHop> chain,
      boolean chainSecure, long ttl, Set<Name> seen) {
    String display = Names.display(origin);
    String typeName = Type.string(type);
    if (r.isFailure()) {
      return done(DnsAnswer.failed(display, typeName, r.failure(), chain));
    }
    boolean secureReply = r.status() == SecurityStatus.SECURE;
    Name current = at;
    boolean secure = chainSecure;
    long minTtl = Math.min(ttl, r.signatureTtlCap(settings.clock().instant()));
    while (true) {
      List<Record> data = r.answers(current, type);
      if (!data.isEmpty()) {
        for (Record d : data) {
          minTtl = Math.min(minTtl, d.getTTL());
        }
        SecurityStatus status = secure && secureReply ? SecurityStatus.SECURE : SecurityStatus.INSECURE;
        Duration dataTtl = cap(minTtl);
        if (secure && !secureReply) {
          // The chain so far is secure, the data is not: insecure only with our own proof.
          return proveInsecure(current, r, typeName + " data").thenApply(problem -> problem
              .map(why -> DnsAnswer.<Record>failed(display, typeName, why, chain))
              .orElseGet(() -> DnsAnswer.data(display, typeName, status, data, dataTtl, chain)));
        }
        return done(DnsAnswer.data(display, typeName, status, data, dataTtl, chain));
      }
      List<Record> cnames = r.answers(current, Type.CNAME);
      if (cnames.isEmpty()) {
        return negative(origin, type, r, current, chain, secure, Math.min(minTtl, r.ttlSeconds()));
      }
      CNAMERecord cname = (CNAMERecord) cnames.get(0);
      Name target = cname.getTarget();
      if (chain.size() >= MAX_CNAME_HOPS || !seen.add(target)) {
        return done(DnsAnswer.failed(display, typeName, DnsFailure.of(FailureKind.CNAME_CHAIN,
            "CNAME chain from " + display + " loops or exceeds " + MAX_CNAME_HOPS + " hops at " + current + " -> "
                + target + ": " + chain), chain));
      }
      minTtl = Math.min(minTtl, cname.getTTL());
      if (secureReply || !secure) {
        chain.add(new CnameHop(Names.display(current), Names.display(target),
            secure && secureReply ? SecurityStatus.SECURE : SecurityStatus.INSECURE));
        current = target;
        continue;
      }
      // The reply as a whole is insecure, but this hop may still be secure: ask for it alone.
      Name owner = current;
      long hopTtl = minTtl;
      return raw(owner, Type.CNAME).thenCompose(hop -> {
        if (hop.isFailure()) {
          return done(DnsAnswer.failed(display, typeName, hop.failure(), chain));
        }
        if (hop.answers(owner, Type.CNAME).isEmpty()) {
          return done(DnsAnswer.failed(display, typeName, DnsFailure.of(FailureKind.MALFORMED,
              "the CNAME of " + owner + " seen in the " + typeName + " reply is missing from its own CNAME reply"),
              chain));
        }
        chain.add(new CnameHop(Names.display(owner), Names.display(target), hop.status()));
        if (hop.status() == SecurityStatus.SECURE) {
          return raw(target, type).thenCompose(next -> walk(origin, type, next, target, chain, true, hopTtl, seen));
        }
        return proveInsecure(owner, hop, "CNAME").thenCompose(problem -> problem.isPresent()
            ? done(DnsAnswer.<Record>failed(display, typeName, problem.get(), chain))
            : walk(origin, type, r, target, chain, false, hopTtl, seen));
      });
    }
  }

  /**
   * A negative reply at the end of the chain. An unvalidated one from a chain that is still
   * secure is insecure only with our own proof: dnsjava returns forged denials unchanged
   * when the key fetches for the zone fail (PITFALLS.md), and calls CLASS-flipped or
   * re-signed ones insecure.
   */
  private CompletionStage<DnsAnswer<Record>> negative(Name origin, int type, RawResult r, Name at,
      List<CnameHop> chain, boolean chainSecure, long ttl) {
    String display = Names.display(origin);
    String typeName = Type.string(type);
    DnsOutcome outcome = r.isNxdomain() ? DnsOutcome.NXDOMAIN : DnsOutcome.NODATA;
    Duration negativeTtl = cap(ttl);
    if (r.status() == SecurityStatus.SECURE || !chainSecure || addressDenialBeyondNsec3Limit(r, type)) {
      SecurityStatus status = chainSecure ? r.status() : SecurityStatus.INSECURE;
      return done(DnsAnswer.negative(display, typeName, outcome, status, negativeTtl, chain));
    }
    return proveInsecure(at, r, outcome.toString()).thenApply(problem -> problem
        .map(why -> DnsAnswer.<Record>failed(display, typeName, why, chain))
        .orElseGet(() -> DnsAnswer.negative(display, typeName, outcome, SecurityStatus.INSECURE, negativeTtl, chain)));
  }

  /**
   * RFC 9276 section 3.2 lets a validator treat a denial whose NSEC3 records exceed its
   * iteration limit as insecure. dane4j does so for A and AAAA only: such a denial removes
   * one address family of a host, which an on-path attacker could do by dropping packets
   * anyway, and {@link #tlsa(String, int)} never takes the TLSA base domain from an empty
   * address answer while the other family has addresses. For MX, TLSA, CNAME, DS and SOA it
   * stays a failure: there "insecure" would switch DANE off or bounce mail.
   */
  private static boolean addressDenialBeyondNsec3Limit(RawResult r, int type) {
    return r.isNsec3BeyondLimit() && (type == Type.A || type == Type.AAAA);
  }

  /**
   * Empty when the unvalidated data at {@code name} is proven to lie in unsigned space; else
   * the failure to report. In trusted-AD mode the upstream validator's verdict stands (the
   * operator declared it and the path to it trusted, RFC 7672 section 2.1.1).
   */
  private CompletionStage<Optional<DnsFailure>> proveInsecure(Name name, RawResult r, String what) {
    if (insecurityProof == null) {
      return done(Optional.empty());
    }
    if (!r.keyFetchProblems().isEmpty()) {
      return done(Optional.of(unproven(name, what, "key queries failed: " + r.keyFetchProblems())));
    }
    if (r.isNsec3BeyondLimit()) {
      return done(Optional.of(DnsFailure.of(FailureKind.BOGUS,
          ExtendedErrorCodeOption.UNSUPPORTED_NSEC3_ITERATIONS_VALUE,
          what + " for " + name + " is proven only by NSEC3 records beyond the limit of " + settings.nsec3MaxIterations()
              + " iterations (RFC 9276 section 3.2); dane4j accepts that only for address denials")));
    }
    return insecurityProof.check(name).thenApply(problem -> problem.map(why -> unproven(name, what, why)));
  }

  private static DnsFailure unproven(Name name, String what, String why) {
    return DnsFailure.of(FailureKind.UNPROVEN_INSECURITY, what + " for " + name
        + " did not validate and is not proven insecure: " + why + "; it may be forged");
  }

  /** One validated query: cached, merged with identical ones in flight, bounded in number. */
  private CompletionStage<RawResult> raw(Name name, int type) {
    return rawCache.get(new Key(name, type), () -> limiter.submit(() -> engine.query(name, type)
            .toCompletableFuture()
            .orTimeout(settings.lookupTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .handleAsync((result, error) -> result != null ? result
            : RawResult.failed(name, type, failureOf(name, type, UpstreamClient.unwrap(error))), pool),
        this::rawLifetime);
  }

  private long rawLifetime(RawResult r) {
    // A reply validated while key queries failed is as good as a failure: keep it as briefly.
    return r.isFailure() || !r.keyFetchProblems().isEmpty() ? settings.failureCacheTtl().toMillis()
        : cap(Math.min(r.ttlSeconds(), r.signatureTtlCap(settings.clock().instant()))).toMillis();
  }

  private long answerLifetime(DnsAnswer<Record> answer) {
    return answer.isFailure() ? settings.failureCacheTtl().toMillis() : answer.ttl().toMillis();
  }

  private Duration cap(long ttlSeconds) {
    Duration ttl = Duration.ofSeconds(Math.max(0, ttlSeconds == Long.MAX_VALUE ? 0 : ttlSeconds));
    return ttl.compareTo(settings.cacheMaxTtl()) > 0 ? settings.cacheMaxTtl() : ttl;
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  private static InetAddress address(Record r) {
    byte[] bytes = r instanceof ARecord ? ((ARecord) r).getAddress().getAddress()
        : ((AAAARecord) r).getAddress().getAddress();
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("Address of " + bytes.length + " bytes from " + r, e);
    }
  }

  private static TlsaRecord tlsaRecord(Record r) {
    TLSARecord t = (TLSARecord) r;
    return TlsaRecord.of(t.getCertificateUsage(), t.getSelector(), t.getMatchingType(),
        t.getCertificateAssociationData());
  }

  /** Stops the pool; later lookups fail at once. */
  @Override
  public void close() {
    closed = true;
    pool.shutdown();
    rawCache.clear();
    answerCache.clear();
    mxFront.clear();
    addressFront.clear();
    hostTlsaFront.clear();
    tlsaFront.clear();
  }

  @Override
  public String toString() {
    return engine + ", cache " + answerCache.size() + " answers";
  }

  private record Key(Name name, int type) {
  }

  /** The caller's name verbatim (a case or trailing-dot variant is another entry), type, port or -1. */
  private record FrontKey(String name, int type, int port) {
  }

  private record TlsaKey(String host, int port, SecurityStatus status, List<CnameHop> chain) {
  }

  private static final class DaemonThreads implements ThreadFactory {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private final int poolNumber = POOLS.incrementAndGet();
    private final AtomicInteger threads = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread t = new Thread(task, "dane4j-dns-" + poolNumber + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
