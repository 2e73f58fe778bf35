package org.dane4j.testkit.dns.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dane4j.testkit.dns.Denial;
import org.dane4j.testkit.dns.Fault;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns zone definitions into signed zones: adds the SOA, NS and DNSKEY records a zone needs,
 * the delegation NS, glue and DS records in each parent, the NSEC or NSEC3 chain, and an RRSIG
 * over every authoritative RRset (RFC 4035 section 2), applying the signing faults.
 */
public final class TreeSigner {

  private static final Logger LOG = LoggerFactory.getLogger(TreeSigner.class);

  /** TTL of the generated SOA and NS records. */
  private static final long INFRA_TTL = 3600;
  /** SOA MINIMUM: the negative-caching TTL (RFC 2308 section 4), also used for NSEC/NSEC3. */
  private static final long NEGATIVE_TTL = 300;

  private static final Duration FAULT_SHIFT = Duration.ofDays(1);
  private static final Duration FAULT_WINDOW = Duration.ofDays(7);

  private final Instant inception;
  private final Instant expiration;
  private final Instant now;

  /**
   * Creates a signer.
   *
   * @param inception the RRSIG inception of correct signatures
   * @param expiration the RRSIG expiration of correct signatures
   * @param now the current time, from which the faulty validity windows are computed
   */
  public TreeSigner(Instant inception, Instant expiration, Instant now) {
    this.inception = inception;
    this.expiration = expiration;
    this.now = now;
  }

  /**
   * Signs a tree.
   *
   * @param definitions the zones, including the root
   * @param keys the keys of every signed zone, by origin
   * @return the signed zones by origin
   */
  public Map<Name, SignedZone> sign(List<ZoneDefinition> definitions, Map<Name, ZoneKeys> keys) {
    long started = System.nanoTime();
    List<ZoneDefinition> sorted = new ArrayList<>(definitions);
    sorted.sort(Comparator.comparingInt((ZoneDefinition d) -> d.origin().labels()));
    Map<Name, ZoneDefinition> byOrigin = new LinkedHashMap<>();
    sorted.forEach(d -> byOrigin.put(d.origin(), d));

    Map<Name, Name> parents = new HashMap<>();
    Map<Name, List<Name>> children = new HashMap<>();
    for (ZoneDefinition d : sorted) {
      Name parent = nearestAncestor(d.origin(), byOrigin.keySet());
      parents.put(d.origin(), parent);
      if (parent != null) {
        children.computeIfAbsent(parent, p -> new ArrayList<>()).add(d.origin());
      }
    }

    Map<Name, NavigableMap<Name, Map<Integer, RRset>>> data = new HashMap<>();
    for (ZoneDefinition d : sorted) {
      data.put(d.origin(), ownData(d, children.getOrDefault(d.origin(), List.of()), keys));
    }

    Map<Name, SignedZone> zones = new LinkedHashMap<>();
    for (ZoneDefinition d : sorted) {
      NavigableMap<Name, Map<Integer, RRset>> nodes = data.get(d.origin());
      Set<Name> delegations = new HashSet<>();
      for (Name child : children.getOrDefault(d.origin(), List.of())) {
        delegations.add(child);
        addDelegation(nodes, byOrigin.get(child), data.get(child), keys.get(child));
      }
      zones.put(d.origin(), finish(d, parents.get(d.origin()), nodes, delegations, keys));
    }
    LOG.debug(
        "signed {} zones in {} ms",
        zones.size(),
        Duration.ofNanos(System.nanoTime() - started).toMillis());
    return zones;
  }

