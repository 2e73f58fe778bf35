package org.dane4j.smtp;

import java.net.InetAddress;
import java.util.concurrent.CompletionStage;
import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.core.dns.MxAnswer;
import org.dane4j.core.dns.TlsaAnswer;

/** The validated lookups the planner needs; a seam so the RFC 7672 rules can be tested alone. */
interface Lookups {
  CompletionStage<MxAnswer> mx(String domain);

  CompletionStage<DnsAnswer<InetAddress>> a(String host);

  CompletionStage<DnsAnswer<InetAddress>> aaaa(String host);

  CompletionStage<TlsaAnswer> tlsa(DnsAnswer<InetAddress> hostAddresses, int port);

  static Lookups of(DnssecResolver resolver) {
    return new Lookups() {
      @Override
      public CompletionStage<MxAnswer> mx(String domain) {
        return resolver.lookupMxAsync(domain);
      }

      @Override
      public CompletionStage<DnsAnswer<InetAddress>> a(String host) {
        return resolver.lookupAAsync(host);
      }

      @Override
      public CompletionStage<DnsAnswer<InetAddress>> aaaa(String host) {
        return resolver.lookupAaaaAsync(host);
      }

      @Override
      public CompletionStage<TlsaAnswer> tlsa(DnsAnswer<InetAddress> hostAddresses, int port) {
        return resolver.lookupTlsaAsync(hostAddresses, port);
      }
    };
  }
}
