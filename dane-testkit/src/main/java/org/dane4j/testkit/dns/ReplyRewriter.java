package org.dane4j.testkit.dns;

import org.xbill.DNS.Message;

/**
 * A user's own attack on replies, for {@link Rule#rewrite(String, ReplyRewriter)}: gets the
 * query as forwarded and the reply as it stands (after earlier rules) and returns the reply to
 * send instead.
 *
 * <pre>{@code
 * attacker.add(Rule.rewrite("answer twice", (query, reply) -> {
 *   reply.getSection(Section.ANSWER).forEach(r -> reply.addRecord(r, Section.ANSWER));
 *   return reply;
 * }).at("mx1.example.test.", "A"));
 * }</pre>
 */
@FunctionalInterface
public interface ReplyRewriter {
  /**
   * Rewrites one reply. Both messages are fresh copies: change them freely. The message ID
   * is set to the query's afterwards.
   *
   * @param query the query as forwarded to the upstream
   * @param reply the reply as it stands, or null when the upstream gave none (timeout)
   * @return the reply to send; null to send nothing
   */
  Message rewrite(Message query, Message reply);
}
