package org.dane4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.Test;

/** One verifier shared by many threads gives every thread its own, correct result. */
class ConcurrentVerificationTest {
  @Test
  void sharedVerifier_manyThreads_eachResultIsCorrect() throws Exception {
    DaneVerifier verifier = DaneVerifier.builder().build();
    TestCertificate good = TestCertificates.leaf("mx1.example.test");
    TestCertificate bad = TestCertificates.attacker("mx1.example.test");
    List<TlsaRecord> records = List.of(good.issuer().orElseThrow().tlsa("2 1 1"), good.tlsa("3 1 2"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> outcomes = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        boolean expectVerified = i % 2 == 0;
        TestCertificate presented = expectVerified ? good : bad;
        outcomes.add(pool.submit(() ->
            verifier.verify(presented.chain(), records, List.of("mx1.example.test")).isVerified() == expectVerified));
      }
      for (Future<Boolean> outcome : outcomes) {
        assertThat(outcome.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
