package org.dane4j.testkit.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message a {@link TestSmtpServer} accepted: the SMTP envelope, the raw message as
 * received after DATA (dot-stuffing undone, CRLF line ends kept), and what protected the
 * connection it came over.
 *
 * @param envelopeFrom the reverse path of MAIL FROM, without angle brackets ({@code ""} for the null path)
 * @param envelopeRecipients the forward paths of the accepted RCPT TO commands, in order
 * @param data the raw message bytes; use {@link #content()} for text
 * @param tls the TLS state of the connection when the message was accepted
 */
public record ReceivedMessage(String envelopeFrom, List<String> envelopeRecipients, byte[] data, TlsInfo tls) {

  /** Copies the recipients and the data. */
  public ReceivedMessage {
    Objects.requireNonNull(envelopeFrom, "envelopeFrom");
    envelopeRecipients = List.copyOf(envelopeRecipients);
    data = data.clone();
    Objects.requireNonNull(tls, "tls");
  }

  /** A copy of the raw message bytes. */
  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The raw message decoded as UTF-8 (header lines and body as sent). */
  public String content() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /** Whether the message came over a connection protected by STARTTLS. */
  public boolean overTls() {
    return tls.protocol().isPresent();
  }

  /** Equal when envelope, data and TLS state are equal (the data by content). */
  @Override
  public boolean equals(Object other) {
    return other instanceof ReceivedMessage that
        && envelopeFrom.equals(that.envelopeFrom)
        && envelopeRecipients.equals(that.envelopeRecipients)
        && Arrays.equals(data, that.data)
        && tls.equals(that.tls);
  }

  /** Consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    return Objects.hash(envelopeFrom, envelopeRecipients, Arrays.hashCode(data), tls);
  }

  /** {@code "from <a@x> to [b@y] (TLSv1.3 ..., 123 bytes)"}. */
  @Override
  public String toString() {
    return "from <" + envelopeFrom + "> to " + envelopeRecipients + " (" + tls + ", " + data.length + " bytes)";
  }

  /**
   * What protected an SMTP connection of the test server.
   *
   * @param protocol the negotiated TLS protocol, e.g. {@code TLSv1.3}; empty for cleartext
   * @param cipherSuite the negotiated cipher suite; empty for cleartext
   * @param serverName the SNI host name the client sent; empty when it sent none (or in cleartext)
   */
  public record TlsInfo(Optional<String> protocol, Optional<String> cipherSuite, Optional<String> serverName) {

    /** The state of a connection without TLS. */
    public static final TlsInfo CLEARTEXT = new TlsInfo(Optional.empty(), Optional.empty(), Optional.empty());

    /** Rejects nulls. */
    public TlsInfo {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(cipherSuite, "cipherSuite");
      Objects.requireNonNull(serverName, "serverName");
    }

    /** {@code "cleartext"} or {@code "TLSv1.3 TLS_AES_128_GCM_SHA256 SNI mx1.example.test"}. */
    @Override
    public String toString() {
      if (protocol.isEmpty()) {
        return "cleartext";
      }
      return protocol.get() + " " + cipherSuite.orElse("?") + " SNI " + serverName.orElse("(none)");
    }
  }
}
