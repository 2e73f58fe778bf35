package org.dane4j.core.dns;

import java.util.Objects;

/**
 * One step of a CNAME chain: {@code owner CNAME target}, with the security status of that
 * CNAME record as validated on its own. RFC 7672 section 2.1.3: once a hop is insecure,
 * everything after it is insecure too. Immutable.
 */
public final class CnameHop {
  private final String owner;
  private final String target;
  private final SecurityStatus status;

  /** A hop from {@code owner} to {@code target} with the given status. */
  public CnameHop(String owner, String target, SecurityStatus status) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.target = Objects.requireNonNull(target, "target");
    this.status = Objects.requireNonNull(status, "status");
  }

  /** The alias: the name that owns the CNAME record. */
  public String owner() {
    return owner;
  }

  /** The canonical name the CNAME record points to. */
  public String target() {
    return target;
  }

  /** The status of this hop, already lowered by any insecure hop before it. */
  public SecurityStatus status() {
    return status;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CnameHop)) {
      return false;
    }
    CnameHop other = (CnameHop) o;
    return owner.equals(other.owner) && target.equals(other.target) && status == other.status;
  }

  @Override
  public int hashCode() {
    return Objects.hash(owner, target, status);
  }

  /** For example {@code "mail.example.org -> mx.example.net (SECURE)"}. */
  @Override
  public String toString() {
    return owner + " -> " + target + " (" + status + ")";
  }
}
