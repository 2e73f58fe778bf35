package org.dane4j.attacks;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.dane4j.testkit.pki.TestCertificate;

/**
 * Certificates the testkit's builder deliberately cannot make: signed with MD5 or SHA-1,
 * carrying a critical extension nobody knows, a DNS name with a NUL byte in it, or claiming
 * an issuer whose key did not sign them. Built with Bouncy Castle, one call each.
 */
final class CertificateForge {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** A private-use OID no verifier can know. */
  static final String UNKNOWN_EXTENSION = "1.3.6.1.4.1.55555.1.1";

  private final String subject;
  private final List<GeneralName> dnsNames = new ArrayList<>();
  private X500Principal issuerName;
  private PrivateKey signingKey;
  private String signatureAlgorithm;
  private boolean unknownCriticalExtension;

  private CertificateForge(String subject) {
    this.subject = subject;
  }

  /** A server certificate with this subject (RFC 4514, e.g. {@code CN=mx1.example.test}). */
  static CertificateForge leaf(String subject) {
    return new CertificateForge(subject);
  }

  /** Adds a DNS name to subjectAltName, written as given (no IA5 or host name checks). */
  CertificateForge dnsName(String name) {
    dnsNames.add(new GeneralName(GeneralName.dNSName, new DERIA5String(name, false)));
    return this;
  }

  /** Signed by the issuer's key, with its subject as issuer name, with this signature algorithm. */
  CertificateForge issuedBy(TestCertificate issuer, String algorithm) {
    return claimsIssuer(issuer.certificate().getSubjectX500Principal(), issuer.keyPair().getPrivate(), algorithm);
  }

  /** Names this issuer but is signed with another key (the attacker's). */
  CertificateForge claimsIssuer(X500Principal name, PrivateKey actualSigner, String algorithm) {
    this.issuerName = name;
    this.signingKey = actualSigner;
    this.signatureAlgorithm = algorithm;
    return this;
  }

  /** Adds a critical extension with an unknown OID (RFC 5280 section 4.2: must be rejected). */
  CertificateForge unknownCriticalExtension() {
    this.unknownCriticalExtension = true;
    return this;
  }

  /** The certificate for the given key pair's public key. */
  X509Certificate build(KeyPair subjectKeys) {
    try {
      Instant now = Instant.now();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          X500Name.getInstance(issuerName.getEncoded()), new BigInteger(63, RANDOM).add(BigInteger.ONE),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))),
          X500Name.getInstance(new X500Principal(subject).getEncoded()), subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
          | KeyUsage.keyEncipherment));
      if (!dnsNames.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(dnsNames.toArray(GeneralName[]::new)));
      }
      if (unknownCriticalExtension) {
        builder.addExtension(new ASN1ObjectIdentifier(UNKNOWN_EXTENSION), true, DERNull.INSTANCE);
      }
      byte[] der = builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(signingKey)).getEncoded();
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (Exception e) {
      throw new IllegalStateException("Cannot forge " + subject, e);
    }
  }
}
