package org.dane4j.testkit.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.dane4j.core.MatchingType;
import org.dane4j.core.Selector;
import org.dane4j.core.TlsaRecord;
import org.dane4j.core.Usage;

/**
 * A certificate and its private key, made for tests: a root CA, an intermediate or a
 * server's leaf, with the names, validity window and key type a test needs.
 *
 * <p>DANE tests need chains that are wrong in precise ways -- an expired leaf (which
 * DANE-EE(3) accepts and DANE-TA(2) does not), a name the reference identifiers do not
 * cover, an issuer that is not a CA -- and a TLSA record computed from the very
 * certificate a server presents. This class builds them in a few lines:
 *
 * <pre>{@code
 * TestCertificate root = TestCertificate.builder().commonName("Test Root").certificateAuthority(1).build();
 * TestCertificate leaf = TestCertificate.builder()
 *     .dnsNames("mx1.example.test")
 *     .issuedBy(root)
 *     .build();
 * TlsaRecord record = root.tlsa("2 1 1");        // DANE-TA(2) SPKI(1) SHA2-256(1) of the root
 * List<X509Certificate> sent = leaf.chain();      // what the server sends: the leaf, without the root
 * }</pre>
 *
 * <p>A certificate without an issuer is self-signed. Instances are immutable. Test keys
 * are generated fresh and are never suitable for anything but tests.
 */
public final class TestCertificate {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final KeyPair keyPair;
  private final TestCertificate issuer;

  private TestCertificate(X509Certificate certificate, KeyPair keyPair, TestCertificate issuer) {
    this.certificate = certificate;
    this.keyPair = keyPair;
    this.issuer = issuer;
  }

  /** A builder for a self-signed EC P-256 certificate valid from an hour ago for 30 days, until told otherwise. */
  public static Builder builder() {
    return new Builder();
  }

  /** The certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The key pair whose public half the certificate holds. */
  public KeyPair keyPair() {
    return keyPair;
  }

  /** The certificate that issued this one; empty when this one is self-signed. */
  public Optional<TestCertificate> issuer() {
    return Optional.ofNullable(issuer);
  }

  /**
   * What a server sends: this certificate first, then its issuers up to but excluding a
   * self-signed root (RFC 8446 section 4.4.2 lets a server omit the root).
   */
  public List<X509Certificate> chain() {
    List<X509Certificate> chain = new ArrayList<>();
    for (TestCertificate c = this; c != null; c = c.issuer) {
      if (c == this || c.issuer != null) {
        chain.add(c.certificate);
      }
    }
    return Collections.unmodifiableList(chain);
  }

  /** This certificate and all its issuers, root included. */
  public List<X509Certificate> chainWithRoot() {
    List<X509Certificate> chain = new ArrayList<>();
    for (TestCertificate c = this; c != null; c = c.issuer) {
      chain.add(c.certificate);
    }
    return Collections.unmodifiableList(chain);
  }

  /** The certificate in PEM. */
  public String certificatePem() {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The private key in PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). A test key: never reuse it. */
  public String privateKeyPem() {
    return pem("PRIVATE KEY", keyPair.getPrivate().getEncoded());
  }

  /** The TLSA record naming this certificate with the given fields. */
  public TlsaRecord tlsa(Usage usage, Selector selector, MatchingType matchingType) {
    return TlsaRecord.forCertificate(certificate, usage, selector, matchingType);
  }

