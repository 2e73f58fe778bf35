package org.dane4j.testkit.dns.internal;

import org.dane4j.testkit.dns.Fault;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A {@link Fault} with its names resolved: which zone (null = every zone), which owner name
 * (null = every name of the zone), which type ({@code -1} = every type), for how many
 * queries ({@code 0} = all) and, for a signature flood, how many invalid signatures.
 */
public record FaultRule(
    Fault.Kind kind, Name zone, Name name, int type, int times, int floodSize) {

  /**
   * Resolves a fault added to a zone: relative names are relative to the zone's origin.
   *
   * @param fault the fault as the user gave it
   * @param origin the zone's origin
   * @return the rule
   * @throws IllegalArgumentException when the name is malformed or outside the zone
   */
  public static FaultRule inZone(Fault fault, Name origin) {
    Name name = fault.name().map(n -> parse(n, origin)).orElse(null);
    if (name != null && !name.subdomain(origin)) {
      throw new IllegalArgumentException(
          "fault " + fault + " names " + name + ", which is outside zone " + origin);
    }
    if (fault.kind() == Fault.Kind.DROP_KEY_QUERIES && name == null) {
      name = origin;
    }
    return new FaultRule(
        fault.kind(), origin, name, typeOf(fault), fault.times(), fault.floodSize());
  }

  /**
   * Resolves a fault injected into a running server: names must be absolute.
   *
   * @param fault the fault as the user gave it
   * @return the rule, for every zone when the fault is not narrowed
   * @throws IllegalArgumentException when the name is relative or malformed
   */
  public static FaultRule inTree(Fault fault) {
    Name name = fault.name().map(n -> parse(n, null)).orElse(null);
    if (name != null && !name.isAbsolute()) {
      throw new IllegalArgumentException(
          "fault " + fault + " needs an absolute name (ending in a dot) on a running server");
    }
    return new FaultRule(
        fault.kind(), null, name, typeOf(fault), fault.times(), fault.floodSize());
  }

  private static int typeOf(Fault fault) {
    return fault.type().map(Type::value).orElse(-1);
  }

  private static Name parse(String text, Name origin) {
    try {
      return "@".equals(text) ? origin : Name.fromString(text, origin);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("malformed name \"" + text + "\": " + e.getMessage(), e);
    }
  }

  /**
   * Tells whether this rule concerns an RRset or a query.
   *
   * @param zoneOrigin the zone that owns the name (for a DS query: the child zone)
   * @param owner the owner name or query name
   * @param rrType the record type or query type
   * @return true when it applies
   */
  public boolean matches(Name zoneOrigin, Name owner, int rrType) {
    if (zone != null && !zone.equals(zoneOrigin)) {
      return false;
    }
    if (name != null && !name.equals(owner)) {
      return false;
    }
    if (kind == Fault.Kind.DROP_KEY_QUERIES) {
      return rrType == Type.DNSKEY || rrType == Type.DS;
    }
    return type < 0 || type == rrType;
  }
}
