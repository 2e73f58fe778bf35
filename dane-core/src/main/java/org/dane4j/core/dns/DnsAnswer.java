package org.dane4j.core.dns;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The result of one DNSSEC-validated lookup: security status, outcome, typed records, TTL,
 * the CNAME chain that led to the records with each hop's status, and for failures the
 * reason. Immutable and thread-safe.
 *
 * <p>Read it in this order:
 * <ol>
 *   <li>{@link #isFailure()}: bogus or indeterminate; RFC 7672 section 2.1.1 says to treat
 *       the lookup as failed (next MX, or defer), never as "no records".
 *   <li>{@link #status()}: {@link SecurityStatus#SECURE} data may enable DANE;
 *       {@link SecurityStatus#INSECURE} data may be used, but not to authenticate.
 *   <li>{@link #outcome()}: {@link DnsOutcome#DATA} with {@link #records()}, or a
 *       validated {@link DnsOutcome#NODATA} / {@link DnsOutcome#NXDOMAIN}.
 * </ol>
 *
 * <p>Names are lower case without a trailing dot ({@code "mx1.example.org"}).
 *
 * @param <T> the record type: {@link MxHost}, {@link java.net.InetAddress},
 *     {@link org.dane4j.core.TlsaRecord}, ...
 */
public final class DnsAnswer<T> {
  private final String name;
  private final String type;
  private final SecurityStatus status;
  private final DnsOutcome outcome;
  private final List<T> records;
  private final Duration ttl;
  private final List<CnameHop> cnameChain;
  private final DnsFailure failure;

  private DnsAnswer(String name, String type, SecurityStatus status, DnsOutcome outcome, List<T> records,
      Duration ttl, List<CnameHop> cnameChain, DnsFailure failure) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.status = Objects.requireNonNull(status, "status");
    this.outcome = Objects.requireNonNull(outcome, "outcome");
    this.records = List.copyOf(records);
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.cnameChain = List.copyOf(cnameChain);
    this.failure = failure;
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("TTL must not be negative: " + ttl);
    }
  }

  /**
   * A NOERROR answer with records.
   *
   * @param name the queried name
   * @param type the queried type mnemonic, e.g. {@code "MX"}
   * @param status SECURE or INSECURE: the status of the whole chain and the records
   * @param records the records (at least one)
   * @param ttl how long the answer may be used
   * @param cnameChain the CNAME hops from {@code name} to the records' owner, maybe empty
   * @throws IllegalArgumentException if the status is a failure status or there are no records
   */
  public static <T> DnsAnswer<T> data(String name, String type, SecurityStatus status, List<? extends T> records,
      Duration ttl, List<CnameHop> cnameChain) {
    checkAnswerStatus(status);
    if (records.isEmpty()) {
      throw new IllegalArgumentException("A DATA answer needs at least one record; use noData() for NODATA");
    }
    return new DnsAnswer<>(name, type, status, DnsOutcome.DATA, List.copyOf(records), ttl, cnameChain, null);
  }

  /**
   * A validated negative answer: {@link DnsOutcome#NODATA} or {@link DnsOutcome#NXDOMAIN}.
   *
   * @throws IllegalArgumentException if the status is a failure status or the outcome is not
   *     negative
   */
  public static <T> DnsAnswer<T> negative(String name, String type, DnsOutcome outcome, SecurityStatus status,
      Duration ttl, List<CnameHop> cnameChain) {
    checkAnswerStatus(status);
    if (outcome != DnsOutcome.NODATA && outcome != DnsOutcome.NXDOMAIN) {
      throw new IllegalArgumentException("A negative answer is NODATA or NXDOMAIN, not " + outcome);
    }
    return new DnsAnswer<>(name, type, status, outcome, List.of(), ttl, cnameChain, null);
  }

  /**
   * A failed lookup. Its status is the failure's ({@link SecurityStatus#BOGUS} or
   * {@link SecurityStatus#INDETERMINATE}), its TTL zero.
   *
   * @param cnameChain the hops followed before the failure, maybe empty
   */
  public static <T> DnsAnswer<T> failed(String name, String type, DnsFailure failure, List<CnameHop> cnameChain) {
    Objects.requireNonNull(failure, "failure");
    return new DnsAnswer<>(name, type, failure.status(), DnsOutcome.FAILED, List.of(), Duration.ZERO, cnameChain,
        failure);
  }

  private static void checkAnswerStatus(SecurityStatus status) {
    if (Objects.requireNonNull(status, "status").isFailure()) {
      throw new IllegalArgumentException("An answer with status " + status + " must be built with failed()");
    }
  }

  /** The queried name. */
  public String name() {
    return name;
  }

  /** The queried record type mnemonic, e.g. {@code "TLSA"}. */
  public String type() {
    return type;
  }

  /** The security status of the whole answer, chain included (RFC 7672 section 2.1.3). */
  public SecurityStatus status() {
    return status;
  }

  /** Whether the answer is validated secure (and therefore not a failure). */
  public boolean isSecure() {
    return status == SecurityStatus.SECURE;
  }

  /** Whether the lookup failed: status BOGUS or INDETERMINATE, outcome FAILED. */
  public boolean isFailure() {
    return outcome == DnsOutcome.FAILED;
  }

  /** DATA, NODATA, NXDOMAIN or FAILED. */
  public DnsOutcome outcome() {
    return outcome;
  }

  /** The records; empty unless the outcome is DATA. */
  public List<T> records() {
    return records;
  }

  /** How long the answer may be reused: the smallest TTL involved; zero for failures. */
  public Duration ttl() {
    return ttl;
  }

  /** The CNAME hops from {@link #name()} to {@link #canonicalName()}, in order. */
  public List<CnameHop> cnameChain() {
    return cnameChain;
  }

  /** The name the records belong to: the last CNAME target, or the queried name. */
  public String canonicalName() {
    return cnameChain.isEmpty() ? name : cnameChain.get(cnameChain.size() - 1).target();
  }

  /** Why the lookup failed; empty unless {@link #isFailure()}. */
  public Optional<DnsFailure> failure() {
    return Optional.ofNullable(failure);
  }

  /** The same answer with each record converted, e.g. DNS record to a dane4j value type. */
  public <U> DnsAnswer<U> map(Function<? super T, ? extends U> converter) {
    Objects.requireNonNull(converter, "converter");
    List<U> converted = records.stream().<U>map(converter).collect(Collectors.toList());
    return new DnsAnswer<>(name, type, status, outcome, converted, ttl, cnameChain, failure);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DnsAnswer)) {
      return false;
    }
    DnsAnswer<?> other = (DnsAnswer<?>) o;
    return name.equals(other.name) && type.equals(other.type) && status == other.status
        && outcome == other.outcome && records.equals(other.records) && ttl.equals(other.ttl)
        && cnameChain.equals(other.cnameChain) && Objects.equals(failure, other.failure);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, status, outcome, records, ttl, cnameChain, failure);
  }

  /**
   * One line for logs, e.g.
   * {@code "_25._tcp.mx.example.org/TLSA SECURE DATA ttl=3600s [3 1 1 ab12...]"} or
   * {@code "example.org/MX BOGUS FAILED: BOGUS (EDE 7): ..."}.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(name).append('/').append(type).append(' ').append(status).append(' ')
        .append(outcome);
    if (!cnameChain.isEmpty()) {
      s.append(" via ").append(cnameChain);
    }
    if (failure != null) {
      return s.append(": ").append(failure).toString();
    }
    s.append(" ttl=").append(ttl.toSeconds()).append('s');
    if (!records.isEmpty()) {
      s.append(' ').append(records);
    }
    return s.toString();
  }
}
