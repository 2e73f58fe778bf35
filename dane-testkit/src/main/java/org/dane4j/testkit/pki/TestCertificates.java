package org.dane4j.testkit.pki;

/**
 * Ready-made certificates for the common cases, each freshly generated.
 *
 * <pre>{@code
 * TestCertificate leaf = TestCertificates.leaf("mx1.example.test");      // root -> intermediate -> leaf
 * TestCertificate root = leaf.issuer().orElseThrow().issuer().orElseThrow();
 * TestCertificate mitm = TestCertificates.attacker("mx1.example.test");  // same name, unrelated key
 * }</pre>
 */
public final class TestCertificates {
  private TestCertificates() {}

  /** A self-signed root CA named {@code CN=<commonName>} with no path length limit. */
  public static TestCertificate root(String commonName) {
    return TestCertificate.builder().commonName(commonName).certificateAuthority(-1).build();
  }

  /**
   * A server leaf for the DNS names (the first is also its CN), issued by a fresh
   * intermediate ({@code CN=Test Intermediate CA}) under a fresh root ({@code CN=Test Root CA}).
   */
  public static TestCertificate leaf(String... dnsNames) {
    if (dnsNames.length == 0) {
      throw new IllegalArgumentException("A leaf needs at least one DNS name");
    }
    TestCertificate root = root("Test Root CA");
    TestCertificate intermediate = TestCertificate.builder().commonName("Test Intermediate CA")
        .certificateAuthority(0).issuedBy(root).build();
    return TestCertificate.builder().commonName(dnsNames[0]).dnsNames(dnsNames).issuedBy(intermediate).build();
  }

  /**
   * What a man in the middle presents: a self-signed certificate for the same name, with
   * a key that no TLSA record names.
   */
  public static TestCertificate attacker(String dnsName) {
    return TestCertificate.builder().commonName(dnsName).dnsNames(dnsName).build();
  }
}
