package org.dane4j.testkit.dns.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import org.dane4j.testkit.dns.Denial;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * One zone after signing, ready to answer from: its authoritative RRsets (with their RRSIGs
 * attached), its delegations and its NSEC or NSEC3 chain. Immutable once built.
 */
public final class SignedZone {

  /** One link of the NSEC3 chain: the owner's hash and the signed NSEC3 RRset. */
  record Nsec3Link(byte[] hash, RRset rrset) {}

  private static final Name WILDCARD_LABEL = Name.fromConstantString("*");

  private final ZoneDefinition definition;
  private final Name parent;
  private final NavigableMap<Name, Map<Integer, RRset>> nodes;
  private final NavigableMap<Name, Map<Integer, RRset>> glue;
  private final NavigableSet<Name> existing;
  private final Set<Name> delegations;
  private final List<Nsec3Link> nsec3Chain;

  SignedZone(
      ZoneDefinition definition,
      Name parent,
      NavigableMap<Name, Map<Integer, RRset>> nodes,
      NavigableMap<Name, Map<Integer, RRset>> glue,
      NavigableSet<Name> existing,
      Set<Name> delegations,
      List<Nsec3Link> nsec3Chain) {
    this.definition = definition;
    this.parent = parent;
    this.nodes = Collections.unmodifiableNavigableMap(nodes);
    this.glue = Collections.unmodifiableNavigableMap(glue);
    this.existing = Collections.unmodifiableNavigableSet(existing);
    this.delegations = Set.copyOf(delegations);
    this.nsec3Chain = List.copyOf(nsec3Chain);
  }

  /**
   * Returns the zone's apex name.
   *
   * @return the origin
   */
  public Name origin() {
    return definition.origin();
  }

  /**
   * Returns the parent zone's origin.
   *
   * @return the parent, or null for the root
   */
  public Name parent() {
    return parent;
  }

  /**
   * Returns what the user asked for.
   *
   * @return the zone's definition
   */
  public ZoneDefinition definition() {
    return definition;
  }

  /**
   * Tells whether the zone is signed.
   *
   * @return false for an unsigned zone
   */
  public boolean signed() {
    return definition.signed();
  }

  /**
   * Returns the RRset of a name and type.
   *
   * @param name the owner
   * @param type the type
   * @return the RRset with its signatures, or null
   */
  RRset rrset(Name name, int type) {
    Map<Integer, RRset> node = nodes.get(name);
    return node == null ? null : node.get(type);
  }

  /**
   * Returns all RRsets of a name.
   *
   * @param name the owner
   * @return the RRsets, empty when the name has none
   */
  List<RRset> rrsets(Name name) {
    Map<Integer, RRset> node = nodes.get(name);
    return node == null ? List.of() : List.copyOf(node.values());
  }

  /**
   * Returns the zone as master-file text: every RRset in canonical order followed by its
   * RRSIGs, then the glue (kept for the record: like a recursive resolver, the server answers
   * from the child zone and sends no referrals), then the NSEC3 chain.
   *
   * @return one record per line
   */
  public String toZoneFile() {
    StringBuilder text = new StringBuilder();
    for (Map<Integer, RRset> node : nodes.values()) {
      node.values().forEach(set -> appendRRset(text, set));
    }
    for (Map<Integer, RRset> node : glue.values()) {
      node.values().forEach(set -> appendRRset(text, set));
    }
    nsec3Chain.forEach(link -> appendRRset(text, link.rrset()));
    return text.toString();
  }

  private static void appendRRset(StringBuilder text, RRset set) {
    set.rrs(false).forEach(r -> text.append(r).append('\n'));
    set.sigs().forEach(r -> text.append(r).append('\n'));
  }

  /**
   * Returns the zone's SOA RRset.
   *
   * @return the SOA with its signatures
   */
  RRset soa() {
    return rrset(origin(), Type.SOA);
  }

  /**
   * Tells whether a name exists in the zone, with data or as an empty non-terminal.
   *
   * @param name a name at or below the origin
   * @return true when it exists
   */
  boolean exists(Name name) {
    if (existing.contains(name)) {
      return true;
    }
    // Canonical order puts every descendant of a name right after it (RFC 4034 section 6.1).
    Name next = existing.higher(name);
    return next != null && next.subdomain(name);
  }

  /**
   * Tells whether the name is a delegation point of this zone.
   *
   * @param name a name
   * @return true for a child zone's apex
   */
  boolean isDelegation(Name name) {
    return delegations.contains(name);
  }

  /**
   * Returns the denial records proving that {@code name} exists but has no {@code type}
   * (RFC 4035 section 3.1.3.1, RFC 5155 section 7.2.3).
   *
   * @param name an existing name (possibly an empty non-terminal)
   * @return NSEC or NSEC3 RRsets with signatures; empty for an unsigned zone
   */
  List<RRset> noDataProof(Name name) {
    if (!signed()) {
      return List.of();
    }
    if (definition.denial() == Denial.NSEC3) {
      return List.of(nsec3Matching(name).rrset());
    }
    RRset own = rrset(name, Type.NSEC);
    // An empty non-terminal has no NSEC: the one before it, whose next name is below it,
    // proves that it has no types (RFC 4035 section 3.1.3.2).
    return List.of(own != null ? own : nsecCovering(name));
  }

