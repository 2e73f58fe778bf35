package org.dane4j.core.dns.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.dane4j.core.dns.DnsFailure;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A scripted query engine: each (name, type) gets a canned verdict, as dnsjava's validator
 * would report it. Unscripted queries fail loudly. Counts the queries it receives.
 */
final class FakeDns implements QueryEngine {
  private final Map<String, Supplier<RawResult>> script = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
  private Executor pool;

  /** For {@link LookupEngine}'s factory: replies complete on the engine's pool. */
  FakeDns bind(Executor pool) {
    this.pool = pool;
    return this;
  }

  /**
   * A NOERROR or NXDOMAIN reply. Each line is a zone-file record; lines starting with
   * {@code "AUTH "} go to the authority section, the others to the answer section.
   */
  FakeDns reply(String name, int type, boolean secure, int rcode, String... lines) {
    return reply(name, type, secure, rcode, List.of(), lines);
  }

  /** As {@link #reply(String, int, boolean, int, String...)}, validated after failed key fetches. */
  FakeDns reply(String name, int type, boolean secure, int rcode, List<String> keyProblems, String... lines) {
    List<Record> answer = new ArrayList<>();
    List<Record> authority = new ArrayList<>();
    for (String line : lines) {
      boolean auth = line.startsWith("AUTH ");
      (auth ? authority : answer).add(record(auth ? line.substring(5) : line));
    }
    return reply(name, type, secure, rcode, answer, authority, keyProblems);
  }

  /** A reply built from records: {@code answer} and {@code authority} sections as given. */
  FakeDns reply(String name, int type, boolean secure, int rcode, List<Record> answer, List<Record> authority) {
    return reply(name, type, secure, rcode, answer, authority, List.of());
  }

  private FakeDns reply(String name, int type, boolean secure, int rcode, List<Record> answer, List<Record> authority,
      List<String> keyProblems) {
    Name qname = name(name);
    Message m = new Message();
    m.getHeader().setRcode(rcode);
    m.getHeader().setFlag(Flags.QR);
    if (secure) {
      m.getHeader().setFlag(Flags.AD);
    }
    m.addRecord(Record.newRecord(qname, type, DClass.IN), Section.QUESTION);
    answer.forEach(r -> m.addRecord(r, Section.ANSWER));
    authority.forEach(r -> m.addRecord(r, Section.AUTHORITY));
    script.put(key(qname, type), () -> RawResult.reply(qname, type, m, secure, keyProblems));
    return this;
  }

  /** Positive data, e.g. {@code data("a.example", Type.A, true, "a.example. 300 IN A 192.0.2.1")}. */
  FakeDns data(String name, int type, boolean secure, String... lines) {
    return reply(name, type, secure, Rcode.NOERROR, lines);
  }

  /** A failure verdict. */
  FakeDns failure(String name, int type, DnsFailure failure) {
    Name qname = name(name);
    script.put(key(qname, type), () -> RawResult.failed(qname, type, failure));
    return this;
  }

  /** Holds every reply until the returned future is completed. */
  CompletableFuture<Void> hold() {
    CompletableFuture<Void> g = new CompletableFuture<>();
    gate = g;
    return g;
  }

  int queries(String name, int type) {
    AtomicInteger count = counts.get(key(name(name), type));
    return count == null ? 0 : count.get();
  }

  int totalQueries() {
    return counts.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public CompletionStage<RawResult> query(Name name, int type) {
    String key = key(name, type);
    counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    Supplier<RawResult> scripted = script.get(key);
    Supplier<RawResult> reply = scripted == null && type == Type.DS ? delegation(name) : scripted;
    if (reply == null) {
      return CompletableFuture.failedFuture(new AssertionError("unscripted query " + key));
    }
    return gate.thenApplyAsync(v -> reply.get(), pool);
  }

  /**
   * The zone cuts of the scripted world, as the insecurity proof asks for them: {@code
   * example.} and {@code secure.example.} are signed delegations, {@code insecure.example.}
   * an unsigned one (NSEC with NS, without DS), names below {@code secure.example.} are no
   * cuts. Null for other names.
   */
  private static Supplier<RawResult> delegation(Name name) {
    String n = name.toString().toLowerCase();
    Message m = new Message();
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AD);
    m.addRecord(Record.newRecord(name, Type.DS, DClass.IN), Section.QUESTION);
    if (n.equals("example.") || n.equals("secure.example.")) {
      m.addRecord(record(n + " 300 IN DS 4711 13 2 " + "ab".repeat(32)), Section.ANSWER);
    } else if (n.equals("insecure.example.")) {
      m.addRecord(record(n + " 300 IN NSEC z.example. NS RRSIG NSEC"), Section.AUTHORITY);
    } else if (n.endsWith(".secure.example.")) {
      m.addRecord(record(n + " 300 IN NSEC z.secure.example. A RRSIG NSEC"), Section.AUTHORITY);
    } else {
      return null;
    }
    return () -> RawResult.reply(name, Type.DS, m, true, List.of());
  }

  static Name name(String text) {
    return Names.parse(text);
  }

  private static String key(Name name, int type) {
    return name.toString().toLowerCase() + "/" + Type.string(type);
  }

  private static Record record(String line) {
    try (Master master = new Master(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), Name.root, 300)) {
      return master.nextRecord();
    } catch (IOException e) {
      throw new UncheckedIOException("bad test record: " + line, e);
    }
  }
}
