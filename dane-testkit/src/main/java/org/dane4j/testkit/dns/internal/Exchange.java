package org.dane4j.testkit.dns.internal;

import java.io.IOException;
import java.time.Duration;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

/**
 * One query passing through the on-path attacker and what becomes of it: the query as it
 * will be forwarded, the reply as it will be sent back (null for none), whether it is
 * dropped and how long the reply is held back. Rules change it in turn; it is confined to
 * the thread that handles the query.
 */
public final class Exchange {
  private final Name questionName;
  private final int questionType;
  private final boolean tcp;
  private final int id;
  private byte[] query;
  private byte[] reply;
  private boolean dropped;
  private Duration delay = Duration.ZERO;

  /**
   * Starts an exchange.
   *
   * @param query the query as the stub sent it
   * @param questionName its question's name
   * @param questionType its question's type
   * @param tcp whether it came over TCP
   */
  public Exchange(byte[] query, Name questionName, int questionType, boolean tcp) {
    this.query = query.clone();
    this.questionName = questionName;
    this.questionType = questionType;
    this.tcp = tcp;
    this.id = WireEditor.id(query);
  }

  /** The question name of the stub's query. */
  public Name questionName() {
    return questionName;
  }

  /** The question type of the stub's query. */
  public int questionType() {
    return questionType;
  }

  /** Whether the stub asked over TCP. */
  public boolean isTcp() {
    return tcp;
  }

  /** The stub's message ID, which every reply must carry. */
  public int id() {
    return id;
  }

  /** The query as it will be forwarded, parsed afresh. */
  public Message query() {
    return parse(query);
  }

  /** The query's wire bytes (a copy). */
  public byte[] queryWire() {
    return query.clone();
  }

  /** Replaces the query that will be forwarded. */
  public void query(Message message) {
    this.query = message.toWire();
  }

  /** Whether there is a reply to send (or to change). */
  public boolean hasReply() {
    return reply != null;
  }

  /** The reply as it stands, parsed afresh; null when there is none. */
  public Message reply() {
    return reply == null ? null : parse(reply);
  }

  /** The reply's wire bytes (a copy); null when there is none. */
  public byte[] replyWire() {
    return reply == null ? null : reply.clone();
  }

  /** Replaces the reply; null means none is sent. */
  public void reply(Message message) {
    this.reply = message == null ? null : message.toWire();
  }

  /** Replaces the reply's wire bytes; null means none is sent. */
  public void replyWire(byte[] wire) {
    this.reply = wire == null ? null : wire.clone();
  }

  /** Whether a rule dropped the exchange. */
  public boolean isDropped() {
    return dropped;
  }

  /** Drops the exchange: the query is not forwarded (if not yet) and nothing is sent back. */
  public void drop() {
    this.dropped = true;
  }

  /** How long the reply will be held back. */
  public Duration delay() {
    return delay;
  }

  /** Holds the reply back for {@code more} in addition to earlier delays. */
  public void delay(Duration more) {
    this.delay = delay.plus(more);
  }

  private static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (IOException e) {
      throw new IllegalStateException("a rule cannot parse the message it was given: " + e.getMessage(), e);
    }
  }
}