  /**
   * The TLSA record naming this certificate, from the three numbers of the presentation
   * format: {@code tlsa("3 1 1")}.
   *
   * @throws IllegalArgumentException unless the text is three numbers with a defined computation
   */
  public TlsaRecord tlsa(String usageSelectorMatchingType) {
    String[] fields = usageSelectorMatchingType.strip().split("\\s+");
    if (fields.length != 3) {
      throw new IllegalArgumentException(
          "Expected \"usage selector matching-type\", like \"3 1 1\", got \"" + usageSelectorMatchingType + "\"");
    }
    try {
      return tlsa(Usage.of(Integer.parseInt(fields[0])), Selector.of(Integer.parseInt(fields[1])),
          MatchingType.of(Integer.parseInt(fields[2])));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Not three numbers: \"" + usageSelectorMatchingType + "\"", e);
    }
  }

  /** A key manager factory presenting {@link #chain()} with this certificate's private key. */
  public KeyManagerFactory keyManagerFactory() {
    try {
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("key", keyPair.getPrivate(), password, chain().toArray(new X509Certificate[0]));
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot build a key store for " + this, e);
    }
  }

  /** A server-side {@code SSLContext} ("TLS") presenting {@link #chain()}, for test servers. */
  public SSLContext serverSslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagerFactory().getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot build an SSLContext for " + this, e);
    }
  }

  /** The subject, the issuer and the validity window; never the key. */
  @Override
  public String toString() {
    return "TestCertificate[subject=" + certificate.getSubjectX500Principal() + ", issuer="
        + certificate.getIssuerX500Principal() + ", notBefore=" + certificate.getNotBefore().toInstant()
        + ", notAfter=" + certificate.getNotAfter().toInstant() + "]";
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /**
   * Builds a {@link TestCertificate}. Every setter has a default, so {@code build()} alone
   * gives a self-signed EC P-256 leaf; the subject defaults to {@code CN=<first DNS name>},
   * or {@code CN=Test Certificate} without DNS names.
   */
  public static final class Builder {
    private X500Name subject;
    private final List<String> dnsNames = new ArrayList<>();
    private TestCertificate issuer;
    private KeyType keyType = KeyType.EC_P256;
    private KeyPair keyPair;
    private Instant notBefore;
    private Instant notAfter;
    private BigInteger serialNumber;
    private int maxPathLength = Integer.MIN_VALUE;
    private boolean signatureTampered;

    private Builder() {}

    /** Sets the subject to {@code CN=<commonName>}. */
    public Builder commonName(String commonName) {
      this.subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, Objects.requireNonNull(commonName))
          .build();
      return this;
    }

    /**
     * Sets the whole subject as an RFC 4514 name, e.g. {@code "CN=mx1.example.test, O=Example"};
     * {@code ""} for an empty subject, which only an issued certificate can have.
     */
    public Builder subject(String distinguishedName) {
      this.subject = new X500Name(BCStyle.INSTANCE, Objects.requireNonNull(distinguishedName));
      return this;
    }

    /** Adds DNS names to the subjectAltName extension (wildcards like {@code *.example.test} allowed). */
    public Builder dnsNames(String... names) {
      for (String name : names) {
        dnsNames.add(Objects.requireNonNull(name));
      }
      return this;
    }

    /** Has {@code issuer} sign this certificate; without it the certificate is self-signed. */
    public Builder issuedBy(TestCertificate issuer) {
      this.issuer = Objects.requireNonNull(issuer);
      return this;
    }

    /** Makes this a CA: basicConstraints cA=true with the path length limit, -1 for none. */
    public Builder certificateAuthority(int maxPathLength) {
      if (maxPathLength < -1) {
        throw new IllegalArgumentException("maxPathLength must be -1 (unlimited) or more, was " + maxPathLength);
      }
      this.maxPathLength = maxPathLength;
      return this;
    }

    /** The type of key to generate; EC P-256 by default. */
    public Builder keyType(KeyType keyType) {
      this.keyType = Objects.requireNonNull(keyType);
      this.keyPair = null;
      return this;
    }

    /** Uses an existing key pair instead of a fresh one, e.g. to renew a certificate keeping its key. */
    public Builder keyPair(KeyPair keyPair) {
      this.keyPair = Objects.requireNonNull(keyPair);
      this.keyType = KeyType.of(keyPair);
      return this;
    }

    /** The validity window; notAfter may even precede notBefore, to test odd certificates. */
    public Builder validity(Instant notBefore, Instant notAfter) {
      this.notBefore = Objects.requireNonNull(notBefore);
      this.notAfter = Objects.requireNonNull(notAfter);
      return this;
    }

    /** Valid from 60 days ago until yesterday. */
    public Builder expired() {
      Instant now = Instant.now();
      return validity(now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(1)));
    }

    /** Valid from tomorrow for 30 days. */
    public Builder notYetValid() {
      Instant now = Instant.now();
      return validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(31)));
    }

    /** The serial number; a random positive 63-bit number by default. */
    public Builder serialNumber(BigInteger serialNumber) {
      this.serialNumber = Objects.requireNonNull(serialNumber);
      return this;
    }

    /** Corrupts the signature of the certificate, so that no issuer key verifies it. */
    public Builder signatureTampered() {
      this.signatureTampered = true;
      return this;
    }

    private X500Name defaultSubject() {
      String commonName = dnsNames.isEmpty() ? "Test Certificate" : dnsNames.get(0);
      return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    /**
     * Generates the key (unless given), signs and returns the certificate.
     *
     * @throws IllegalStateException if a self-signed certificate would have an empty subject
     */
    public TestCertificate build() {
      KeyPair keys = keyPair != null ? keyPair : keyType.generate();
      Instant now = Instant.now();
      Instant from = notBefore != null ? notBefore : now.minus(Duration.ofHours(1));
      Instant until = notAfter != null ? notAfter : now.plus(Duration.ofDays(30));
      X500Name subjectName = subject != null ? subject : defaultSubject();
      if (issuer == null && subjectName.getRDNs().length == 0) {
        // A self-signed certificate's issuer is its subject, and RFC 5280 section 4.1.2.4 forbids an empty issuer.
        throw new IllegalStateException("A self-signed certificate needs a non-empty subject; use issuedBy(...) "
            + "to test an empty subject");
      }
      X500Name issuerName = issuer != null
          ? X500Name.getInstance(issuer.certificate.getSubjectX500Principal().getEncoded())
          : subjectName;
      KeyPair signer = issuer != null ? issuer.keyPair : keys;
      BigInteger serial = serialNumber != null ? serialNumber : new BigInteger(63, RANDOM).add(BigInteger.ONE);
      try {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serial, Date.from(from),
            Date.from(until), subjectName, keys.getPublic());
        builder.addExtension(Extension.subjectKeyIdentifier, false,
            extensions.createSubjectKeyIdentifier(keys.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
            extensions.createAuthorityKeyIdentifier(signer.getPublic()));
        boolean ca = maxPathLength != Integer.MIN_VALUE;
        if (ca) {
          builder.addExtension(Extension.basicConstraints, true,
              maxPathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(maxPathLength));
          builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
          builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
          int usage = keyType == KeyType.RSA_2048
              ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
              : KeyUsage.digitalSignature;
          builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
          builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        }
        if (!dnsNames.isEmpty()) {
          GeneralName[] names = dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n))
              .toArray(GeneralName[]::new);
          // RFC 5280 section 4.2.1.6: the extension is critical when the subject is empty.
          builder.addExtension(Extension.subjectAlternativeName, subjectName.getRDNs().length == 0,
              new GeneralNames(names));
        }
        String algorithm = KeyType.of(signer).signatureAlgorithm();
        X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate()));
        byte[] der = holder.getEncoded();
        if (signatureTampered) {
          // The signature BIT STRING ends the encoding; flipping its last bit keeps the DER valid.
          der[der.length - 1] ^= 0x01;
        }
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(der));
        return new TestCertificate(certificate, keys, issuer);
      } catch (CertIOException | OperatorCreationException e) {
        throw new IllegalStateException("Cannot build test certificate for " + subjectName, e);
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException("Cannot encode test certificate for " + subjectName, e);
      }
    }
  }
}
