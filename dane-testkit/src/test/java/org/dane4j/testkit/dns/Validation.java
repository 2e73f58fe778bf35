package org.dane4j.testkit.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/** Test helper: asks dnsjava's validator, pointed at a test server, and reads its verdict. */
final class Validation {

  private static final Duration OVERALL_TIMEOUT = Duration.ofSeconds(10);

  private final ValidatingResolver resolver;

  private Validation(ValidatingResolver resolver) {
    this.resolver = resolver;
  }

  static Validation against(TestDnsServer server) {
    return against(server, Duration.ofSeconds(2));
  }

  static Validation against(TestDnsServer server, Duration timeout) {
    try {
      SimpleResolver head = new SimpleResolver(server.address());
      head.setTimeout(timeout);
      ValidatingResolver resolver = new ValidatingResolver(head);
      resolver.loadTrustAnchors(server.tree().trustAnchorStream());
      return new Validation(resolver);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends a query and waits for the whole validation (several upstream queries, each with the
   * head's timeout: ValidatingResolver.send would apply one head timeout to all of them).
   */
  Message query(String name, String type) throws IOException {
    Record question = Record.newRecord(Name.fromString(name), Type.value(type), DClass.IN);
    try {
      return resolver.sendAsync(Message.newQuery(question)).toCompletableFuture()
          .get(OVERALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException("validation did not end within " + OVERALL_TIMEOUT, e);
    }
  }

  static boolean secure(Message m) {
    return m.getHeader().getFlag(Flags.AD);
  }

  /** The Extended DNS Error code (RFC 8914) the validator attached, or -1. */
  static int ede(Message m) {
    OPTRecord opt = m.getOPT();
    if (opt == null) {
      return -1;
    }
    List<EDNSOption> options = opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR);
    return options.isEmpty() ? -1 : ((ExtendedErrorCodeOption) options.get(0)).getErrorCode();
  }

  static List<Record> answers(Message m) {
    return m.getSection(Section.ANSWER);
  }

  /** The validator's verdict is secure NODATA: NOERROR, AD set, no answer records. */
  static void assertSecureNodata(Message m) {
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answers(m)).isEmpty();
    assertThat(secure(m)).isTrue();
  }

  /** The validator's verdict is an insecure answer: NOERROR, no AD, no EDE, a record of the type. */
  static void assertInsecureAnswer(Message m, int type) {
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(secure(m)).isFalse();
    assertThat(ede(m)).isNegative();
    assertThat(answers(m)).extracting(Record::getType).contains(type);
  }

  /** The validator's verdict is bogus: SERVFAIL, no AD, with an Extended DNS Error. */
  static void assertBogus(Message m) {
    assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(secure(m)).isFalse();
    assertThat(ede(m)).as("Extended DNS Error").isPositive();
  }
}
