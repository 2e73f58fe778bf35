package org.dane4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.dane4j.core.Pem;
import org.dane4j.core.PemFormatException;

/** Reading PEM files for the command line, and describing certificates in one line. */
final class Certificates {
  private Certificates() {}

  /** The certificates of a PEM file; a missing or malformed file is a one-line {@link CliException}. */
  static List<X509Certificate> read(Path file) {
    try {
      return Pem.readCertificates(file);
    } catch (NoSuchFileException e) {
      throw CliException.badInput("no such file: " + file);
    } catch (IOException e) {
      throw CliException.badInput("cannot read " + file + ": " + e.getMessage());
    } catch (PemFormatException e) {
      throw CliException.badInput(e.getMessage());
    }
  }

  /** The public key of a PEM file holding a certificate or a PUBLIC KEY block (a key not yet certified). */
  static PublicKey readKey(Path file) {
    if (!Files.isRegularFile(file)) {
      throw CliException.badInput("no such file: " + file);
    }
    try {
      return Pem.readCertificates(file).get(0).getPublicKey();
    } catch (PemFormatException | IOException e) {
      try {
        return Pem.readPublicKey(file);
      } catch (PemFormatException | IOException e2) {
        throw CliException.badInput(file + " holds neither a certificate nor a PUBLIC KEY: " + e.getMessage());
      }
    }
  }

  /** The subject in short form, e.g. {@code CN=mx1.example.org}. */
  static String subject(X509Certificate certificate) {
    String name = certificate.getSubjectX500Principal().getName();
    return name.isEmpty() ? "(empty subject)" : name;
  }

  /** The DNS names of a certificate: subjectAltName dNSNames, else the subject CN. */
  static List<String> dnsNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (Integer.valueOf(2).equals(san.get(0))) {
            names.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // No usable SAN: fall back to the CN.
    }
    if (names.isEmpty()) {
      try {
        for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("CN")) {
            names.add(String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT));
          }
        }
      } catch (InvalidNameException e) {
        // No names at all.
      }
    }
    return names;
  }

  /** {@code CN=mx1.example.org, expires 2027-01-01T00:00:00Z}, or {@code expired ...}. */
  static String describe(X509Certificate certificate, Instant now) {
    Instant notAfter = certificate.getNotAfter().toInstant();
    return subject(certificate) + ", " + (notAfter.isBefore(now) ? "expired " : "expires ") + notAfter;
  }
}
