package org.dane4j.core.dns;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The mail exchangers of a domain, validated: the MX {@link #answer()} plus what it means for
 * delivery (RFC 5321 section 5.1, RFC 7505, RFC 7672 section 2.2.1). Immutable.
 *
 * <p>{@link #hosts()} is the list to try, in preference order:
 * <ul>
 *   <li>MX records present: sorted by preference (stable for equal preferences);
 *   <li>NODATA (the domain exists without MX): the implicit MX, the domain itself with
 *       preference 0 ({@link #isImplicit()});
 *   <li>a null MX ({@code 0 .}, RFC 7505): empty, {@link #isNullMx()} - the domain accepts
 *       no mail;
 *   <li>NXDOMAIN or a failed lookup: empty. A failure ({@link #isFailure()}) must delay
 *       delivery (RFC 7672 section 2.1.2), never be read as "no MX".
 * </ul>
 */
public final class MxAnswer {
  private final String domain;
  private final DnsAnswer<MxHost> answer;
  private final List<MxHost> hosts;
  private final boolean implicit;
  private final boolean nullMx;

  private MxAnswer(String domain, DnsAnswer<MxHost> answer, List<MxHost> hosts, boolean implicit, boolean nullMx) {
    this.domain = domain;
    this.answer = answer;
    this.hosts = List.copyOf(hosts);
    this.implicit = implicit;
    this.nullMx = nullMx;
  }

  /**
   * Interprets an MX answer for {@code domain}. The answer's records are used as given; the
   * hosts to try are sorted by preference.
   */
  public static MxAnswer of(DnsAnswer<MxHost> answer) {
    Objects.requireNonNull(answer, "answer");
    String domain = answer.name();
    if (answer.outcome() == DnsOutcome.NODATA) {
      // RFC 5321 section 5.1: no MX RRset means the domain itself, preference 0.
      return new MxAnswer(domain, answer, List.of(new MxHost(0, answer.canonicalName())), true, false);
    }
    List<MxHost> records = answer.records();
    // RFC 7505 section 3: a single MX with an empty exchange ("0 .") says "no mail".
    boolean nullMx = records.size() == 1 && records.get(0).host().isEmpty();
    if (nullMx) {
      return new MxAnswer(domain, answer, List.of(), false, true);
    }
    // A null MX beside other MX records breaks RFC 7505 section 3; the root is never a host.
    List<MxHost> sorted = records.stream()
        .filter(mx -> !mx.host().isEmpty())
        .sorted((a, b) -> Integer.compare(a.preference(), b.preference()))
        .collect(Collectors.toList());
    return new MxAnswer(domain, answer, sorted, false, false);
  }

  /** The queried next-hop domain. */
  public String domain() {
    return domain;
  }

  /** The MX lookup itself: status, outcome, records as received, CNAME chain, failure. */
  public DnsAnswer<MxHost> answer() {
    return answer;
  }

  /** The hosts to try, in preference order (see the class description). */
  public List<MxHost> hosts() {
    return hosts;
  }

  /** Whether {@link #hosts()} is the implicit MX of RFC 5321 section 5.1 (no MX RRset). */
  public boolean isImplicit() {
    return implicit;
  }

  /** Whether the domain publishes a null MX (RFC 7505): it accepts no mail. */
  public boolean isNullMx() {
    return nullMx;
  }

  /** The status of the MX lookup (RFC 7672 section 2.2.1: only SECURE can authenticate the MX). */
  public SecurityStatus status() {
    return answer.status();
  }

  /** Whether the MX lookup failed (RFC 7672 section 2.1.2: delay delivery). */
  public boolean isFailure() {
    return answer.isFailure();
  }

  /** Why the MX lookup failed; empty unless {@link #isFailure()}. */
  public Optional<DnsFailure> failure() {
    return answer.failure();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MxAnswer && answer.equals(((MxAnswer) o).answer);
  }

  @Override
  public int hashCode() {
    return answer.hashCode();
  }

  /** For example {@code "example.org MX SECURE [10 mx1.example.org, 20 mx2.example.org]"}. */
  @Override
  public String toString() {
    if (isFailure()) {
      return domain + " MX " + answer.failure().orElseThrow();
    }
    return domain + " MX " + status() + (implicit ? " implicit " : nullMx ? " null MX " : " ") + hosts;
  }
}
