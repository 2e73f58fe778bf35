package org.dane4j.smtp;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dane4j.core.DaneResult;
import org.dane4j.core.dns.DnssecResolver;
import org.dane4j.smtp.internal.SessionGuard;
import org.dane4j.smtp.internal.SmtpFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a Jakarta Mail message straight to each recipient domain's MX hosts (or to one
 * relay), with DANE (RFC 7672), and reports per domain what happened.
 *
 * <pre>{@code
 * DaneMailer mailer = DaneMailer.builder()
 *     .session(session)                                   // your usual Session (From, timeouts, ...)
 *     .resolver(DnssecResolver.system())                  // or .smtpDane(...) for a configured engine
 *     .policy("bank.example", SmtpTlsPolicy.MANDATORY_DANE)   // every other domain: opportunistic DANE
 *     .build();
 * DeliveryReport report = mailer.send(message);
 * for (DomainDelivery d : report.domains()) {
 *   log.info("{}", d);   // example.org: delivered to mx1.example.org[192.0.2.1]:25, TLSv1.3, ..., verified by DANE-EE(3) ...
 * }
 * }</pre>
 *
 * <p>For every domain among the recipients (To, Cc and Bcc, or the envelope recipients
 * given) it plans delivery with {@link SmtpDane}, then tries the targets in MX preference
 * order, skipping unusable ones, connecting only to their validated addresses (never
 * resolving a host name again, RFC-CHECKLIST item 30). On each connection the Angus Mail
 * SMTP transport is configured from the target:
 *
 * <ul>
 *   <li>{@code mail.smtp.host} is the validated address and {@code mail.smtp.port} the plan's port;
 *   <li>STARTTLS is always attempted, and required ({@code mail.smtp.starttls.required})
 *       whenever the target requires TLS;
 *   <li>{@code mail.smtp.ssl.socketFactory} is the target's {@link DaneTlsClient} socket
 *       factory (SNI = TLSA base domain, DANE trust manager, no resumption);
 *   <li>settings that would weaken or bypass it are removed from the copy of the session's
 *       properties: {@code mail.smtp.ssl.enable}, {@code .ssl.trust}, {@code .ssl.hostnameverifier},
 *       {@code .ssl.protocols}, {@code .ssl.ciphersuites}, {@code .ssl.socketFactory.class},
 *       {@code .socketFactory*}, {@code .auth} (SMTP AUTH is only for a relay, with
 *       {@link Builder#relayLogin}); the plain socket factory is dane4j's own, which
 *       enforces the deadlines and reply limits below.
 * </ul>
 *
 * <p>Every connection is bounded: by a {@link Builder#connectionDeadline connection deadline}
 * (default 5 minutes) until it is ready for the message, and a
 * {@link Builder#messageDeadline message deadline} (default 10 minutes) for the message
 * itself, in the spirit of Postfix's {@code smtp_helo_timeout} and
 * {@code smtp_data_done_timeout}; the TCP connect by {@code mail.smtp.connectiontimeout}
 * (default here 30 s, Postfix's {@code smtp_connect_timeout}) and each read and write by
 * {@code mail.smtp.timeout} and {@code mail.smtp.writetimeout} (default here 60 s). Reply
 * lines longer than 4096 bytes and replies longer than 64 KiB end the connection. A broken
 * bound is a temporary failure ({@link AttemptResult#CONNECTION_FAILED}), never a bounce.
 *
 * <p>The first server to accept the message ends the domain's delivery; a permanent (5xx)
 * refusal ends it too; anything else moves on to the next address or MX host. When no
 * target is left the domain is {@link DeliveryStatus#DEFERRED deferred}. Each attempt is
 * logged at INFO in one line. {@link #send} never throws for delivery problems: they are in
 * the report. Thread-safe.
 */
public final class DaneMailer {
  private static final Logger LOG = LoggerFactory.getLogger(DaneMailer.class);
  private static final List<String> REMOVED_PROPERTIES = List.of("mail.smtp.ssl.enable", "mail.smtp.ssl.trust",
      "mail.smtp.ssl.hostnameverifier", "mail.smtp.ssl.protocols", "mail.smtp.ssl.ciphersuites",
      "mail.smtp.ssl.socketFactory.class", "mail.smtp.ssl.socketFactory.port", "mail.smtp.socketFactory",
      "mail.smtp.socketFactory.class", "mail.smtp.socketFactory.fallback", "mail.smtp.socketFactory.port",
      "mail.smtp.auth", "mail.smtp.host", "mail.smtp.port");
  /**
   * Settings DaneMailer cannot honour: it hands Angus its own guarded socket factory, and
   * Angus uses a SOCKS or HTTP proxy only when it makes the socket itself.
   */
  private static final List<String> REFUSED_PROPERTIES = List.of("mail.smtp.socks.host", "mail.smtp.proxy.host");

  /** Default of {@link Builder#connectionDeadline}: Postfix's smtp_helo_timeout (300 s). */
  public static final Duration DEFAULT_CONNECTION_DEADLINE = Duration.ofMinutes(5);
  /** Default of {@link Builder#messageDeadline}: Postfix's smtp_data_done_timeout (600 s). */
  public static final Duration DEFAULT_MESSAGE_DEADLINE = Duration.ofMinutes(10);

  private final Session session;
  private final SmtpDane dane;
  private final String relayHost;
  private final int relayPort;
  private final Duration connectionDeadline;
  private final Duration messageDeadline;
  private final String ehloName;
  private final String loginUser;
  private final char[] loginPassword;
  private final boolean loginWithoutDane;

  private DaneMailer(Builder builder, SmtpDane dane, String ehloName) {
    this.session = builder.session;
    this.dane = dane;
    this.relayHost = builder.relayHost;
    this.relayPort = builder.relayPort;
    this.connectionDeadline = builder.connectionDeadline;
    this.messageDeadline = builder.messageDeadline;
    this.ehloName = ehloName;
    this.loginUser = builder.loginUser;
    this.loginPassword = builder.loginPassword == null ? null : builder.loginPassword.clone();
    this.loginWithoutDane = builder.loginWithoutDane;
  }

  /** The name this mailer sends in EHLO ({@code mail.smtp.localhost}). */
  public String ehloName() {
    return ehloName;
  }

  /** A builder; the session and the {@link SmtpDane} engine are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends the message to all its recipients (To, Cc, Bcc). Like {@code Transport.send}, it
   * first calls {@code message.saveChanges()}.
   *
   * @throws MessagingException if the message cannot be read or has a recipient that is not an
   *     address with a domain
   */
  public DeliveryReport send(Message message) throws MessagingException {
    Address[] recipients = message.getAllRecipients();
    if (recipients == null || recipients.length == 0) {
      throw new MessagingException("The message has no recipients");
    }
    return send(message, recipients);
  }

  /**
   * Sends the message to the given envelope recipients, grouped by domain.
   *
   * @throws MessagingException if the message cannot be read or a recipient is not an
   *     address with a domain
   */
  public DeliveryReport send(Message message, Address[] recipients) throws MessagingException {
    Objects.requireNonNull(message, "message");
    Map<String, List<Address>> byDomain = group(recipients);
    message.saveChanges();
    Map<String, CompletableFuture<DeliveryPlan>> plans = new LinkedHashMap<>();
    for (String domain : byDomain.keySet()) {
      try {
        plans.put(domain, (relayHost == null ? dane.plan(domain) : dane.planRelay(relayHost, relayPort))
            .toCompletableFuture());
      } catch (IllegalArgumentException e) {
        // A malformed domain (thrown at once, before any lookup) fails that domain only, permanently.
        plans.put(domain, CompletableFuture.failedFuture(new MalformedDestination(e)));
      }
    }
    List<DomainDelivery> deliveries = new ArrayList<>();
    for (Map.Entry<String, List<Address>> entry : byDomain.entrySet()) {
      deliveries.add(deliver(entry.getKey(), entry.getValue(), plans.get(entry.getKey()), message));
    }
    return new DeliveryReport(deliveries);
  }

  private Map<String, List<Address>> group(Address[] recipients) throws MessagingException {
    Map<String, List<Address>> byDomain = new LinkedHashMap<>();
    for (Address recipient : recipients) {
      if (!(recipient instanceof InternetAddress internet) || internet.getAddress() == null
          || internet.getAddress().lastIndexOf('@') < 1 || internet.getAddress().endsWith("@")) {
        throw new MessagingException("Recipient " + recipient + " is not an address with a domain");
      }
      String address = internet.getAddress();
      String domain = relayHost != null ? relayHost
          : address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
      byDomain.computeIfAbsent(domain, d -> new ArrayList<>()).add(recipient);
    }
    return byDomain;
  }

  private DomainDelivery deliver(String domain, List<Address> recipients, CompletableFuture<DeliveryPlan> planning,
      Message message) {
    List<String> names = recipients.stream().map(a -> ((InternetAddress) a).getAddress()).toList();
    DeliveryPlan plan;
    try {
      plan = planning.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      // Only a malformed destination is permanent; whatever else broke planning is temporary.
      DeliveryStatus status = cause instanceof MalformedDestination ? DeliveryStatus.FAILED : DeliveryStatus.DEFERRED;
      String why = "planning failed: " + SmtpFailures.describe(cause instanceof MalformedDestination ? cause.getCause()
          : cause);
      if (status == DeliveryStatus.FAILED) {
        LOG.info("Undeliverable {}: {}", domain, why);
      } else {
        LOG.warn("Deferred {}: {}", domain, why);
      }
      return new DomainDelivery(domain, names, status, null, List.of(), why);
    }
    if (!plan.isReady()) {
      DeliveryStatus status = plan.outcome().isUndeliverable() ? DeliveryStatus.FAILED : DeliveryStatus.DEFERRED;
      // A deferral here is a DNS failure or mandatory DANE unmet: a security reason, so WARN.
      if (status == DeliveryStatus.FAILED) {
        LOG.info("Undeliverable {}: {}: {}", domain, plan.outcome(), plan.detail());
      } else {
        LOG.warn("Deferred {}: {}: {}", domain, plan.outcome(), plan.detail());
      }
      return new DomainDelivery(domain, names, status, plan, List.of(), plan.outcome() + ": " + plan.detail());
    }
    Address[] envelope = recipients.toArray(Address[]::new);
    List<DeliveryAttempt> attempts = new ArrayList<>();
    for (DeliveryTarget target : plan.targets()) {
      if (!target.isUsable()) {
        attempts.add(new DeliveryAttempt(target, null, AttemptResult.SKIPPED_UNREACHABLE, ChannelSecurity.NONE, null,
            target.reason() + ": " + target.detail(), null));
        LOG.warn("Skipped {} for {}: {}: {}", target.host(), domain, target.reason(), target.detail());
        continue;
      }
      for (InetAddress address : target.addresses()) {
        DeliveryAttempt attempt = attempt(domain, target, address, message, envelope);
        attempts.add(attempt);
        if (attempt.isDelivered()) {
          return new DomainDelivery(domain, names, DeliveryStatus.DELIVERED, plan, attempts, "");
        }
        if (attempt.result().isPermanent()) {
          return new DomainDelivery(domain, names, DeliveryStatus.FAILED, plan, attempts,
              attempt.where() + " refused permanently: " + SmtpFailures.oneLine(attempt.detail()));
        }
      }
    }
    return new DomainDelivery(domain, names, DeliveryStatus.DEFERRED, plan, attempts, "no target accepted the message");
  }

  private DeliveryAttempt attempt(String domain, DeliveryTarget target, InetAddress address, Message message,
      Address[] recipients) {
    boolean daneAuthenticated = target.requirement() == TlsRequirement.DANE_AUTHENTICATED && !target.isRelaxed();
    if (loginUser != null && !daneAuthenticated && !loginWithoutDane) {
      return logged(domain, new DeliveryAttempt(target, address, AttemptResult.CREDENTIALS_WITHHELD,
          ChannelSecurity.NONE, null, "relay " + target.host() + " is " + target.requirement() + " (" + target.reason()
              + "), not DANE-authenticated, so the credentials of " + loginUser + " were not offered to it; "
              + "publish TLSA records for the relay, or allow insecureLoginWithoutDane()", null));
    }
    DaneTlsClient tls = target.tlsClient();
    SessionGuard guard = new SessionGuard(target.host() + "[" + address.getHostAddress() + "]:" + target.port());
    Session connection = Session.getInstance(properties(target, address, tls, guard));
    Transport transport;
    try {
      transport = connection.getTransport("smtp");
    } catch (MessagingException e) {
      throw new IllegalStateException("No SMTP transport: is Eclipse Angus Mail on the class path?", e);
    }
    DeliveryAttempt attempt;
    try {
      attempt = converse(target, address, tls, guard, transport, message, recipients);
    } finally {
      // QUIT is still bounded by the deadline of the phase that ended.
      close(transport);
      guard.close();
    }
    return logged(domain, attempt);
  }

  private DeliveryAttempt converse(DeliveryTarget target, InetAddress address, DaneTlsClient tls, SessionGuard guard,
      Transport transport, Message message, Address[] recipients) {
    try {
      guard.begin("connection setup (connect, greeting, EHLO, STARTTLS" + (loginUser == null ? ")" : ", AUTH)"),
          connectionDeadline);
      if (loginUser == null) {
        transport.connect();
      } else {
        transport.connect(loginUser, new String(loginPassword));
      }
    } catch (MessagingException e) {
      return connectFailure(target, address, tls, e, guard);
    }
    try {
      guard.begin("message transfer (MAIL, RCPT, DATA, QUIT)", messageDeadline);
      transport.sendMessage(message, recipients);
      return success(target, address, tls);
    } catch (MessagingException e) {
      OptionalInt code = SmtpFailures.replyCode(e);
      AttemptResult result = code.isEmpty() || guard.violation().isPresent() ? AttemptResult.CONNECTION_FAILED
          : code.getAsInt() >= 500 ? AttemptResult.REJECTED_PERMANENTLY : AttemptResult.REJECTED_TEMPORARILY;
      return new DeliveryAttempt(target, address, result, security(target, tls), tls.latestOutcome().orElse(null),
          describe(e, guard), wouldHaveFailed(target, tls));
    }
  }

  /** The failure in words, led by the limit the session broke, if it broke one. */
  private static String describe(MessagingException failure, SessionGuard guard) {
    String described = SmtpFailures.describe(failure);
    return guard.violation().map(v -> Stream.concat(Stream.of(v), described.lines().filter(line -> !line.equals(v)))
        .collect(Collectors.joining("\n"))).orElse(described);
  }

  private Properties properties(DeliveryTarget target, InetAddress address, DaneTlsClient tls, SessionGuard guard) {
    Properties properties = new Properties();
    Properties configured = session.getProperties();
    for (String name : configured.stringPropertyNames()) {
      properties.put(name, configured.getProperty(name));
    }
    REMOVED_PROPERTIES.forEach(properties::remove);
    properties.putAll(target.jakartaMailProperties(address, tls));
    // The guard bounds each phase and every reply; no fallback to an unguarded socket.
    properties.put("mail.smtp.socketFactory", guard.socketFactory());
    properties.put("mail.smtp.socketFactory.fallback", "false");
    properties.put("mail.smtp.ssl.socketFactory", guard.tlsSocketFactory(tls.socketFactory()));
    // Angus Mail waits forever by default; a stalled MX host must not stall delivery. The
    // connect timeout is Postfix's smtp_connect_timeout (30 s).
    properties.putIfAbsent("mail.smtp.connectiontimeout", "30000");
    properties.putIfAbsent("mail.smtp.timeout", "60000");
    properties.putIfAbsent("mail.smtp.writetimeout", "60000");
    properties.put("mail.smtp.localhost", ehloName);
    if (loginUser != null) {
      // RFC 4954 section 4: credentials only inside TLS; the DANE check runs in the handshake,
      // before AUTH, so a mismatch never sees them.
      properties.put("mail.smtp.auth", "true");
      properties.put("mail.smtp.starttls.required", "true");
    }
    return properties;
  }

  private static DeliveryAttempt success(DeliveryTarget target, InetAddress address, DaneTlsClient tls) {
    return new DeliveryAttempt(target, address, AttemptResult.DELIVERED, security(target, tls),
        tls.latestOutcome().orElse(null), "", wouldHaveFailed(target, tls));
  }

  private static DeliveryAttempt connectFailure(DeliveryTarget target, InetAddress address, DaneTlsClient tls,
      MessagingException failure, SessionGuard guard) {
    Optional<TrustOutcome> outcome = tls.latestOutcome();
    if (outcome.isPresent() && !outcome.get().accepted()) {
      String explanation = outcome.get().daneResult().map(DaneResult::explanation).orElse(SmtpFailures.describe(failure));
      return new DeliveryAttempt(target, address, AttemptResult.DANE_MISMATCH, ChannelSecurity.NONE, outcome.get(),
          explanation, null);
    }
    if (guard.violation().isPresent()) {
      return new DeliveryAttempt(target, address, AttemptResult.CONNECTION_FAILED, ChannelSecurity.NONE,
          outcome.orElse(null), describe(failure, guard), null);
    }
    AttemptResult result = SmtpFailures.isStartTlsMissing(failure) ? AttemptResult.STARTTLS_NOT_OFFERED
        : SmtpFailures.isTlsFailure(failure) ? AttemptResult.TLS_HANDSHAKE_FAILED
        : AttemptResult.CONNECTION_FAILED;
    return new DeliveryAttempt(target, address, result, ChannelSecurity.NONE, outcome.orElse(null),
        SmtpFailures.describe(failure), null);
  }

  private static ChannelSecurity security(DeliveryTarget target, DaneTlsClient tls) {
    Optional<TrustOutcome> outcome = tls.latestOutcome();
    if (outcome.isEmpty()) {
      return ChannelSecurity.CLEARTEXT;
    }
    if (!outcome.get().isDaneVerified() || target.isRelaxed()) {
      return ChannelSecurity.TLS_UNAUTHENTICATED;
    }
    return target.isMxSecure() ? ChannelSecurity.DANE_VERIFIED : ChannelSecurity.DANE_TRUSTED;
  }

  /** What enforcement would have refused, for a target whose requirement a report-only policy relaxed. */
  private static String wouldHaveFailed(DeliveryTarget target, DaneTlsClient tls) {
    if (!target.isRelaxed()) {
      return null;
    }
    if (target.reason() == TargetReason.TLSA_LOOKUP_FAILED) {
      return target.reason() + ": " + target.detail();
    }
    Optional<DaneResult> result = tls.latestOutcome().flatMap(TrustOutcome::daneResult);
    if (result.isPresent() && result.get().status() == DaneResult.Status.FAILED) {
      return AttemptResult.DANE_MISMATCH + ": " + result.get().explanation();
    }
    return null;
  }

  /**
   * One INFO line per delivery in Postfix's words ("Verified TLS connection established to
   * mx1.example.org[192.0.2.1]:25: TLSv1.3, ..."); WARN for what security refused or let
   * through (DANE mismatch, missing STARTTLS, failed handshake, report-only findings).
   */
  private static DeliveryAttempt logged(String domain, DeliveryAttempt attempt) {
    if (attempt.isDelivered()) {
      LOG.info("{} connection established to {}: {}; delivered for {}", connectionKind(attempt.security()),
          attempt.where(), attempt.channel(), domain);
      attempt.wouldHaveFailed().ifPresent(would -> LOG.warn(
          "REPORT-ONLY (INSECURE) for {} at {}: enforcement would have failed: {}", domain, attempt.where(),
          SmtpFailures.oneLine(would)));
    } else if (isSecurityRefusal(attempt.result())) {
      LOG.warn("Delivery to {} for {} refused: {}: {}", attempt.where(), domain, attempt.result(),
          SmtpFailures.oneLine(attempt.detail()));
    } else {
      LOG.info("Delivery to {} for {} failed: {}: {}", attempt.where(), domain, attempt.result(),
          SmtpFailures.oneLine(attempt.detail()));
    }
    return attempt;
  }

  private static boolean isSecurityRefusal(AttemptResult result) {
    return result == AttemptResult.DANE_MISMATCH || result == AttemptResult.STARTTLS_NOT_OFFERED
        || result == AttemptResult.TLS_HANDSHAKE_FAILED;
  }

  /** Postfix's words for the connection's trust level. */
  private static String connectionKind(ChannelSecurity security) {
    switch (security) {
      case DANE_VERIFIED:
        return "Verified TLS";
      case DANE_TRUSTED:
        return "Trusted TLS";
      case TLS_UNAUTHENTICATED:
        return "Untrusted TLS";
      default:
        return "Cleartext";
    }
  }

  private static void close(Transport transport) {
    try {
      transport.close();
    } catch (MessagingException e) {
      LOG.debug("Closing the SMTP connection failed: {}", e.toString());
    }
  }

  /** Delivery mode (MX or relay) and the planning engine, for logs. */
  @Override
  public String toString() {
    return "DaneMailer[" + (relayHost == null ? "MX delivery" : "relay " + relayHost + ":" + relayPort) + ", " + dane
        + "]";
  }

  /** A destination rejected by the planner before any lookup: the only permanent planning failure. */
  private static final class MalformedDestination extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedDestination(IllegalArgumentException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** The session's {@code mail.smtp.localhost}, this host's FQDN, or its address literal. */
  private static String defaultEhloName(Session session) {
    String configured = session.getProperty("mail.smtp.localhost");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    try {
      InetAddress local = InetAddress.getLocalHost();
      String canonical = local.getCanonicalHostName();
      boolean qualified = canonical.indexOf('.') > 0 && !canonical.toLowerCase(Locale.ROOT).startsWith("localhost")
          && !canonical.equals(local.getHostAddress());
      if (qualified) {
        return canonical;
      }
      return local instanceof Inet6Address ? "[IPv6:" + local.getHostAddress() + "]" : "[" + local.getHostAddress() + "]";
    } catch (UnknownHostException e) {
      return "[127.0.0.1]";
    }
  }

  /** Options of {@link DaneMailer}. */
  public static final class Builder {
    private Session session;
    private SmtpDane dane;
    private final SmtpDane.Builder shorthand = SmtpDane.builder();
    private boolean resolverSet;
    private final List<String> shorthandSet = new ArrayList<>();
    private String ehloName;
    private String loginUser;
    private char[] loginPassword;
    private boolean loginWithoutDane;
    private String relayHost;
    private int relayPort;
    private Duration connectionDeadline = DEFAULT_CONNECTION_DEADLINE;
    private Duration messageDeadline = DEFAULT_MESSAGE_DEADLINE;

    private Builder() {
    }

    /**
     * How long one connection may take to get ready for a message: TCP connect, greeting,
     * EHLO, STARTTLS with the TLS handshake, and EHLO again. Default
     * {@link #DEFAULT_CONNECTION_DEADLINE 5 minutes}, Postfix's {@code smtp_helo_timeout}.
     * When it passes the connection is closed and the attempt fails as
     * {@link AttemptResult#CONNECTION_FAILED} (temporary: the next address or MX host is
     * tried, then the domain is deferred), with the deadline in its detail. It bounds peers
     * that trickle replies, which the per-read {@code mail.smtp.timeout} does not.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder connectionDeadline(Duration deadline) {
      this.connectionDeadline = positive(deadline, "connection deadline");
      return this;
    }

    /**
     * How long sending the message over a ready connection may take: MAIL, RCPT, DATA, the
     * message, the server's reply to its end, and QUIT. Default
     * {@link #DEFAULT_MESSAGE_DEADLINE 10 minutes}, Postfix's {@code smtp_data_done_timeout}.
     * When it passes the connection is closed and the attempt fails as
     * {@link AttemptResult#CONNECTION_FAILED}, as for {@link #connectionDeadline}. Raise it
     * for very large messages over slow links.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder messageDeadline(Duration deadline) {
      this.messageDeadline = positive(deadline, "message deadline");
      return this;
    }

    private static Duration positive(Duration deadline, String what) {
      Objects.requireNonNull(deadline, what);
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("The " + what + " must be positive, not " + deadline);
      }
      return deadline;
    }

    /**
     * The session whose properties (timeouts, {@code mail.smtp.from}, {@code mail.smtp.localhost},
     * ...) each connection starts from. Required.
     */
    public Builder session(Session session) {
      this.session = Objects.requireNonNull(session, "session");
      return this;
    }

    /**
     * The policy engine that plans each domain. Required unless {@link #resolver} is set;
     * it cannot be combined with the shorthand options ({@link #resolver}, {@link #policy},
     * {@link #port}): set those on the {@link SmtpDane.Builder} instead.
     */
    public Builder smtpDane(SmtpDane dane) {
      this.dane = Objects.requireNonNull(dane, "dane");
      return this;
    }

    /**
     * Shorthand: plan with an {@link SmtpDane} on this resolver, with the
     * {@link #policy(SmtpTlsPolicy) policies} and {@link #port(int) port} set here. Cannot
     * be combined with {@link #smtpDane}.
     */
    public Builder resolver(DnssecResolver resolver) {
      shorthand.resolver(resolver);
      this.resolverSet = true;
      shorthandSet.add("resolver");
      return this;
    }

    /** With {@link #resolver}: the policy for every domain without its own; default {@link SmtpTlsPolicy#DANE}. */
    public Builder policy(SmtpTlsPolicy policy) {
      shorthand.policy(policy);
      shorthandSet.add("policy");
      return this;
    }

    /**
     * With {@link #resolver}: the policy for one recipient domain (or the relay host),
     * overriding the default, as {@link SmtpDane.Builder#policy(String, SmtpTlsPolicy)}.
     */
    public Builder policy(String domain, SmtpTlsPolicy policy) {
      shorthand.policy(domain, policy);
      shorthandSet.add("policy(" + domain + ")");
      return this;
    }

    /**
     * With {@link #resolver}: the SMTP port of MX hosts, also used in TLSA names
     * ({@code _<port>._tcp}); default 25. A {@link #relay} has its own port.
     *
     * @throws IllegalArgumentException if the port is outside 1..65535
     */
    public Builder port(int port) {
      shorthand.port(port);
      shorthandSet.add("port");
      return this;
    }

    /**
     * The name sent in EHLO (RFC 5321 section 4.1.1.1: the client's fully qualified domain
     * name, or an address literal). Default: the session's {@code mail.smtp.localhost}, else
     * this host's canonical name when it is fully qualified, else an address literal of this
     * host such as {@code [192.0.2.7]} (RFC 5321 section 4.1.4). Never {@code localhost}: many
     * receivers reject or score it as spam.
     *
     * @throws IllegalArgumentException if the name is empty, contains white space, or is
     *     {@code localhost}
     */
    public Builder ehloName(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)
          || name.equalsIgnoreCase("localhost") || name.toLowerCase(Locale.ROOT).startsWith("localhost.")) {
        throw new IllegalArgumentException("EHLO name must be this host's fully qualified name or an address "
            + "literal such as [192.0.2.7], not '" + name + "'");
      }
      this.ehloName = name;
      return this;
    }

    /**
     * Sends everything through one relay (smarthost) instead of the recipients' MX hosts,
     * with DANE for the relay's own TLSA records ({@link SmtpDane#planRelay}).
     *
     * @throws IllegalArgumentException if the port is outside 1..65535
     */
    public Builder relay(String host, int port) {
      this.relayHost = Objects.requireNonNull(host, "host").toLowerCase(Locale.ROOT);
      this.relayPort = SmtpDane.checkPort(port);
      return this;
    }

    /**
     * Logs in to the {@link #relay} with SMTP AUTH (RFC 4954), as a submission client does.
     * The credentials are offered only inside TLS, after the relay's certificate matched its
     * TLSA records (the relay must be DANE-authenticated); to a relay that is not, the
     * connection is not made ({@link AttemptResult#CREDENTIALS_WITHHELD}) unless
     * {@link #insecureLoginWithoutDane()} is set. They are never logged. The password is
     * copied; clear your array afterwards.
     *
     * @throws IllegalArgumentException if the user name is empty
     */
    public Builder relayLogin(String username, char[] password) {
      if (Objects.requireNonNull(username, "username").isEmpty()) {
        throw new IllegalArgumentException("The relay user name must not be empty");
      }
      this.loginUser = username;
      this.loginPassword = Objects.requireNonNull(password, "password").clone();
      return this;
    }

    /**
     * Lets {@link #relayLogin} credentials go to a relay that is not DANE-authenticated, over
     * TLS without authentication: an active attacker can read them. TLS stays required.
     */
    public Builder insecureLoginWithoutDane() {
      this.loginWithoutDane = true;
      return this;
    }

    /**
     * The mailer.
     *
     * @throws IllegalStateException if the session or the planning engine is missing
     * @throws IllegalArgumentException if the session asks for a SOCKS or HTTP proxy
     *     ({@code mail.smtp.socks.host}, {@code mail.smtp.proxy.host}), which it cannot honour
     */
    public DaneMailer build() {
      if (session == null) {
        throw new IllegalStateException("A Jakarta Mail Session is required");
      }
      for (String property : REFUSED_PROPERTIES) {
        if (session.getProperty(property) != null) {
          throw new IllegalArgumentException("The session sets " + property + "=" + session.getProperty(property)
              + ", which DaneMailer does not support: it connects to the validated addresses of each MX host "
              + "itself (RFC-CHECKLIST item 30), with its own socket factory, so a proxy would be silently ignored");
        }
      }
      if (loginUser != null && relayHost == null) {
        throw new IllegalStateException("relayLogin(...) needs relay(...): without a relay the credentials would be "
            + "offered to the MX hosts of every recipient domain");
      }
      String ehlo = ehloName != null ? ehloName : defaultEhloName(session);
      if (dane != null) {
        if (!shorthandSet.isEmpty()) {
          throw new IllegalStateException("smtpDane(...) cannot be combined with " + shorthandSet + ": those "
              + "options build an SmtpDane of their own; set them on SmtpDane.builder() instead");
        }
        return new DaneMailer(this, dane, ehlo);
      }
      if (!resolverSet) {
        throw new IllegalStateException("Either smtpDane(...) or resolver(...) is required");
      }
      // Not kept in the builder: a later build() sees later shorthand options.
      return new DaneMailer(this, shorthand.build(), ehlo);
    }
  }
}
