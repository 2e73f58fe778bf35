package org.dane4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Key tags and DS values against the RFCs' own examples; the registry's DNSKEY rules. */
class DnskeyCommandTest {
  // RFC 4034 section 5.4 and RFC 4509 section 2.3: key tag 60485.
  static final String RSASHA1_KEY = "dskey.example.com. 86400 IN DNSKEY 256 3 5 "
      + "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/"
      + "M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==";
  // RFC 6605 section 6.1 (P-256, key tag 55648) and 6.2 (P-384, key tag 10771).
  static final String P256_BASE64 =
      "GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==";
  static final String P256_KEY = "example.net. 3600 IN DNSKEY 257 3 13 " + P256_BASE64;
  static final String P384_KEY = "example.net. 3600 IN DNSKEY 257 3 14 "
      + "xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8/uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40";
  // RFC 5702 section 6.1: RSA/SHA-256, key tag 9033.
  static final String RSASHA256_KEY = "example.net. 3600 IN DNSKEY 256 3 8 "
      + "AwEAAcFcGsaxxdgiuuGmCkVImy4h99CqT7jwY3pexPGcnUFtR2Fh36BponcwtkZ4cAgtvd4Qs8PkxUdp6p/DlUmObdk=";
  // RFC 8080 section 6.1: Ed25519, key tag 3613.
  static final String ED25519_KEY = "example.com. 3600 IN DNSKEY 257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=";

  @Test
  void ds_rfc4034And4509Example_matchesSha1AndSha256() {
    Cli cli = Cli.run("ds", "--sha1", RSASHA1_KEY);

    assertThat(cli.exit()).as(cli.toString()).isZero();
    assertThat(cli.out().toLowerCase()).contains("dskey.example.com. in ds 60485 5 1 2bb183af5f22588179a53b0a98631fad1a292118")
        .contains("dskey.example.com. in ds 60485 5 2 d4b7d520e7bb5f0f67674a0cceb1e3e0614b93c4f9e99b8383f6a1e4469da50a");
  }

  @Test
  void ds_rfc6605Examples_matchSha256AndSha384() {
    Cli p256 = Cli.run("ds", P256_KEY);
    Cli p384 = Cli.run("ds", P384_KEY);

    assertThat(p256.out()).contains("example.net. IN DS 55648 13 2 b4c8c1fe2e7477127b27115656ad6256f424625bf5c1e2770ce6d6e37df61d17")
        .doesNotContain(" 13 1 ");
    assertThat(p384.out()).contains("example.net. IN DS 10771 14 4 "
        + "72d7b62976ce06438e9c0bf319013cf801f09ecc84b8d7e9495f27e305c6a9b0563a9b5f4d288405c3008a946df983d6");
  }

  @Test
  void dnskey_rfc5702AndRfc8080Examples_haveTheirKeyTags() {
    assertThat(Cli.run("dnskey", RSASHA256_KEY).out()).contains("key tag 9033");
    assertThat(Cli.run("dnskey", ED25519_KEY).out()).contains("key tag 3613")
        .contains("example.com. IN DS 3613 15 2 3aa5ab37efce57f737fc1627013fee07bdf241bd10f3b1964ab55c78e79a304b");
  }

  @Test
  void dnskey_goodKey_isAcceptableWithExit0() {
    Cli cli = Cli.run("dnskey", P256_KEY);

    assertThat(cli.exit()).as(cli.toString()).isZero();
    assertThat(cli.out()).contains("ECDSAP256SHA256").contains("KSK (SEP)").contains("acceptable")
        .doesNotContain("ERROR").doesNotContain("WARNING");
  }

  @Test
  void dnskey_registryLine_needsOwnerForTheDs() {
    Cli without = Cli.run("dnskey", "Dnskey: 257 3 13 " + P256_BASE64);
    Cli with = Cli.run("dnskey", "--owner", "example.net", "Dnskey: 257 3 13 " + P256_BASE64);

    assertThat(without.exit()).isZero();
    assertThat(without.out()).contains("key tag 55648").contains("--owner");
    assertThat(with.out()).contains("example.net. IN DS 55648 13 2 b4c8c1fe");
  }