  private static Name nearestAncestor(Name origin, Set<Name> origins) {
    for (int strip = 1; strip < origin.labels(); strip++) {
      Name candidate = new Name(origin, strip);
      if (origins.contains(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** The zone's own records plus the generated SOA, apex NS (with address) and DNSKEYs. */
  private static NavigableMap<Name, Map<Integer, RRset>> ownData(
      ZoneDefinition d, List<Name> children, Map<Name, ZoneKeys> keys) {
    Name origin = d.origin();
    NavigableMap<Name, Map<Integer, RRset>> nodes = new TreeMap<>();
    for (Record r : d.records()) {
      for (Name child : children) {
        if (r.getName().subdomain(child)) {
          throw new IllegalArgumentException(
              "record \""
                  + r
                  + "\" of zone "
                  + origin
                  + " lies in child zone "
                  + child
                  + "; add it to that zone instead");
        }
      }
      add(nodes, r);
    }
    Name ns = concat("ns", origin);
    if (rrset(nodes, origin, Type.SOA) == null) {
      add(
          nodes,
          new SOARecord(
              origin,
              DClass.IN,
              INFRA_TTL,
              ns,
              concat("hostmaster", origin),
              1,
              7200,
              3600,
              1209600,
              NEGATIVE_TTL));
    }
    if (rrset(nodes, origin, Type.NS) == null) {
      add(nodes, new NSRecord(origin, DClass.IN, INFRA_TTL, ns));
      if (rrset(nodes, ns, Type.A) == null && rrset(nodes, ns, Type.AAAA) == null) {
        add(nodes, new ARecord(ns, DClass.IN, INFRA_TTL, InetAddress.getLoopbackAddress()));
      }
    }
    if (d.signed()) {
      ZoneKeys k = keys.get(origin);
      add(nodes, k.kskRecord());
      add(nodes, k.zskRecord());
    }
    if (d.signed() && d.denial() == Denial.NSEC3) {
      add(
          nodes,
          new NSEC3PARAMRecord(
              origin,
              DClass.IN,
              0,
              NSEC3Record.SHA1_DIGEST_ID,
              0,
              d.nsec3Iterations(),
              d.nsec3Salt()));
    }
    return nodes;
  }

  /** Copies the child's apex NS, in-zone glue and (for a signed child) DS into the parent. */
  private static void addDelegation(
      NavigableMap<Name, Map<Integer, RRset>> parent,
      ZoneDefinition child,
      NavigableMap<Name, Map<Integer, RRset>> childData,
      ZoneKeys childKeys) {
    Name cut = child.origin();
    RRset ns = rrset(childData, cut, Type.NS);
    ns.rrs(false).forEach(r -> add(parent, r));
    for (Record r : ns.rrs(false)) {
      Name target = ((NSRecord) r).getTarget();
      if (target.subdomain(cut)) {
        for (int type : new int[] {Type.A, Type.AAAA}) {
          RRset glue = rrset(childData, target, type);
          if (glue != null) {
            glue.rrs(false).forEach(g -> add(parent, g));
          }
        }
      }
    }
    if (child.signed()) {
      DNSKEYRecord key =
          child.hasZoneWideFault(Fault.Kind.DS_MISMATCH)
              ? ZoneKeys.unrelatedKsk(cut, child.algorithm())
              : childKeys.kskRecord();
      add(parent, new DSRecord(cut, DClass.IN, ZoneKeys.KEY_TTL, DNSSEC.Digest.SHA256, key));
    }
  }

  private SignedZone finish(
      ZoneDefinition d,
      Name parent,
      NavigableMap<Name, Map<Integer, RRset>> nodes,
      Set<Name> delegations,
      Map<Name, ZoneKeys> keys) {
    // Names below a delegation point are glue: not authoritative, not in the chain, unsigned.
    nodes
        .keySet()
        .removeIf(n -> delegations.stream().anyMatch(cut -> n.subdomain(cut) && !n.equals(cut)));
    TreeSet<Name> existing = new TreeSet<>(nodes.keySet());
    List<SignedZone.Nsec3Link> nsec3Chain = new ArrayList<>();
    if (d.signed()) {
      ZoneKeys k = keys.get(d.origin());
      // RRSIGs first: the NSEC/NSEC3 type bitmaps must list RRSIG where one exists.
      for (Map.Entry<Name, Map<Integer, RRset>> node : nodes.entrySet()) {
        boolean cut = delegations.contains(node.getKey());
        for (RRset set : node.getValue().values()) {
          if (!(cut && set.getType() == Type.NS)) {
            signInto(d, set, k);
          }
        }
      }
      if (d.denial() == Denial.NSEC3) {
        nsec3Chain = nsec3Chain(d, nodes, delegations, k);
      } else {
        addNsecChain(d, nodes, k);
      }
    }
    return new SignedZone(d, parent, nodes, existing, delegations, nsec3Chain);
  }

  private void addNsecChain(
      ZoneDefinition d, NavigableMap<Name, Map<Integer, RRset>> nodes, ZoneKeys k) {
    List<Name> owners = new ArrayList<>(nodes.keySet());
    for (int i = 0; i < owners.size(); i++) {
      Name owner = owners.get(i);
      Name next = owners.get((i + 1) % owners.size());
      Set<Integer> types = new TreeSet<>(nodes.get(owner).keySet());
      types.add(Type.NSEC);
      types.add(Type.RRSIG);
      RRset nsec =
          new RRset(new NSECRecord(owner, DClass.IN, NEGATIVE_TTL, next, toArray(types)));
      signInto(d, nsec, k);
      nodes.get(owner).put(Type.NSEC, nsec);
    }
  }

  private List<SignedZone.Nsec3Link> nsec3Chain(
      ZoneDefinition d,
      NavigableMap<Name, Map<Integer, RRset>> nodes,
      Set<Name> delegations,
      ZoneKeys k) {
    // Every name with data plus every empty non-terminal between it and the apex gets an
    // NSEC3 (RFC 5155 section 7.1); opt-out is not used.
    Map<Name, Set<Integer>> owners = new HashMap<>();
    for (Map.Entry<Name, Map<Integer, RRset>> node : nodes.entrySet()) {
      Set<Integer> types = new TreeSet<>(node.getValue().keySet());
      // Only an unsigned delegation (NS without DS) has no RRSIG at its owner name.
      if (!delegations.contains(node.getKey()) || types.contains(Type.DS)) {
        types.add(Type.RRSIG);
      }
      owners.put(node.getKey(), types);
      for (Name up = node.getKey(); !up.equals(d.origin()); ) {
        up = new Name(up, 1);
        owners.putIfAbsent(up, new TreeSet<>());
      }
    }
    List<Map.Entry<byte[], Set<Integer>>> hashed = new ArrayList<>();
    owners.forEach(
        (name, types) ->
            hashed.add(
                Map.entry(Nsec3Hash.hash(name, d.nsec3Iterations(), d.nsec3Salt()), types)));
    hashed.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
    List<SignedZone.Nsec3Link> chain = new ArrayList<>();
    for (int i = 0; i < hashed.size(); i++) {
      byte[] hash = hashed.get(i).getKey();
      byte[] next = hashed.get((i + 1) % hashed.size()).getKey();
      RRset nsec3 =
          new RRset(
              new NSEC3Record(
                  concat(Nsec3Hash.label(hash), d.origin()),
                  DClass.IN,
                  NEGATIVE_TTL,
                  NSEC3Record.SHA1_DIGEST_ID,
                  0,
                  d.nsec3Iterations(),
                  d.nsec3Salt(),
                  next,
                  toArray(hashed.get(i).getValue())));
      signInto(d, nsec3, k);
      chain.add(new SignedZone.Nsec3Link(hash, nsec3));
    }
    return chain;
  }

  /** Adds the RRSIG for {@code set} (KSK for DNSKEY, ZSK otherwise) as its fault says. */
  private void signInto(ZoneDefinition d, RRset set, ZoneKeys keys) {
    Instant from = inception;
    Instant until = expiration;
    boolean corrupt = false;
    for (FaultRule rule : d.faults()) {
      if (!rule.kind().isSigningFault()
          || !rule.matches(d.origin(), set.getName(), set.getType())) {
        continue;
      }
      switch (rule.kind()) {
        case MISSING_SIGNATURES -> {
          return;
        }
        case EXPIRED_SIGNATURES -> {
          until = now.minus(FAULT_SHIFT);
          from = until.minus(FAULT_WINDOW);
        }
        case NOT_YET_VALID_SIGNATURES -> {
          from = now.plus(FAULT_SHIFT);
          until = from.plus(FAULT_WINDOW);
        }
        case INVALID_SIGNATURES -> corrupt = true;
        default -> {
          // DS_MISMATCH changes the parent's DS, not this signature.
        }
      }
    }
    boolean keySet = set.getType() == Type.DNSKEY;
    DNSKEYRecord key = keySet ? keys.kskRecord() : keys.zskRecord();
    try {
      RRSIGRecord sig =
          DNSSEC.sign(set, key, (keySet ? keys.ksk() : keys.zsk()).getPrivate(), from, until);
      set.addRR(corrupt ? corrupted(sig) : sig);
    } catch (DNSSEC.DNSSECException e) {
      throw new IllegalStateException(
          "cannot sign " + set.getName() + "/" + Type.string(set.getType()), e);
    }
  }

  /** The same RRSIG with one bit of its signature flipped. */
  private static RRSIGRecord corrupted(RRSIGRecord sig) {
    byte[] signature = sig.getSignature().clone();
    signature[signature.length / 2] ^= 0x01;
    return new RRSIGRecord(
        sig.getName(),
        sig.getDClass(),
        sig.getTTL(),
        sig.getTypeCovered(),
        sig.getAlgorithm(),
        sig.getOrigTTL(),
        sig.getExpire(),
        sig.getTimeSigned(),
        sig.getFootprint(),
        sig.getSigner(),
        signature);
  }

  private static void add(NavigableMap<Name, Map<Integer, RRset>> nodes, Record r) {
    Map<Integer, RRset> node = nodes.computeIfAbsent(r.getName(), n -> new TreeMap<>());
    // RRset.addRR gives the set the lowest TTL of its records (RFC 2181 section 5.2).
    node.computeIfAbsent(r.getType(), t -> new RRset()).addRR(r);
  }

  private static RRset rrset(NavigableMap<Name, Map<Integer, RRset>> nodes, Name name, int type) {
    Map<Integer, RRset> node = nodes.get(name);
    return node == null ? null : node.get(type);
  }

  private static Name concat(String label, Name origin) {
    try {
      return Name.fromString(label, origin);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("cannot form a name from " + label + "." + origin, e);
    }
  }

  private static int[] toArray(Set<Integer> types) {
    return types.stream().mapToInt(Integer::intValue).toArray();
  }
}
