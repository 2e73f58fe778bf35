package org.dane4j.testkit.dns;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.dane4j.testkit.dns.internal.SignedZone;
import org.dane4j.testkit.dns.internal.TreeSigner;
import org.dane4j.testkit.dns.internal.ZoneDefinition;
import org.dane4j.testkit.dns.internal.ZoneKeys;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * A private, DNSSEC-signed DNS tree from the root down, for tests: build it, serve it with
 * {@link TestDnsServer}, and point a validating resolver at the server with {@link
 * #trustAnchor()} as its only trust anchor.
 *
 * <h2>The domain in brief</h2>
 *
 * <p>DNSSEC (RFC 4033-4035) signs every RRset of a zone with the zone's keys (RRSIG records);
 * the keys are published in the zone's apex as a DNSKEY RRset, and the parent zone vouches for
 * them with a DS record, a digest of the child's key-signing key. A validator trusts one key
 * without proof, the <em>trust anchor</em> (on the Internet the root's key; here this tree's
 * own root key, see {@link #trustAnchor()}), and follows DS → DNSKEY → RRSIG links down to the
 * answer. An answer is <em>secure</em> when that chain holds (the resolver sets the AD bit),
 * <em>insecure</em> when a parent proves that a child has no DS (an unsigned delegation),
 * and <em>bogus</em> when the chain is broken (expired or missing signature, DS for the wrong
 * key): a validating resolver then answers SERVFAIL. "No such name" and "no such type" are
 * proven with NSEC or NSEC3 records ({@link Denial}). DANE (RFC 7672) only trusts TLSA records
 * from secure answers, which is why a test of DANE needs all of this.
 *
 * <h2>Example</h2>
 *
 * <pre>{@code
 * DnsTree tree = DnsTree.builder()
 *     .zone("test.")
 *     .zone("example.test.", z -> z
 *         .record("@ MX 10 mx1")
 *         .record("mx1 A 127.0.0.2")
 *         .record("_25._tcp.mx1 TLSA 3 1 1 " + hex))
 *     .zone("insecure.test.", z -> z.unsigned().record("@ MX 10 mx"))
 *     .build();
 * try (TestDnsServer server = TestDnsServer.start(tree)) {
 *   ValidatingResolver resolver = new ValidatingResolver(new SimpleResolver(server.address()));
 *   resolver.loadTrustAnchors(tree.trustAnchorStream());
 *   ...
 * }
 * }</pre>
 *
 * <h2>Keys and signatures</h2>
 *
 * <p>Every signed zone gets a key-signing key (flags 257, signs only the DNSKEY RRset, its
 * SHA-256 DS goes into the parent) and a zone-signing key (flags 256, signs everything else),
 * freshly generated per tree; {@link #toBuilder()} keeps them. Signatures are valid from one
 * hour ago for seven days unless {@link Builder#signatureValidity(Instant, Instant)} says
 * otherwise. Everything is signed once, when {@link Builder#build()} runs; serving never signs.
 * Wildcard records ({@code "*.wild"}) are expanded with their proofs (RFC 4592, RFC 4035
 * section 3.1.3.3); DNAME is not. {@link #zoneFile(String)} shows a zone as served.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DnsTree {

  private final Map<Name, ZoneBuilder> zoneBuilders;
  private final Map<Name, ZoneKeys> keys;
  private final Map<Name, SignedZone> zones;
  private final Instant inception;
  private final Instant expiration;
  private final Clock clock;
  private final String trustAnchor;

  private DnsTree(Builder builder, Map<Name, ZoneKeys> keys, Map<Name, SignedZone> zones) {
    this.inception = builder.inception;
    this.expiration = builder.expiration;
    this.clock = builder.clock;
    this.zoneBuilders = new LinkedHashMap<>();
    builder.zones.forEach((name, zone) -> zoneBuilders.put(name, new ZoneBuilder(zone)));
    this.keys = Map.copyOf(keys);
    this.zones = Map.copyOf(zones);
    DSRecord rootDs =
        new DSRecord(Name.root, DClass.IN, 3600, DNSSEC.Digest.SHA256,
            keys.get(Name.root).kskRecord());
    this.trustAnchor = rootDs + "\n";
  }

  /**
   * Starts a tree. The root zone exists (signed) without being declared; declare it with
   * {@code zone(".", ...)} to add records or options to it.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this tree's zones, options and keys, to derive a changed tree
   * with the same trust anchor (for tests of caches and record changes; serve it with {@link
   * TestDnsServer#serve(DnsTree)}). Zones whose algorithm or RSA key size is changed, or that
   * ask for {@link ZoneBuilder#newKeys()}, get new keys.
   *
   * @return a new builder; this tree is unchanged
   */
  public Builder toBuilder() {
    Builder copy = new Builder();
    zoneBuilders.forEach((name, zone) -> copy.zones.put(name, new ZoneBuilder(zone)));
    copy.inception = inception;
    copy.expiration = expiration;
    copy.clock = clock;
    copy.keys.putAll(keys);
    return copy;
  }

  /**
   * Returns the trust anchor a validator needs to trust this tree: the DS record of the root's
   * key-signing key in presentation format, one line, e.g. {@code ". 3600 IN DS 12345 13 2
   * 3A1F...}" — the private counterpart of the IANA root anchor. dnsjava's {@code
   * ValidatingResolver.loadTrustAnchors} reads it as is.
   *
   * @return the root DS record and a newline
   */
  public String trustAnchor() {
    return trustAnchor;
  }

  /**
   * Returns {@link #trustAnchor()} as a fresh stream, the form {@code
   * ValidatingResolver.loadTrustAnchors(InputStream)} takes.
   *
   * @return a stream of the anchor's US-ASCII bytes
   */
  public InputStream trustAnchorStream() {
    return new ByteArrayInputStream(trustAnchor.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Returns the zones of this tree, parents before children.
   *
   * @return the zone names, absolute ({@code "."}, {@code "test."}, ...)
   */
  public List<String> zoneNames() {
    return zones.keySet().stream()
        .sorted(Comparator.comparingInt(Name::labels).thenComparing(Comparator.naturalOrder()))
        .map(Name::toString)
        .toList();
  }

  /**
   * Returns one zone as the server serves it, in master-file format: the records, the
   * generated SOA, NS, DNSKEY, DS and glue, the NSEC or NSEC3 chain and every RRSIG. Meant
   * for reading when a test fails ("what exactly did the server have?").
   *
   * @param zoneName the zone's apex, e.g. {@code "example.test."}
   * @return the zone's records, one per line
   * @throws IllegalArgumentException when the tree has no such zone
   */
  public String zoneFile(String zoneName) {
    Name origin = Builder.parseZoneName(zoneName);
    SignedZone zone = zones.get(origin);
    if (zone == null) {
      throw new IllegalArgumentException(
          "no zone " + origin + " in this tree; its zones are " + zoneNames());
    }
    return zone.toZoneFile();
  }

  Map<Name, SignedZone> signedZones() {
    return zones;
  }

  /** Returns the zone names and the trust anchor. */
  @Override
  public String toString() {
    return "DnsTree" + zoneNames() + " anchor " + trustAnchor.strip();
  }

  /** Collects zones and options; {@link #build()} signs them. Not thread-safe. */
  public static final class Builder {

    private static final Duration DEFAULT_BACKDATE = Duration.ofHours(1);
    private static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);

    private final Map<Name, ZoneBuilder> zones = new LinkedHashMap<>();
    private final Map<Name, ZoneKeys> keys = new HashMap<>();
    private Instant inception;
    private Instant expiration;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Declares a signed zone with default options and only the generated records.
     *
     * @param name the zone's apex, e.g. {@code "test."} (a trailing dot is added if missing)
     * @return this builder
     */
    public Builder zone(String name) {
      return zone(name, z -> {});
    }

    /**
     * Declares a zone, or changes one already declared, and configures it. The zone is
     * delegated from the nearest declared ancestor zone (the root if none).
     *
     * @param name the zone's apex, e.g. {@code "example.test."}
     * @param configuration sets records, options and faults on the zone
     * @return this builder
     */
    public Builder zone(String name, Consumer<ZoneBuilder> configuration) {
      Objects.requireNonNull(configuration, "configuration");
      Name origin = parseZoneName(name);
      configuration.accept(zones.computeIfAbsent(origin, ZoneBuilder::new));
      return this;
    }

    /**
     * Sets the validity window of correct signatures (RFC 4034 section 3.1.5). Faulty
     * signatures ({@link Fault#expiredSignatures()}, {@link Fault#notYetValidSignatures()})
     * are placed a day outside the clock's now regardless.
     *
     * @param inception the first valid instant
     * @param expiration the last valid instant, after inception
     * @return this builder
     */
    public Builder signatureValidity(Instant inception, Instant expiration) {
      Objects.requireNonNull(inception, "inception");
      Objects.requireNonNull(expiration, "expiration");
      if (!expiration.isAfter(inception)) {
        throw new IllegalArgumentException(
            "signature expiration " + expiration + " is not after inception " + inception);
      }
      this.inception = inception;
      this.expiration = expiration;
      return this;
    }

    /**
     * Sets the clock that defines "now" for the default validity window and the faulty ones.
     *
     * @param clock the clock; the system UTC clock by default
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Generates the keys (or reuses those of the tree this builder came from) and signs every
     * zone.
     *
     * @return the signed tree
     * @throws IllegalArgumentException when a record lies inside a child zone
     */
    public DnsTree build() {
      zones.computeIfAbsent(Name.root, ZoneBuilder::new);
      if (!zones.get(Name.root).isSigned()) {
        throw new IllegalArgumentException(
            "the root zone must be signed: it holds the trust anchor's key");
      }
      Instant now = clock.instant();
      Instant from = inception != null ? inception : now.minus(DEFAULT_BACKDATE);
      Instant until = expiration != null ? expiration : now.plus(DEFAULT_VALIDITY);
      Map<Name, ZoneKeys> treeKeys = new HashMap<>();
      List<ZoneDefinition> definitions = new ArrayList<>();
      for (ZoneBuilder zone : zones.values()) {
        definitions.add(zone.definition());
        if (zone.isSigned()) {
          ZoneKeys previous = keys.get(zone.origin());
          boolean reusable =
              previous != null
                  && !zone.wantsNewKeys()
                  && previous.algorithm() == zone.algorithm()
                  && (zone.algorithm() != SigningAlgorithm.RSA_SHA256
                      || previous.rsaBits() == zone.rsaKeyBits());
          treeKeys.put(
              zone.origin(),
              reusable
                  ? previous
                  : ZoneKeys.generate(zone.origin(), zone.algorithm(), zone.rsaKeyBits()));
        }
      }
      Map<Name, SignedZone> signed = new TreeSigner(from, until, now).sign(definitions, treeKeys);
      return new DnsTree(this, treeKeys, signed);
    }

    private static Name parseZoneName(String name) {
      Objects.requireNonNull(name, "name");
      try {
        return Name.fromString(name.endsWith(".") ? name : name + ".");
      } catch (TextParseException e) {
        throw new IllegalArgumentException(
            "malformed zone name \"" + name + "\": " + e.getMessage(), e);
      }
    }
  }
}