  @Test
  void dnskey_rsaSha1_isAcceptedWithRfc8624Warning() {
    Cli cli = Cli.run("dnskey", RSASHA1_KEY);

    assertThat(cli.exit()).isZero();
    assertThat(cli.out()).contains("WARNING RFC 8624 says NOT RECOMMENDED to sign with algorithm 5 (RSASHA1)");
  }

  @Test
  void dnskey_truncatedEcKey_isAnError() {
    String truncated = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(Base64.getDecoder().decode(P256_BASE64), 60));

    Cli cli = Cli.run("dnskey", "257 3 13 " + truncated);

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.out()).contains("ERROR ECDSA P-256 public key must be 64 bytes (x and y), found 60");
  }

  @Test
  void dnskey_pointOffTheCurve_isAnError() {
    byte[] key = Base64.getDecoder().decode(P256_BASE64);
    key[63] ^= 1;

    Cli cli = Cli.run("dnskey", "257 3 13 " + Base64.getEncoder().encodeToString(key));

    assertThat(cli.out()).contains("ERROR ECDSA P-256 public key is not a point on the curve");
  }

  @Test
  void dnskey_truncatedRsaKey_isAnError() {
    Cli cli = Cli.run("dnskey", "256 3 8 AwEAAcFc");

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.out()).contains("ERROR RSA modulus of").contains("is outside 512..4096");
  }

  @Test
  void dnskey_badFlagsProtocolAndPrivateAlgorithm_areErrors() {
    Cli cli = Cli.run("dnskey", "385 4 253 " + P256_BASE64);

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.out()).contains("ERROR flags 385 must be 256 (zone key) or 257 (zone key, SEP): the REVOKE bit")
        .contains("ERROR protocol 4 must be 3").contains("ERROR algorithm 253 (PRIVATEDNS) is for private use");
  }

  @Test
  void dnskey_registryAlgorithmList_isConfigurable() {
    Cli cli = Cli.run("dnskey", "--algorithms", "3,5,6,7,8,10,12,13,14", ED25519_KEY);

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.out()).contains("ERROR algorithm 15 (ED25519) is not accepted");
  }

  @Test
  void dnskey_keySplitOverLines_breaksTheOneLineRule() {
    Cli cli = Cli.run("dnskey", "example.net. IN DNSKEY 257 3 13 ( " + P256_BASE64.substring(0, 40) + "\n"
        + P256_BASE64.substring(40) + " )");

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.out()).contains("key tag 55648").contains("ERROR the public key must be base64 on one line");
  }

  @Test
  void ds_wrongBase64_isOneLineWithExit2() {
    Cli cli = Cli.run("ds", "--owner", "example.net", "257 3 13 Goj!hhXUN");

    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.err().lines()).singleElement().asString().startsWith("dane ds: the public key is not valid base64");
  }

  @Test
  void ds_notADnskeyAtAll_isOneLineWithExit2() {
    Cli cli = Cli.run("ds", "hello world");

    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.err().lines()).singleElement().asString().startsWith("dane ds: no DNSKEY found");
  }

  @Test
  void ds_brokenKey_printsNoDsUnlessForced() {
    Cli refused = Cli.run("ds", "--owner", "example.net", "256 3 8 AwEAAcFc");
    Cli forced = Cli.run("ds", "--owner", "example.net", "--force", "256 3 8 AwEAAcFc");

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err()).contains("RSA modulus");
    assertThat(forced.out()).contains("example.net. IN DS");
  }

  @Test
  void ds_zoneFileWithSeveralRecords_printsEveryKey() {
    Cli cli = Cli.run("ds", P256_KEY + "\n" + "example.net. 3600 IN SOA a. b. 1 2 3 4 5\n" + RSASHA256_KEY);

    assertThat(cli.out().lines()).hasSize(4);
  }
}
