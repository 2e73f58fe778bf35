package org.dane4j.testkit.dns;

import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.Type;

/**
 * A deliberate defect in the DNS tree or in how the test server answers, to prove that a
 * validating client notices it.
 *
 * <p>A fault applies to a whole zone unless narrowed with {@link #at(String)} (one owner
 * name, every type) or {@link #at(String, String)} (one owner name and record type). Inside
 * {@link ZoneBuilder#fault(Fault)} names may be relative to the zone ({@code "mx1"}, {@code
 * "_25._tcp.mx1"}, {@code "@"} for the apex) or absolute (ending in a dot); faults added to a
 * running server with {@link TestDnsServer#inject(Fault)} need absolute names and, when not
 * narrowed, apply to the whole tree.
 *
 * <p>Two families exist, see {@link Kind#isSigningFault()}: signing faults change the signed
 * data and are applied when the tree is built; answering faults change how the server
 * replies and can also be switched on and off on a running server.
 *
 * <p>What a validator (RFC 4035 section 5) concludes for each fault, checked against
 * dnsjava's {@code ValidatingResolver} by this module's tests:
 *
 * <ul>
 *   <li>expired, not yet valid, invalid or missing signatures, DS mismatch: <em>bogus</em> (SERVFAIL
 *       with an Extended DNS Error, RFC 8914);
 *   <li>SERVFAIL and dropped answers: a <em>failure</em> (no verdict at all);
 *   <li>truncation: the same secure answer, fetched again over TCP;
 *   <li>a forged NXDOMAIN or NODATA: bogus;
 *   <li>dropped key queries with a forged NXDOMAIN or NODATA: dnsjava 3.7.1 passes the forged
 *       answer through unvalidated (no AD, no EDE), indistinguishable from an insecure answer,
 *       which a DANE client must treat as indeterminate.
 * </ul>
 */
public final class Fault {

  /** What goes wrong. */
  public enum Kind {
    /**
     * RRSIGs whose validity window ended a day ago (RFC 4035 section 5.3.1): simulates a zone
     * whose signer stopped re-signing. Bogus.
     */
    EXPIRED_SIGNATURES(true),
    /**
     * RRSIGs whose validity window starts tomorrow: simulates a signer with a wrong clock.
     * Bogus.
     */
    NOT_YET_VALID_SIGNATURES(true),
    /**
     * RRSIGs whose signature bytes do not verify: simulates records altered on the way (a
     * forged TLSA record with the original signature). Bogus.
     */
    INVALID_SIGNATURES(true),
    /**
     * RRsets served without their RRSIGs: simulates a stripping attacker or a broken signer.
     * Bogus, because the parent's DS says the zone is signed.
     */
    MISSING_SIGNATURES(true),
    /**
     * The parent publishes a DS for a key the zone does not use: simulates a botched key
     * rollover or a forged zone. Every answer from the zone is bogus. Zone-wide only.
     */
    DS_MISMATCH(true),
    /** The server answers SERVFAIL: simulates a broken upstream. A failure, not a verdict. */
    SERVFAIL(false),
    /** The server does not answer at all: the client times out. */
    DROP(false),
    /**
     * Over UDP the server answers with TC=1 and no records (RFC 1035 section 4.2.1); over TCP
     * it answers in full. Proves that the client retries over TCP (RFC 7766).
     */
    TRUNCATE(false),
    /**
     * The server drops DNSKEY and DS queries for the zone's apex (or, when narrowed with
     * {@link #at(String)}, for that name): the validator cannot fetch the keys it needs.
     */
    DROP_KEY_QUERIES(false),
    /**
     * The server answers NXDOMAIN with the zone's SOA but no signatures and no denial proof:
     * an attacker's "this name does not exist". Bogus on its own; combined with {@link
     * #DROP_KEY_QUERIES} it reproduces dnsjava's fail-open path (see {@link
     * Fault#forgedNxdomain()}).
     */
    FORGED_NXDOMAIN(false),
    /**
     * Like {@link #FORGED_NXDOMAIN}, but the forged answer says "the name exists, without
     * records of this type" (NOERROR, empty answer, unsigned SOA).
     */
    FORGED_NODATA(false);

    private final boolean signingFault;

    Kind(boolean signingFault) {
      this.signingFault = signingFault;
    }

    /**
     * Tells whether this fault changes the signed data (applied when the tree is built) rather
     * than the way the server answers (can be injected into a running server).
     *
     * @return true for the signature and DS faults
     */
    public boolean isSigningFault() {
      return signingFault;
    }
  }

  private final Kind kind;
  private final String name;
  private final String type;

  private Fault(Kind kind, String name, String type) {
    this.kind = kind;
    this.name = name;
    this.type = type;
  }

  /**
   * Signatures that expired a day ago ({@link Kind#EXPIRED_SIGNATURES}).
   *
   * @return the fault, zone-wide until narrowed
   */
  public static Fault expiredSignatures() {
    return new Fault(Kind.EXPIRED_SIGNATURES, null, null);
  }

  /**
   * Signatures that become valid tomorrow ({@link Kind#NOT_YET_VALID_SIGNATURES}).
   *
   * @return the fault, zone-wide until narrowed
   */
  public static Fault notYetValidSignatures() {
    return new Fault(Kind.NOT_YET_VALID_SIGNATURES, null, null);
  }

