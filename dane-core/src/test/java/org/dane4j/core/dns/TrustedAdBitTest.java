package org.dane4j.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * The AD-bit mode (RFC 7672 section 2.1.1: trust only a validator on a trusted path) and the
 * upstream client under it: retries, timeouts, and the failure kinds on the wire.
 */
class TrustedAdBitTest {
  private FakeUpstream upstream;
  private DnssecResolver resolver;

  private DnssecResolver trusting(java.util.function.Function<Message, Message> handler) {
    upstream = new FakeUpstream(handler);
    resolver = DnssecResolver.builder().trustAdBitFrom(List.of(upstream.address()))
        .queryTimeout(Duration.ofMillis(500)).attempts(3).build();
    return resolver;
  }

  @AfterEach
  void close() throws InterruptedException {
    if (resolver != null) {
      resolver.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void adBitFromTrustedValidator_isSecure() throws Exception {
    DnsAnswer<InetAddress> answer = trusting(q -> FakeUpstream.reply(q, Rcode.NOERROR, true, FakeUpstream.a(q, "192.0.2.1")))
        .lookupA("mx.example.org");

    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(answer.records()).containsExactly(InetAddress.getByName("192.0.2.1"));
  }

  @Test
  void queries_askForDnssecAndTheAdBit() {
    AtomicBoolean asked = new AtomicBoolean();
    trusting(q -> {
      asked.set(q.getHeader().getFlag(Flags.AD) && q.getOPT() != null && (q.getOPT().getFlags() & 0x8000) != 0);
      return FakeUpstream.reply(q, Rcode.NOERROR, true, FakeUpstream.a(q, "192.0.2.1"));
    }).lookupA("mx.example.org");

    assertThat(asked).isTrue();
  }

  @Test
  void noAdBit_isInsecure() {
    DnsAnswer<InetAddress> answer = trusting(q -> FakeUpstream.reply(q, Rcode.NOERROR, false, FakeUpstream.a(q, "192.0.2.1")))
        .lookupA("mx.example.org");

    assertThat(answer.status()).isEqualTo(SecurityStatus.INSECURE);
  }

  @Test
  void servfailWithDnssecExtendedError_isBogusWithTheCode() {
    DnsAnswer<InetAddress> answer = trusting(q -> FakeUpstream.servfail(q, 7, "signature expired"))
        .lookupA("mx.example.org");

    assertThat(answer.status()).isEqualTo(SecurityStatus.BOGUS);
    DnsFailure failure = answer.failure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(FailureKind.BOGUS);
    assertThat(failure.extendedDnsError()).hasValue(7);
    assertThat(failure.reason()).contains("signature expired", "mx.example.org");
  }

  @Test
  void servfailWithoutExtendedError_isServfailNotBogus() {
    DnsAnswer<InetAddress> answer = trusting(q -> FakeUpstream.reply(q, Rcode.SERVFAIL, false))
        .lookupA("mx.example.org");

    assertThat(answer.status()).isEqualTo(SecurityStatus.INDETERMINATE);
    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.SERVFAIL);
  }

  @Test
  void refused_isAnUpstreamError() {
    DnsAnswer<InetAddress> answer = trusting(q -> FakeUpstream.reply(q, Rcode.REFUSED, false))
        .lookupA("mx.example.org");

    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.UPSTREAM_ERROR);
    assertThat(answer.failure().orElseThrow().reason()).contains("REFUSED");
  }

  @Test
  void lostDatagram_isRetransmitted() {
    AtomicBoolean dropped = new AtomicBoolean();
    DnsAnswer<InetAddress> answer = trusting(q -> dropped.getAndSet(true)
        ? FakeUpstream.reply(q, Rcode.NOERROR, true, FakeUpstream.a(q, "192.0.2.1")) : null)
        .lookupA("mx.example.org");

    assertThat(answer.status()).isEqualTo(SecurityStatus.SECURE);
    assertThat(upstream.received()).isEqualTo(2);
  }

  @Test
  void silentUpstream_isATimeoutAfterEveryAttempt() {
    DnsAnswer<InetAddress> answer = trusting(q -> null).lookupA("mx.example.org");

    assertThat(answer.failure().orElseThrow().kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(answer.outcome()).isEqualTo(DnsOutcome.FAILED);
    assertThat(upstream.received()).isEqualTo(3);
  }

  @Test
  void nonLoopbackValidator_isRefusedWithoutATrustedPath() {
    DnssecResolver.Builder builder = DnssecResolver.builder()
        .trustAdBitFrom(List.of(new InetSocketAddress("192.0.2.53", 53)));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("192.0.2.53")
        .hasMessageContaining("insecureDeclareTrustedPathToValidator");
  }

  @Test
  void nonLoopbackValidator_withDeclaredTrustedPath_isAccepted() {
    resolver = DnssecResolver.builder().trustAdBitFrom(List.of(new InetSocketAddress("192.0.2.53", 53)))
        .insecureDeclareTrustedPathToValidator().build();

    assertThat(resolver.toString()).contains("trusting the AD bit", "192.0.2.53");
  }
}
