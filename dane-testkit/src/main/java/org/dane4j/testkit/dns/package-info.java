/**
 * A private, DNSSEC-signed DNS tree served on loopback, for tests of DNSSEC and DANE clients.
 *
 * <p>{@link org.dane4j.testkit.dns.DnsTree} builds and signs zones from the root down and
 * exports the root's trust anchor; {@link org.dane4j.testkit.dns.TestDnsServer} serves the tree
 * over UDP and TCP the way a recursive resolver would, so that a validating stub resolver can
 * use it as its upstream; {@link org.dane4j.testkit.dns.Fault} breaks the tree or the answers
 * in the ways real deployments and attackers do; {@link
 * org.dane4j.testkit.dns.DnsTestServerExtension} runs a server for a JUnit 5 test class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DnsTestServerExtension dns = DnsTestServerExtension.create(tree -> tree
 *     .zone("test.")
 *     .zone("example.test.", z -> z
 *         .record("@ MX 10 mx1")
 *         .record("mx1 A 127.0.0.2")
 *         .record("_25._tcp.mx1 TLSA 3 1 1 " + hex))
 *     .zone("expired.test.", z -> z
 *         .record("mx1 A 127.0.0.3")
 *         .fault(Fault.expiredSignatures())));
 *
 * // point the resolver under test at dns.address(), trusting only dns.trustAnchor()
 * }</pre>
 */
package org.dane4j.testkit.dns;