  /**
   * Signatures that do not verify ({@link Kind#INVALID_SIGNATURES}).
   *
   * @return the fault, zone-wide until narrowed
   */
  public static Fault invalidSignatures() {
    return new Fault(Kind.INVALID_SIGNATURES, null, null);
  }

  /**
   * RRsets served without RRSIGs ({@link Kind#MISSING_SIGNATURES}).
   *
   * @return the fault, zone-wide until narrowed
   */
  public static Fault missingSignatures() {
    return new Fault(Kind.MISSING_SIGNATURES, null, null);
  }

  /**
   * A parent DS that matches no key of the zone ({@link Kind#DS_MISMATCH}).
   *
   * @return the fault (zone-wide; cannot be narrowed)
   */
  public static Fault dsMismatch() {
    return new Fault(Kind.DS_MISMATCH, null, null);
  }

  /**
   * SERVFAIL answers ({@link Kind#SERVFAIL}).
   *
   * @return the fault, zone-wide until narrowed
   */
  public static Fault servfail() {
    return new Fault(Kind.SERVFAIL, null, null);
  }

  /**
   * No answer at all ({@link Kind#DROP}).
   *
   * @return the fault, zone-wide until narrowed
   */
  public static Fault drop() {
    return new Fault(Kind.DROP, null, null);
  }

  /**
   * Truncated UDP answers forcing TCP ({@link Kind#TRUNCATE}).
   *
   * @return the fault, zone-wide until narrowed
   */
  public static Fault truncate() {
    return new Fault(Kind.TRUNCATE, null, null);
  }

  /**
   * Dropped DNSKEY and DS queries for the zone ({@link Kind#DROP_KEY_QUERIES}).
   *
   * @return the fault for the zone's apex
   */
  public static Fault dropKeyQueries() {
    return new Fault(Kind.DROP_KEY_QUERIES, null, null);
  }

  /**
   * An unsigned NXDOMAIN without proof ({@link Kind#FORGED_NXDOMAIN}), usually narrowed to
   * one name. Together with {@link #dropKeyQueries()} this is the attack a DANE client must
   * survive: with dnsjava 3.7.1 the forged "no TLSA records" comes back without AD and
   * without an Extended DNS Error.
   *
   * <pre>{@code
   * .zone("example.test.", z -> z
   *     .record("_25._tcp.mx1 IN TLSA 3 1 1 " + hex)
   *     .fault(Fault.dropKeyQueries())
   *     .fault(Fault.forgedNxdomain().at("_25._tcp.mx1")))
   * }</pre>
   *
   * @return the fault, zone-wide until narrowed
   */
  public static Fault forgedNxdomain() {
    return new Fault(Kind.FORGED_NXDOMAIN, null, null);
  }

  /**
   * An unsigned NODATA without proof ({@link Kind#FORGED_NODATA}), the NOERROR twin of {@link
   * #forgedNxdomain()}.
   *
   * @return the fault, zone-wide until narrowed
   */
  public static Fault forgedNodata() {
    return new Fault(Kind.FORGED_NODATA, null, null);
  }

  /**
   * Narrows this fault to one owner name, every record type.
   *
   * @param ownerName relative to the zone ({@code "mx1"}, {@code "@"}) or absolute
   *     ({@code "mx1.example.test."})
   * @return a new fault; this one is unchanged
   * @throws IllegalArgumentException for {@link Kind#DS_MISMATCH}, which is zone-wide
   */
  public Fault at(String ownerName) {
    Objects.requireNonNull(ownerName, "ownerName");
    if (kind == Kind.DS_MISMATCH) {
      throw new IllegalArgumentException(
          "DS_MISMATCH concerns the whole zone's keys; add it to the zone without at(...)");
    }
    if (ownerName.isBlank()) {
      throw new IllegalArgumentException("owner name is blank; use \"@\" for the zone apex");
    }
    return new Fault(kind, ownerName, null);
  }

  /**
   * Narrows this fault to one owner name and one record type.
   *
   * @param ownerName relative to the zone or absolute, as in {@link #at(String)}
   * @param recordType a type mnemonic such as {@code "TLSA"}, {@code "A"}, {@code "DNSKEY"}
   * @return a new fault; this one is unchanged
   * @throws IllegalArgumentException when the type is unknown or the fault is zone-wide only
   */
  public Fault at(String ownerName, String recordType) {
    Objects.requireNonNull(recordType, "recordType");
    if (Type.value(recordType) < 0) {
      throw new IllegalArgumentException("unknown DNS record type \"" + recordType + "\"");
    }
    Fault named = at(ownerName);
    return new Fault(kind, named.name, Type.string(Type.value(recordType)));
  }

  /**
   * Returns what goes wrong.
   *
   * @return the kind of fault
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the owner name this fault is narrowed to, as given.
   *
   * @return the name, or empty when the fault applies to a whole zone (or tree)
   */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /**
   * Returns the record type this fault is narrowed to.
   *
   * @return the type mnemonic, or empty for every type
   */
  public Optional<String> type() {
    return Optional.ofNullable(type);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fault f
        && kind == f.kind
        && Objects.equals(name, f.name)
        && Objects.equals(type, f.type);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name, type);
  }

  /** Returns e.g. {@code EXPIRED_SIGNATURES at mx1/A} or {@code DS_MISMATCH (zone-wide)}. */
  @Override
  public String toString() {
    if (name == null) {
      return kind + " (zone-wide)";
    }
    return kind + " at " + name + (type == null ? "" : "/" + type);
  }
}
