/**
 * Implementation of {@link org.dane4j.core.dns.DnssecResolver}: dnsjava's validator behind a
 * retrying upstream client, CNAME and TLSA rules, the insecurity check for unvalidated
 * denials, caching and concurrency limits. Not exported; no compatibility promises.
 */
package org.dane4j.core.dns.internal;
