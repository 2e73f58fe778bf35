package org.dane4j.smtp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.dane4j.smtp.internal.DaneTrustManager;
import org.junit.jupiter.api.Test;

/** Malformed chains handed to {@link DaneTrustManager}: explained refusals, never a bare runtime exception. */
class DaneTrustManagerChainTest {
  private final DaneTrustManager trustManager = DaneTrustManager.builder()
      .referenceNames(List.of("mx1.example.org"))
      .requirement(TlsRequirement.OPPORTUNISTIC)
      .build();

  @Test
  void chainWithMissingCertificate_isRefusedWithItsDepth() {
    assertThatThrownBy(() -> trustManager.checkServerTrusted(new X509Certificate[] {null}, "ECDHE_ECDSA"))
        .isExactlyInstanceOf(CertificateException.class)
        .hasMessageContaining("mx1.example.org")
        .hasMessageContaining("no certificate at depth 0 of 1");
  }
}
