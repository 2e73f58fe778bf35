package org.dane4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dane4j.core.MatchingType;
import org.dane4j.core.Selector;
import org.dane4j.testkit.pki.TestCertificate;
import org.dane4j.testkit.pki.TestCertificates;
import org.junit.jupiter.api.Test;

class ChainDigestsTest {
  @Test
  void associationData_secondRequest_isTheCachedResult() {
    TestCertificate leaf = TestCertificates.leaf("mx1.example.test");
    ChainDigests digests = new ChainDigests(leaf.chain());

    byte[] first = digests.associationData(1, Selector.SPKI, MatchingType.SHA2_256);

    assertThat(digests.associationData(1, Selector.SPKI, MatchingType.SHA2_256)).isSameAs(first);
  }

  @Test
  void associationData_equalsTheRecordOfTheCertificate() {
    TestCertificate leaf = TestCertificates.leaf("mx1.example.test");
    ChainDigests digests = new ChainDigests(List.of(leaf.certificate()));

    assertThat(digests.associationData(0, Selector.CERT, MatchingType.SHA2_512)).isEqualTo(leaf.tlsa("3 0 2").data());
    assertThat(digests.associationData(0, Selector.SPKI, MatchingType.FULL)).isEqualTo(leaf.tlsa("3 1 0").data());
  }
}
