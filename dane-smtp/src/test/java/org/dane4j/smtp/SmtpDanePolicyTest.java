package org.dane4j.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import java.util.Properties;
import org.dane4j.core.dns.DnssecResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-domain policies of {@link SmtpDane} and the shorthand of {@link DaneMailer.Builder}; no lookups. */
class SmtpDanePolicyTest {
  private final DnssecResolver resolver = DnssecResolver.system();

  @AfterEach
  void closeResolver() {
    resolver.close();
  }

  @Test
  void policyFor_ignoresCaseAndTrailingDot() {
    SmtpDane dane = SmtpDane.builder().resolver(resolver).policy("Bank.Example.", SmtpTlsPolicy.MANDATORY_DANE).build();

    assertThat(dane.policyFor("BANK.example.")).isEqualTo(SmtpTlsPolicy.MANDATORY_DANE);
    assertThat(dane.policyFor("other.example")).isEqualTo(SmtpTlsPolicy.DANE);
  }

  @Test
  void mailerBuilder_secondBuild_seesPolicySetAfterTheFirst() {
    DaneMailer.Builder builder = DaneMailer.builder().session(Session.getInstance(new Properties())).resolver(resolver);
    builder.build();

    DaneMailer later = builder.policy("bank.example", SmtpTlsPolicy.MANDATORY_DANE).build();

    assertThat(later.toString()).contains("bank.example=MANDATORY_DANE");
  }
}
