package org.dane4j.core.dns;

import java.util.Objects;

/** One mail exchanger: preference and host name (RFC 5321 section 5.1). Immutable. */
public final class MxHost {
  private final int preference;
  private final String host;

  /**
   * An MX host.
   *
   * @throws IllegalArgumentException if the preference is outside 0..65535
   */
  public MxHost(int preference, String host) {
    if (preference < 0 || preference > 0xFFFF) {
      throw new IllegalArgumentException("MX preference must be 0..65535, got " + preference);
    }
    this.preference = preference;
    this.host = Objects.requireNonNull(host, "host");
  }

  /** The preference: lower values are tried first. */
  public int preference() {
    return preference;
  }

  /** The exchanger's host name, lower case, without a trailing dot ("" for the root). */
  public String host() {
    return host;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MxHost)) {
      return false;
    }
    MxHost other = (MxHost) o;
    return preference == other.preference && host.equals(other.host);
  }

  @Override
  public int hashCode() {
    return Objects.hash(preference, host);
  }

  /** The presentation format, {@code "10 mx1.example.org"}. */
  @Override
  public String toString() {
    return preference + " " + host;
  }
}
