package org.dane4j.testkit.dns.internal;

import java.util.List;
import org.dane4j.testkit.dns.Denial;
import org.dane4j.testkit.dns.Fault;
import org.dane4j.testkit.dns.SigningAlgorithm;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * What the user asked for one zone, before signing.
 *
 * @param origin the zone's apex name
 * @param records the user's records, absolute
 * @param signed false for a zone served without DNSSEC and delegated without DS
 * @param algorithm the signing algorithm
 * @param denial NSEC or NSEC3
 * @param nsec3Iterations extra NSEC3 hash iterations
 * @param nsec3Salt the NSEC3 salt (may be empty)
 * @param faults the zone's faults
 */
public record ZoneDefinition(
    Name origin,
    List<Record> records,
    boolean signed,
    SigningAlgorithm algorithm,
    Denial denial,
    int nsec3Iterations,
    byte[] nsec3Salt,
    List<FaultRule> faults) {

  /**
   * Copies the lists and the salt, so the definition cannot change after the builder hands it
   * over.
   *
   * @param origin the zone's apex name
   * @param records the user's records, absolute
   * @param signed false for an unsigned zone
   * @param algorithm the signing algorithm
   * @param denial NSEC or NSEC3
   * @param nsec3Iterations extra NSEC3 hash iterations
   * @param nsec3Salt the NSEC3 salt
   * @param faults the zone's faults
   */
  public ZoneDefinition {
    records = List.copyOf(records);
    faults = List.copyOf(faults);
    nsec3Salt = nsec3Salt.clone();
  }

  /**
   * Tells whether the zone has a fault of the given kind that is not narrowed to a name.
   *
   * @param kind the fault kind
   * @return true when present
   */
  public boolean hasZoneWideFault(Fault.Kind kind) {
    return faults.stream().anyMatch(f -> f.kind() == kind && f.name() == null);
  }
}