  /**
   * Returns the denial records proving that {@code name} does not exist and that no wildcard
   * could have produced it (RFC 4035 section 3.1.3.2, RFC 5155 section 7.2.2).
   *
   * @param name a name below the origin that does not exist
   * @return NSEC or NSEC3 RRsets with signatures; empty for an unsigned zone
   */
  List<RRset> nameErrorProof(Name name) {
    if (!signed()) {
      return List.of();
    }
    Name closestEncloser = closestEncloser(name);
    Name wildcard = wildcardOf(closestEncloser);
    Map<Name, RRset> proof = new LinkedHashMap<>();
    if (definition.denial() == Denial.NSEC3) {
      for (RRset set :
          List.of(
              nsec3Matching(closestEncloser).rrset(),
              nsec3Covering(nextCloser(name, closestEncloser)).rrset(),
              nsec3Covering(wildcard).rrset())) {
        proof.putIfAbsent(set.getName(), set);
      }
    } else {
      for (RRset set : List.of(nsecCovering(name), nsecCovering(wildcard))) {
        proof.putIfAbsent(set.getName(), set);
      }
    }
    return new ArrayList<>(proof.values());
  }

  /**
   * Returns the wildcard name {@code *.<closest encloser>} that would produce an answer for a
   * name that does not exist (RFC 4592 section 3.3.1), when the zone has one.
   *
   * @param name a name below the origin that does not exist
   * @return the wildcard's owner name, or null when there is no such wildcard
   */
  Name wildcardFor(Name name) {
    Name wildcard = wildcardOf(closestEncloser(name));
    return nodes.containsKey(wildcard) ? wildcard : null;
  }

  /**
   * Returns the records proving that an answer synthesised from a wildcard was right to be:
   * the query name itself does not exist (RFC 4035 section 3.1.3.3, RFC 5155 section 7.2.6).
   *
   * @param name the query name
   * @return NSEC or NSEC3 RRsets with signatures; empty for an unsigned zone
   */
  List<RRset> wildcardAnswerProof(Name name) {
    if (!signed()) {
      return List.of();
    }
    if (definition.denial() == Denial.NSEC3) {
      return List.of(nsec3Covering(nextCloser(name, closestEncloser(name))).rrset());
    }
    return List.of(nsecCovering(name));
  }

  /**
   * Returns the records proving that the wildcard which matches {@code name} lacks the
   * queried type (RFC 4035 section 3.1.3.4, RFC 5155 section 7.2.5).
   *
   * @param name the query name
   * @param wildcard the matching wildcard
   * @return NSEC or NSEC3 RRsets with signatures; empty for an unsigned zone
   */
  List<RRset> wildcardNoDataProof(Name name, Name wildcard) {
    if (!signed()) {
      return List.of();
    }
    Map<Name, RRset> proof = new LinkedHashMap<>();
    List<RRset> parts;
    if (definition.denial() == Denial.NSEC3) {
      Name closestEncloser = closestEncloser(name);
      parts =
          List.of(
              nsec3Matching(closestEncloser).rrset(),
              nsec3Covering(nextCloser(name, closestEncloser)).rrset(),
              nsec3Matching(wildcard).rrset());
    } else {
      parts = List.of(rrset(wildcard, Type.NSEC), nsecCovering(name));
    }
    parts.forEach(set -> proof.putIfAbsent(set.getName(), set));
    return new ArrayList<>(proof.values());
  }

  private static Name nextCloser(Name name, Name closestEncloser) {
    return new Name(name, name.labels() - closestEncloser.labels() - 1);
  }

  private Name closestEncloser(Name name) {
    Name candidate = new Name(name, 1);
    while (!exists(candidate)) {
      candidate = new Name(candidate, 1);
    }
    return candidate;
  }

  private static Name wildcardOf(Name name) {
    try {
      return Name.concatenate(WILDCARD_LABEL, name);
    } catch (NameTooLongException e) {
      throw new IllegalStateException("no wildcard fits below " + name, e);
    }
  }

  private RRset nsecCovering(Name name) {
    Name owner = nodes.lowerKey(name);
    // Nothing sorts before the apex inside the zone; the last NSEC wraps around to it.
    return rrset(owner == null ? nodes.lastKey() : owner, Type.NSEC);
  }

  private Nsec3Link nsec3Matching(Name name) {
    byte[] hash = Nsec3Hash.hash(name, definition.nsec3Iterations(), definition.nsec3Salt());
    for (Nsec3Link link : nsec3Chain) {
      if (Arrays.equals(link.hash(), hash)) {
        return link;
      }
    }
    throw new IllegalStateException("no NSEC3 for existing name " + name + " in " + origin());
  }

  private Nsec3Link nsec3Covering(Name name) {
    byte[] hash = Nsec3Hash.hash(name, definition.nsec3Iterations(), definition.nsec3Salt());
    Nsec3Link covering = nsec3Chain.get(nsec3Chain.size() - 1);
    for (Nsec3Link link : nsec3Chain) {
      if (Arrays.compareUnsigned(link.hash(), hash) < 0) {
        covering = link;
      }
    }
    return covering;
  }
}
