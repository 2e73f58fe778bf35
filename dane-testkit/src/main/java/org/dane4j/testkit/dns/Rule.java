package org.dane4j.testkit.dns;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.dane4j.testkit.dns.internal.Exchange;
import org.dane4j.testkit.dns.internal.WireEditor;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * One thing an {@link OnPathAttacker} does to the DNS traffic passing through it: rewrite
 * the CLASS of records, RRSIG signer names, header flags, RCODE or TTLs; move, delete, add
 * or duplicate records; replay a reply recorded earlier; splice in records of another
 * reply; forge a denial; drop or delay; or anything else through {@link #rewrite(String,
 * ReplyRewriter)}. These are the moves of an attacker between a validating stub and its
 * recursive resolver (RFC 3833, RFC 7672 section 2.1.1): none of them needs a zone key,
 * and a DANE client must turn every one into a lookup failure, never into "insecure" or
 * "no TLSA records".
 *
 * <p>A rule applies to every exchange until narrowed: {@link #at(String, String)} to one
 * question, {@link #under(String)} to a subtree, {@link #ofType(String...)} to query types,
 * {@link #overUdp()} or {@link #overTcp()} to one transport, {@link #times(int)} to the first
 * matching exchanges. Matching is on the stub's question (name case-insensitive). Rules that
 * change the reply see it after the rules added before them; query rules ({@link
 * #setQueryFlag(HeaderFlag)}, {@link #clearDnssecOk()}, {@link #rewriteQuery(String,
 * UnaryOperator)}, {@link #drop()}) act before forwarding.
 *
 * <pre>{@code
 * attacker.add(Rule.rewriteClass("CH").at("_25._tcp.mx1.example.test.", "TLSA"));
 * attacker.add(Rule.rewriteSigner("unsigned.test.").under("example.test.").times(3));
 * attacker.add(Rule.forgeNodata().ofType("TLSA"));
 * }</pre>
 *
 * <p>Immutable; narrowing returns a new rule.
 */
public final class Rule {

  /** When the rule acts. */
  enum Phase {
    /** Before the query is forwarded. */
    QUERY,
    /** On the upstream's reply; skipped when there is none. */
    REPLY,
    /** On the reply, making one up when the upstream gave none. */
    SYNTHESIS
  }

  /** Which transport a rule is narrowed to. */
  private enum Transport { ANY, UDP, TCP }

  private static final Set<MessageSection> ALL_SECTIONS = EnumSet.allOf(MessageSection.class);
  private static final int FORGED_PAYLOAD = 1232;

  private final String description;
  private final Phase phase;
  private final Consumer<Exchange> action;
  private final Name name;
  private final Name zone;
  private final Set<Integer> types;
  private final Transport transport;
  private final int times;

  private Rule(String description, Phase phase, Consumer<Exchange> action, Name name, Name zone,
      Set<Integer> types, Transport transport, int times) {
    this.description = description;
    this.phase = phase;
    this.action = action;
    this.name = name;
    this.zone = zone;
    this.types = types;
    this.transport = transport;
    this.times = times;
  }

  private static Rule of(String description, Phase phase, Consumer<Exchange> action) {
    return new Rule(description, phase, action, null, null, Set.of(), Transport.ANY, 0);
  }

  private static Rule onReply(String description, UnaryOperator<Message> edit) {
    return of(description, Phase.REPLY, exchange -> exchange.reply(edit.apply(exchange.reply())));
  }

  // --- class, signer, flags, rcode, TTL -------------------------------------------------

  /**
   * Rewrites the CLASS of every record (data and RRSIG alike) in the sections, on the wire and
   * nothing else: the attack of issue 9. dnsjava 3.7.1's validator finds no trust anchor for
   * class CH and calls such an answer INSECURE.
   *
   * @param dnsClass the new class mnemonic, e.g. {@code "CH"}, {@code "HS"}, {@code "ANY"}
   * @param sections where; the answer section when none are given
   * @return the rule
   * @throws IllegalArgumentException for an unknown class
   */
  public static Rule rewriteClass(String dnsClass, MessageSection... sections) {
    return rewriteClassOf("ANY", dnsClass, sections);
  }

  /**
   * Rewrites the CLASS of the records of one type in the sections, e.g. only the TLSA records
   * and not their RRSIGs, or only the RRSIGs.
   *
   * @param recordType the type mnemonic, or {@code "ANY"} for every type
   * @param dnsClass the new class mnemonic, e.g. {@code "CH"}
   * @param sections where; the answer section when none are given
   * @return the rule
   * @throws IllegalArgumentException for an unknown class or type
   */
  public static Rule rewriteClassOf(String recordType, String dnsClass, MessageSection... sections) {
    int type = recordType(recordType);
    int dclass = DClass.value(Objects.requireNonNull(dnsClass, "dnsClass"));
    if (dclass < 0) {
      throw new IllegalArgumentException("unknown DNS class \"" + dnsClass + "\"");
    }
    Set<Integer> where = sectionNumbers(sections, EnumSet.of(MessageSection.ANSWER));
    return of("class of " + typeText(type) + " records in " + sectionsText(where) + " -> "
        + DClass.string(dclass), Phase.REPLY, exchange -> {
          byte[] wire = exchange.replyWire();
          WireEditor.setClass(wire, where, t -> type == Type.ANY || t == type, dclass);
          exchange.replyWire(wire);
        });
  }

  /**
   * Rewrites the signer name of every RRSIG in the sections and keeps the signature bytes: the
   * second attack of issue 9. A validator that looks up the keys of the named signer instead
   * of the owner's zone (RFC 4035 section 5.3.1) can be led to "insecure" by naming any
   * provably unsigned zone.
   *
   * @param signer the new signer name, absolute, e.g. {@code "unsigned.test."}
   * @param sections where; the answer and authority sections when none are given
   * @return the rule
   */
  public static Rule rewriteSigner(String signer, MessageSection... sections) {
    Name signerName = absolute(signer);
    Set<Integer> where =
        sectionNumbers(sections, EnumSet.of(MessageSection.ANSWER, MessageSection.AUTHORITY));
    return onReply("RRSIG signer in " + sectionsText(where) + " -> " + signerName, reply -> {
      for (int section : where) {
        List<Record> records = List.copyOf(reply.getSection(section));
        reply.removeAllRecords(section);
        for (Record r : records) {
          if (r instanceof RRSIGRecord s) {
            r = new RRSIGRecord(s.getName(), s.getDClass(), s.getTTL(), s.getTypeCovered(), s.getAlgorithm(),
                s.getOrigTTL(), s.getExpire(), s.getTimeSigned(), s.getFootprint(), signerName, s.getSignature());
          }
          reply.addRecord(r, section);
        }
      }
      return reply;
    });
  }

  /**
   * Sets a flag in the reply's header, e.g. {@link HeaderFlag#AD} ("validated", which a stub
   * must not believe from an untrusted path) or {@link HeaderFlag#TC}.
   *
   * @param flag the flag
   * @return the rule
   */
  public static Rule setFlag(HeaderFlag flag) {
    Objects.requireNonNull(flag, "flag");
    return onReply("set " + flag + " in the reply", reply -> {
      reply.getHeader().setFlag(flag.dnsjavaFlag());
      return reply;
    });
  }

  /**
   * Clears a flag in the reply's header.
   *
   * @param flag the flag
   * @return the rule
   */
  public static Rule clearFlag(HeaderFlag flag) {
    Objects.requireNonNull(flag, "flag");
    return onReply("clear " + flag + " in the reply", reply -> {
      reply.getHeader().unsetFlag(flag.dnsjavaFlag());
      return reply;
    });
  }

  /**
   * Sets a flag in the query before forwarding it, e.g. {@link HeaderFlag#CD}: the upstream
   * then skips its own validation.
   *
   * @param flag the flag
   * @return the rule
   */
  public static Rule setQueryFlag(HeaderFlag flag) {
    Objects.requireNonNull(flag, "flag");
    return of("set " + flag + " in the query", Phase.QUERY, exchange -> {
      Message query = exchange.query();
      query.getHeader().setFlag(flag.dnsjavaFlag());
      exchange.query(query);
    });
  }

  /**
   * Clears a flag in the query before forwarding it, e.g. {@link HeaderFlag#RD}.
   *
   * @param flag the flag
   * @return the rule
   */
  public static Rule clearQueryFlag(HeaderFlag flag) {
    Objects.requireNonNull(flag, "flag");
    return of("clear " + flag + " in the query", Phase.QUERY, exchange -> {
      Message query = exchange.query();
      query.getHeader().unsetFlag(flag.dnsjavaFlag());
      exchange.query(query);
    });
  }

  /**
   * Clears the EDNS DO bit of the query before forwarding it (RFC 3225): the upstream then
   * leaves out every RRSIG, NSEC and NSEC3 record, as a stripping middlebox would.
   *
   * @return the rule
   */
  public static Rule clearDnssecOk() {
    return of("clear DO in the query", Phase.QUERY, exchange -> {
      Message query = exchange.query();
      OPTRecord opt = query.getOPT();
      if (opt != null) {
        query.removeRecord(opt, Section.ADDITIONAL);
        query.addRecord(new OPTRecord(opt.getPayloadSize(), opt.getExtendedRcode(), opt.getVersion(),
            opt.getFlags() & ~ExtendedFlags.DO, opt.getOptions()), Section.ADDITIONAL);
        exchange.query(query);
      }
    });
  }

  /**
   * Sets the reply's RCODE and keeps its records, e.g. a SERVFAIL turned into NOERROR or a
   * positive answer labelled NXDOMAIN.
   *
   * @param rcode the mnemonic, e.g. {@code "NOERROR"}, {@code "NXDOMAIN"}, {@code "SERVFAIL"}
   * @return the rule
   * @throws IllegalArgumentException for an unknown or extended (above 15) RCODE
   */
  public static Rule rcode(String rcode) {
    int value = rcodeValue(rcode);
    return onReply("RCODE -> " + Rcode.string(value), reply -> {
      reply.getHeader().setRcode(value);
      return reply;
    });
  }

  /**
   * Rewrites the TTL of every record (RRSIGs included; their original-TTL field is signed and
   * stays) in the sections, on the wire.
   *
   * @param seconds the new TTL, 0 to 2147483647
   * @param sections where; every section when none are given
   * @return the rule
   */
  public static Rule ttl(long seconds, MessageSection... sections) {
    if (seconds < 0 || seconds > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("TTL must be 0.." + Integer.MAX_VALUE + ", got " + seconds);
    }
    Set<Integer> where = sectionNumbers(sections, ALL_SECTIONS);
    return of("TTL in " + sectionsText(where) + " -> " + seconds, Phase.REPLY, exchange -> {
      byte[] wire = exchange.replyWire();
      WireEditor.setTtl(wire, where, t -> true, seconds);
      exchange.replyWire(wire);
    });
  }

  // --- sections -------------------------------------------------------------------------

  /**
   * Moves the records of a type from one section to another (appended at its end), e.g. the
   * answer into the additional section, or the RRSIGs into the authority section.
   *
   * @param recordType the type mnemonic, or {@code "ANY"} for every type
   * @param from the section they leave
   * @param to the section they join
   * @return the rule
   */
  public static Rule moveRecords(String recordType, MessageSection from, MessageSection to) {
    int type = recordType(recordType);
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return onReply("move " + typeText(type) + " records " + from + " -> " + to, reply -> {
      for (Record r : List.copyOf(reply.getSection(from.dnsjavaSection()))) {
        if (r.getType() != Type.OPT && (type == Type.ANY || r.getType() == type)) {
          reply.removeRecord(r, from.dnsjavaSection());
          reply.addRecord(r, to.dnsjavaSection());
        }
      }
      return reply;
    });
  }

  /**
   * Deletes the records of a type from the sections.
   *
   * @param recordType the type mnemonic, or {@code "ANY"} for every type (the EDNS OPT record
   *     always stays)
   * @param sections where; every section when none are given
   * @return the rule
   */
  public static Rule deleteRecords(String recordType, MessageSection... sections) {
    int type = recordType(recordType);
    Set<Integer> where = sectionNumbers(sections, ALL_SECTIONS);
    return onReply("delete " + typeText(type) + " records from " + sectionsText(where), reply -> {
      for (int section : where) {
        for (Record r : List.copyOf(reply.getSection(section))) {
          if (r.getType() != Type.OPT && (type == Type.ANY || r.getType() == type)) {
            reply.removeRecord(r, section);
          }
        }
      }
      return reply;
    });
  }

  /**
   * Deletes every RRSIG from every section: a signed answer made to look unsigned.
   *
   * @return the rule
   */
  public static Rule stripSignatures() {
    return deleteRecords("RRSIG");
  }

  /**
   * Appends forged records, e.g. {@code "mx1.example.test. 300 IN A 192.0.2.66"}.
   *
   * @param section where they go
   * @param records in master-file format with absolute names
   * @return the rule
   * @throws IllegalArgumentException when a record does not parse
   */
  public static Rule addRecords(MessageSection section, String... records) {
    Objects.requireNonNull(section, "section");
    List<Record> parsed = parseRecords(records);
    return onReply("add " + parsed.size() + " records to " + section, reply -> {
      parsed.forEach(r -> reply.addRecord(r, section.dnsjavaSection()));
      return reply;
    });
  }

  /**
   * Sends every record of the section twice, as a second identical RRset.
   *
   * @param section the section
   * @return the rule
   */
  public static Rule duplicateRecords(MessageSection section) {
    Objects.requireNonNull(section, "section");
    return onReply("duplicate " + section + " records", reply -> {
      for (Record r : List.copyOf(reply.getSection(section.dnsjavaSection()))) {
        if (r.getType() != Type.OPT) {
          reply.addRecord(r, section.dnsjavaSection());
        }
      }
      return reply;
    });
  }

  /**
   * Points every CNAME record of the answer at another name; the RRSIGs and the rest of the
   * answer stay as they were.
   *
   * @param target the new target, absolute, e.g. {@code "evil.attacker.test."}
   * @return the rule
   */
  public static Rule rewriteCnameTarget(String target) {
    Name targetName = absolute(target);
    return onReply("CNAME target -> " + targetName, reply -> {
      List<Record> answer = List.copyOf(reply.getSection(Section.ANSWER));
      reply.removeAllRecords(Section.ANSWER);
      for (Record r : answer) {
        if (r instanceof CNAMERecord c) {
          r = new CNAMERecord(c.getName(), c.getDClass(), c.getTTL(), targetName);
        }
        reply.addRecord(r, Section.ANSWER);
      }
      return reply;
    });
  }

  // --- replay, splice, forge ------------------------------------------------------------

  /**
   * Answers with a reply recorded earlier (see {@link OnPathAttacker#fetchFromUpstream(String,
   * String)}), e.g. the signed TLSA RRset from before a key rollover. Only the message ID is
   * changed. DNSSEC cannot stop a replay within the signatures' validity window (RFC 4033
   * section 8.3); after it the data is bogus.
   *
   * @param recorded the reply to replay
   * @return the rule
   */
  public static Rule replay(Message recorded) {
    byte[] wire = Objects.requireNonNull(recorded, "recorded").toWire();
    return of("replay of a recorded reply to " + recorded.getQuestion(), Phase.SYNTHESIS,
        exchange -> exchange.replyWire(wire));
  }

  /**
   * Appends the records of one section of another reply (RRSIGs included) to a section of
   * this one, e.g. the signed TLSA RRset of another host into the answer.
   *
   * @param donor the reply the records come from
   * @param from the donor's section
   * @param to this reply's section
   * @return the rule
   */
  public static Rule splice(Message donor, MessageSection from, MessageSection to) {
    List<Record> records = recordsOf(donor, from);
    Objects.requireNonNull(to, "to");
    return onReply("splice " + records.size() + " records from the " + from + " of a reply to "
        + donor.getQuestion().getName() + " into the " + to, reply -> {
          records.forEach(r -> reply.addRecord(r, to.dnsjavaSection()));
          return reply;
        });
  }

  /**
   * Appends another reply's answer records (RRSIGs included) to the answer.
   *
   * @param donor the reply the records come from
   * @return the rule
   */
  public static Rule spliceAnswer(Message donor) {
    return splice(donor, MessageSection.ANSWER, MessageSection.ANSWER);
  }

  /**
   * Replaces the answer with another reply's answer records, owners and signatures unchanged:
   * the answer then holds validly signed data of another name.
   *
   * @param donor the reply the records come from
   * @return the rule
   */
  public static Rule replaceAnswer(Message donor) {
    List<Record> records = recordsOf(donor, MessageSection.ANSWER);
    return onReply("answer replaced by the answer to " + donor.getQuestion().getName(), reply -> {
      reply.removeAllRecords(Section.ANSWER);
      records.forEach(r -> reply.addRecord(r, Section.ANSWER));
      return reply;
    });
  }

  /**
   * Replaces the answer with another reply's answer records renamed to the question's name,
   * RRSIGs included (their signatures then cover another owner and cannot verify).
   *
   * @param donor the reply the records come from
   * @return the rule
   */
  public static Rule transplantAnswer(Message donor) {
    List<Record> records = recordsOf(donor, MessageSection.ANSWER);
    return of("answer transplanted from " + donor.getQuestion().getName(), Phase.REPLY, exchange -> {
      Message reply = exchange.reply();
      reply.removeAllRecords(Section.ANSWER);
      records.forEach(r -> reply.addRecord(r.withName(exchange.questionName()), Section.ANSWER));
      exchange.reply(reply);
    });
  }

  /**
   * Answers "no such name" (NXDOMAIN) with empty sections: no SOA, no proof.
   *
   * @return the rule
   */
  public static Rule forgeNxdomain() {
    return forgeDenial(Rcode.NXDOMAIN, null);
  }

  /**
   * Answers NXDOMAIN with the authority section of another reply: its SOA, NSEC or NSEC3
   * records and their RRSIGs, validly signed but proving something else.
   *
   * @param proofSource a reply (usually a denial) whose authority section is copied
   * @return the rule
   */
  public static Rule forgeNxdomain(Message proofSource) {
    return forgeDenial(Rcode.NXDOMAIN, Objects.requireNonNull(proofSource, "proofSource"));
  }

  /**
   * Answers "the name exists, without records of this type" (NOERROR, empty answer), with no
   * SOA and no proof.
   *
   * @return the rule
   */
  public static Rule forgeNodata() {
    return forgeDenial(Rcode.NOERROR, null);
  }

  /**
   * Answers NODATA with the authority section of another reply (its SOA, NSEC or NSEC3
   * records and their RRSIGs).
   *
   * @param proofSource a reply (usually a denial) whose authority section is copied
   * @return the rule
   */
  public static Rule forgeNodata(Message proofSource) {
    return forgeDenial(Rcode.NOERROR, Objects.requireNonNull(proofSource, "proofSource"));
  }

  private static Rule forgeDenial(int rcode, Message proofSource) {
    List<Record> proof = proofSource == null ? List.of() : recordsOf(proofSource, MessageSection.AUTHORITY);
    String what = (rcode == Rcode.NXDOMAIN ? "forged NXDOMAIN" : "forged NODATA")
        + (proofSource == null ? " without proof"
            : " with the authority records of a reply to " + proofSource.getQuestion().getName());
    return of(what, Phase.SYNTHESIS, exchange -> {
      Message query = exchange.query();
      Message forged = new Message(exchange.id());
      forged.getHeader().setFlag(Flags.QR);
      forged.getHeader().setFlag(Flags.RA);
      if (query.getHeader().getFlag(Flags.RD)) {
        forged.getHeader().setFlag(Flags.RD);
      }
      forged.getHeader().setRcode(rcode);
      forged.addRecord(query.getQuestion(), Section.QUESTION);
      proof.forEach(r -> forged.addRecord(r, Section.AUTHORITY));
      OPTRecord opt = query.getOPT();
      if (opt != null) {
        forged.addRecord(new OPTRecord(FORGED_PAYLOAD, 0, 0, opt.getFlags() & ExtendedFlags.DO),
            Section.ADDITIONAL);
      }
      exchange.reply(forged);
    });
  }

  // --- drop, delay, own attacks ---------------------------------------------------------

  /**
   * Drops the query: it is not forwarded and nothing comes back; the stub times out.
   *
   * @return the rule
   */
  public static Rule drop() {
    return of("drop", Phase.QUERY, Exchange::drop);
  }

  /**
   * Holds the reply back (on a scheduler thread; nothing sleeps), e.g. beyond the stub's
   * query timeout, or to let another reply overtake it.
   *
   * @param delay how long, positive
   * @return the rule
   */
  public static Rule delay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative() || delay.isZero()) {
      throw new IllegalArgumentException("delay must be positive, got " + delay);
    }
    return of("delay " + delay.toMillis() + " ms", Phase.REPLY, exchange -> exchange.delay(delay));
  }

  /**
   * A user's own attack on replies. It also runs when the upstream gave no reply (then with
   * null), so it can forge one.
   *
   * @param description what it does, for messages and {@link #toString()}
   * @param rewriter the attack
   * @return the rule
   */
  public static Rule rewrite(String description, ReplyRewriter rewriter) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(rewriter, "rewriter");
    return of(description, Phase.SYNTHESIS, exchange -> {
      Message reply = rewriter.rewrite(exchange.query(), exchange.reply());
      exchange.reply(reply);
    });
  }

  /**
   * A user's own attack on queries, before they are forwarded.
   *
   * @param description what it does
   * @param rewriter gets a copy of the query, returns the query to forward
   * @return the rule
   */
  public static Rule rewriteQuery(String description, UnaryOperator<Message> rewriter) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(rewriter, "rewriter");
    return of(description, Phase.QUERY, exchange -> exchange.query(rewriter.apply(exchange.query())));
  }

  /**
   * A user's own attack on the reply's wire bytes, for what dnsjava cannot express (a
   * malformed message, a flipped bit anywhere).
   *
   * @param description what it does
   * @param rewriter gets a copy of the bytes, returns the bytes to send (null: none)
   * @return the rule
   */
  public static Rule rewriteWire(String description, UnaryOperator<byte[]> rewriter) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(rewriter, "rewriter");
    return of(description, Phase.REPLY, exchange -> exchange.replyWire(rewriter.apply(exchange.replyWire())));
  }

  // --- narrowing ------------------------------------------------------------------------

  /**
   * Narrows the rule to questions for one name, every type.
   *
   * @param questionName absolute, e.g. {@code "_25._tcp.mx1.example.test."}
   * @return a new rule; this one is unchanged
   */
  public Rule at(String questionName) {
    return new Rule(description, phase, action, absolute(questionName), zone, types, transport, times);
  }

  /**
   * Narrows the rule to one question name and type.
   *
   * @param questionName absolute, e.g. {@code "_25._tcp.mx1.example.test."}
   * @param questionType a type mnemonic, e.g. {@code "TLSA"}
   * @return a new rule; this one is unchanged
   */
  public Rule at(String questionName, String questionType) {
    return at(questionName).ofType(questionType);
  }

  /**
   * Narrows the rule to questions for a name or any name below it.
   *
   * @param zoneName absolute, e.g. {@code "example.test."}
   * @return a new rule; this one is unchanged
   */
  public Rule under(String zoneName) {
    return new Rule(description, phase, action, name, absolute(zoneName), types, transport, times);
  }

  /**
   * Narrows the rule to questions of these types.
   *
   * @param questionTypes type mnemonics, e.g. {@code "DS", "DNSKEY"}
   * @return a new rule; this one is unchanged
   */
  public Rule ofType(String... questionTypes) {
    if (questionTypes.length == 0) {
      throw new IllegalArgumentException("name at least one type");
    }
    Set<Integer> values = new TreeSet<>();
    for (String type : questionTypes) {
      values.add(recordType(type));
    }
    return new Rule(description, phase, action, name, zone, Set.copyOf(values), transport, times);
  }

  /**
   * Narrows the rule to queries that came over UDP, e.g. a forced truncation that lets the
   * TCP retry through.
   *
   * @return a new rule; this one is unchanged
   */
  public Rule overUdp() {
    return new Rule(description, phase, action, name, zone, types, Transport.UDP, times);
  }

  /**
   * Narrows the rule to queries that came over TCP.
   *
   * @return a new rule; this one is unchanged
   */
  public Rule overTcp() {
    return new Rule(description, phase, action, name, zone, types, Transport.TCP, times);
  }

  /**
   * Limits the rule to the first {@code count} exchanges it matches; later ones pass.
   *
   * @param count at least 1
   * @return a new rule; this one is unchanged
   */
  public Rule times(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    return new Rule(description, phase, action, name, zone, types, transport, count);
  }

  /**
   * Returns how many exchanges the rule applies to.
   *
   * @return the limit set with {@link #times(int)}, or 0 for every one
   */
  public int times() {
    return times;
  }

  /**
   * Returns what the rule does, without its narrowing.
   *
   * @return e.g. {@code "class of any records in ANSWER -> CH"}
   */
  public String description() {
    return description;
  }

  Phase phase() {
    return phase;
  }

  boolean matches(Name questionName, int questionType, boolean tcp) {
    if (name != null && !name.equals(questionName)) {
      return false;
    }
    if (zone != null && !questionName.subdomain(zone)) {
      return false;
    }
    if (!types.isEmpty() && !types.contains(questionType)) {
      return false;
    }
    return transport == Transport.ANY || (transport == Transport.TCP) == tcp;
  }

  void apply(Exchange exchange) {
    action.accept(exchange);
  }

  /** Returns the description and the narrowing, e.g. {@code drop at mx1.example.test./A (first 2)}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(description);
    if (name != null) {
      text.append(" at ").append(name);
    }
    if (zone != null) {
      text.append(" under ").append(zone);
    }
    if (!types.isEmpty()) {
      text.append(types.stream().map(Type::string).collect(Collectors.joining(",", "/", "")));
    }
    if (transport != Transport.ANY) {
      text.append(" over ").append(transport);
    }
    if (times > 0) {
      text.append(" (first ").append(times).append(')');
    }
    return text.toString();
  }

  // --- helpers --------------------------------------------------------------------------

  private static int recordType(String mnemonic) {
    int type = Type.value(Objects.requireNonNull(mnemonic, "recordType"));
    if (type < 0) {
      throw new IllegalArgumentException("unknown DNS record type \"" + mnemonic + "\"");
    }
    return type;
  }

  private static String typeText(int type) {
    return type == Type.ANY ? "any" : Type.string(type);
  }

  private static int rcodeValue(String mnemonic) {
    int value = Rcode.value(Objects.requireNonNull(mnemonic, "rcode").toUpperCase(Locale.ROOT));
    if (value < 0 || value > 15) {
      throw new IllegalArgumentException("RCODE must be one of the 4-bit codes (NOERROR, FORMERR, SERVFAIL,"
          + " NXDOMAIN, NOTIMP, REFUSED, ...), got \"" + mnemonic + "\"");
    }
    return value;
  }

  private static Name absolute(String text) {
    Objects.requireNonNull(text, "name");
    try {
      Name parsed = Name.fromString(text);
      if (!parsed.isAbsolute()) {
        throw new IllegalArgumentException("name \"" + text + "\" must be absolute (end in a dot)");
      }
      return parsed;
    } catch (TextParseException e) {
      throw new IllegalArgumentException("malformed name \"" + text + "\": " + e.getMessage(), e);
    }
  }

  private static Set<Integer> sectionNumbers(MessageSection[] sections, Set<MessageSection> defaults) {
    Set<MessageSection> chosen = sections.length == 0 ? defaults : EnumSet.copyOf(Arrays.asList(sections));
    return chosen.stream().map(MessageSection::dnsjavaSection).collect(Collectors.toUnmodifiableSet());
  }

  private static String sectionsText(Set<Integer> sections) {
    return Arrays.stream(MessageSection.values()).filter(s -> sections.contains(s.dnsjavaSection()))
        .map(MessageSection::name).collect(Collectors.joining("+"));
  }

  private static List<Record> recordsOf(Message donor, MessageSection section) {
    Objects.requireNonNull(donor, "donor");
    Objects.requireNonNull(section, "section");
    List<Record> records = new ArrayList<>();
    for (Record r : donor.getSection(section.dnsjavaSection())) {
      if (r.getType() != Type.OPT) {
        records.add(r);
      }
    }
    return List.copyOf(records);
  }

  private static List<Record> parseRecords(String... lines) {
    List<Record> records = new ArrayList<>();
    for (String line : lines) {
      try (Master master = new Master(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)))) {
        Record r = master.nextRecord();
        if (r == null) {
          throw new IllegalArgumentException("no record in \"" + line + "\"");
        }
        records.add(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot parse record \"" + line + "\": " + e.getMessage(), e);
      }
    }
    return List.copyOf(records);
  }
}
