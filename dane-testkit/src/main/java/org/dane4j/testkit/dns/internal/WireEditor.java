package org.dane4j.testkit.dns.internal;

import java.util.Set;
import java.util.function.IntPredicate;
import org.xbill.DNS.Type;

/**
 * Edits the fixed fields of resource records (CLASS, TTL) in a DNS message's wire bytes,
 * leaving every other byte as it was. Parsing and re-serializing with dnsjava would
 * lowercase names, recompress them and drop what it does not understand; an on-path
 * attacker flips one field, and tests must see exactly that (RFC 1035 section 4.1.3).
 * The EDNS OPT pseudo-record is never touched: its CLASS and TTL fields mean other things
 * (RFC 6891 section 6.1.2).
 */
public final class WireEditor {
  private static final int HEADER = 12;

  private WireEditor() {}

  /**
   * Sets the CLASS of the matching records.
   *
   * @param message the message, changed in place
   * @param sections the sections to edit, as dnsjava {@code Section} numbers (1 to 3)
   * @param types which record types to edit
   * @param dclass the new class
   * @return how many records changed
   * @throws IllegalArgumentException when the message is cut short
   */
  public static int setClass(byte[] message, Set<Integer> sections, IntPredicate types, int dclass) {
    return edit(message, sections, types, (at) -> {
      message[at + 2] = (byte) (dclass >>> 8);
      message[at + 3] = (byte) dclass;
    });
  }

  /**
   * Sets the TTL of the matching records.
   *
   * @param message the message, changed in place
   * @param sections the sections to edit, as dnsjava {@code Section} numbers (1 to 3)
   * @param types which record types to edit
   * @param ttl the new TTL in seconds, 0 to 2^31-1
   * @return how many records changed
   * @throws IllegalArgumentException when the message is cut short
   */
  public static int setTtl(byte[] message, Set<Integer> sections, IntPredicate types, long ttl) {
    return edit(message, sections, types, (at) -> {
      message[at + 4] = (byte) (ttl >>> 24);
      message[at + 5] = (byte) (ttl >>> 16);
      message[at + 6] = (byte) (ttl >>> 8);
      message[at + 7] = (byte) ttl;
    });
  }

  /**
   * Sets the message ID (RFC 1035 section 4.1.1), e.g. of a replayed reply.
   *
   * @param message the message, changed in place
   * @param id the new ID
   */
  public static void setId(byte[] message, int id) {
    message[0] = (byte) (id >>> 8);
    message[1] = (byte) id;
  }

  /**
   * Returns the message ID.
   *
   * @param message the message
   * @return the ID, 0 to 65535
   */
  public static int id(byte[] message) {
    return u16(message, 0);
  }

  private interface FieldEdit {
    /** Edits the record whose TYPE field starts at {@code at}. */
    void apply(int at);
  }

  private static int edit(byte[] m, Set<Integer> sections, IntPredicate types, FieldEdit edit) {
    if (m.length < HEADER) {
      throw new IllegalArgumentException("a DNS message has a 12-byte header, got " + m.length + " bytes");
    }
    int pos = HEADER;
    for (int i = u16(m, 4); i > 0; i--) {
      pos = skipName(m, pos) + 4;
    }
    int changed = 0;
    for (int section = 1; section <= 3; section++) {
      for (int i = u16(m, 4 + 2 * section); i > 0; i--) {
        pos = skipName(m, pos);
        check(m, pos + 10);
        int type = u16(m, pos);
        if (type != Type.OPT && sections.contains(section) && types.test(type)) {
          edit.apply(pos);
          changed++;
        }
        pos += 10 + u16(m, pos + 8);
      }
    }
    return changed;
  }

  private static int skipName(byte[] m, int pos) {
    while (true) {
      check(m, pos + 1);
      int length = m[pos] & 0xff;
      if (length == 0) {
        return pos + 1;
      }
      if ((length & 0xc0) == 0xc0) {
        return pos + 2;
      }
      pos += 1 + length;
    }
  }

  private static void check(byte[] m, int end) {
    if (end > m.length) {
      throw new IllegalArgumentException("DNS message cut short at byte " + m.length);
    }
  }

  private static int u16(byte[] m, int at) {
    check(m, at + 2);
    return ((m[at] & 0xff) << 8) | (m[at + 1] & 0xff);
  }
}
