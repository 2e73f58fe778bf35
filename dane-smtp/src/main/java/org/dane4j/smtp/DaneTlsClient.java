package org.dane4j.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.dane4j.core.DaneVerifier;
import org.dane4j.core.TlsaRecord;
import org.dane4j.smtp.internal.DaneTrustManager;

/**
 * The TLS client setup for one delivery target: sockets and engines that authenticate the
 * server with the DANE trust manager bound to the target's TLSA records, reference
 * names and {@link TlsRequirement}, and that follow RFC 7672 section 8:
 *
 * <ul>
 *   <li>SNI is the TLSA base domain, set explicitly (JSSE sends none for a name without a
 *       dot, or when connecting by address as RFC 7672 clients do) (section 8.1);
 *   <li>only TLS 1.2 and 1.3, and only cipher suites that authenticate the server: no
 *       anonymous or NULL suites, which would skip the trust manager (section 8.2);
 *   <li>every connection gets its own {@link SSLContext} and trust manager, so a TLS session
 *       is never resumed: a resumed session skips the trust manager, and a TLSA change since
 *       the last connection must be checked again (RFC-CHECKLIST item 28);
 *   <li>no PKIX fallback and no JSSE host name check: see the DANE trust manager.
 * </ul>
 *
 * <p>For STARTTLS, layer TLS over the connected plain socket with
 * {@code socketFactory().createSocket(socket, host, port, true)}, as Jakarta Mail does with
 * {@code mail.smtp.ssl.socketFactory}; for an {@code SSLEngine}-based client use
 * {@link #createEngine(String, int)}. After the handshake, {@link #outcome(SSLSocket)}
 * says how the server was authenticated. The configuration is immutable; the class is
 * thread-safe.
 */
public final class DaneTlsClient {
  private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** The configured trust manager; each connection gets a fresh copy of it. */
  private final DaneTrustManager configured;
  private final Optional<String> serverName;
  private final Map<Object, DaneTrustManager> trustManagers = Collections.synchronizedMap(new WeakHashMap<>());
  private volatile DaneTrustManager latest;

  private DaneTlsClient(DaneTrustManager configured, Optional<String> serverName) {
    this.configured = configured;
    this.serverName = serverName;
  }

  /** A builder; reference names and the requirement must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The TLSA records the server is checked against. */
  public List<TlsaRecord> tlsa() {
    return configured.tlsa();
  }

  /** The reference names for DANE-TA(2), the TLSA base domain first. */
  public List<String> referenceNames() {
    return configured.referenceNames();
  }

  /** The target's TLS requirement. */
  public TlsRequirement requirement() {
    return configured.requirement();
  }

  /** The verifier every connection's trust manager uses. */
  public DaneVerifier verifier() {
    return configured.verifier();
  }

  /** The SNI name sent in the handshake; empty for an address-literal target. */
  public Optional<String> serverName() {
    return serverName;
  }

  /**
   * A socket factory whose sockets are DANE-checked. Each socket it creates has its own
   * TLS context, so sessions are never resumed. Suitable for Jakarta Mail's
   * {@code mail.smtp.ssl.socketFactory}.
   */
  public SSLSocketFactory socketFactory() {
    return new DaneSocketFactory();
  }

  /**
   * A client-mode engine for one connection to the target, configured like the sockets of
   * {@link #socketFactory()}.
   *
   * @param peerHost the host (or address) connected to, for JSSE's bookkeeping only; SNI is
   *     always {@link #serverName()}
   * @param peerPort the port connected to
   * @throws IllegalStateException if the JDK cannot create a TLS context
   */
  public SSLEngine createEngine(String peerHost, int peerPort) {
    DaneTrustManager trustManager = newTrustManager();
    SSLContext context = newContext(trustManager);
    SSLEngine engine = context.createSSLEngine(peerHost, peerPort);
    engine.setUseClientMode(true);
    engine.setSSLParameters(parameters(context));
    register(engine, trustManager);
    return engine;
  }

  /**
   * The SSL parameters every connection uses: SNI, protocols and cipher suites, for a client
   * that configures its own sockets.
   */
  public SSLParameters sslParameters() {
    return parameters(newContext(newTrustManager()));
  }

  /** How the server of this socket (created by {@link #socketFactory()}) was judged; empty before its handshake. */
  public Optional<TrustOutcome> outcome(SSLSocket socket) {
    return outcomeOf(socket);
  }

  /** How the server of this engine (created by {@link #createEngine}) was judged; empty before its handshake. */
  public Optional<TrustOutcome> outcome(SSLEngine engine) {
    return outcomeOf(engine);
  }

  /** The decision on the handshake of the connection created last; empty before its handshake. */
  public Optional<TrustOutcome> latestOutcome() {
    DaneTrustManager trustManager = latest;
    return trustManager == null ? Optional.empty() : trustManager.outcome();
  }

  /** The requirement, SNI name, reference names and TLSA records, for logs. */
  @Override
  public String toString() {
    return "DaneTlsClient[" + requirement() + ", SNI " + serverName.orElse("(none)") + ", names "
        + referenceNames() + ", TLSA " + tlsa() + "]";
  }

  private Optional<TrustOutcome> outcomeOf(Object connection) {
    DaneTrustManager trustManager = trustManagers.get(connection);
    return trustManager == null ? Optional.empty() : trustManager.outcome();
  }

  private DaneTrustManager newTrustManager() {
    return configured.forNextConnection();
  }

  private static SSLContext newContext(DaneTrustManager trustManager) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK cannot create a TLS client context: " + e.getMessage(), e);
    }
  }

  private SSLParameters parameters(SSLContext context) {
    SSLParameters parameters = context.getDefaultSSLParameters();
    List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
    parameters.setProtocols(PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
    parameters.setCipherSuites(Arrays.stream(parameters.getCipherSuites())
        .filter(DaneTlsClient::authenticatesServer).toArray(String[]::new));
    List<SNIServerName> sni = serverName.<List<SNIServerName>>map(name -> List.of(new SNIHostName(name)))
        .orElse(List.of());
    parameters.setServerNames(sni);
    return parameters;
  }

  /** Whether a name is an IPv4 or IPv6 address literal, bare or in brackets ({@code [192.0.2.1]}). */
  static boolean isAddressLiteral(String name) {
    String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    return bare.contains(":") || bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /** RFC 7672 section 8.2: anonymous and NULL-encryption suites are never offered. */
  static boolean authenticatesServer(String suite) {
    String upper = suite.toUpperCase(Locale.ROOT);
    return !upper.contains("_ANON_") && !upper.contains("_NULL_") && !upper.endsWith("_NULL")
        && !upper.contains("_EXPORT_");
  }

  private void register(Object connection, DaneTrustManager trustManager) {
    trustManagers.put(connection, trustManager);
    latest = trustManager;
  }

  private SSLSocket configure(Socket socket, SSLContext context, DaneTrustManager trustManager) {
    SSLSocket tls = (SSLSocket) socket;
    tls.setSSLParameters(parameters(context));
    register(tls, trustManager);
    return tls;
  }

  /**
   * Options of a {@link DaneTlsClient}: those of its the DANE trust manager (TLSA records,
   * reference names, requirement, verifier) and the SNI name.
   */
  public static final class Builder {
    private final DaneTrustManager.Builder trust = DaneTrustManager.builder();
    private Optional<String> serverName;

    private Builder() {
    }

    /** The target's TLSA records; default none. Copied. */
    public Builder tlsa(Collection<TlsaRecord> records) {
      trust.tlsa(records);
      return this;
    }

    /**
     * The reference names (RFC 7672 section 3.2.2), the TLSA base domain first. Required.
     * Unless {@link #serverName(String)} says otherwise, the first is also the SNI name.
     */
    public Builder referenceNames(Collection<String> names) {
      trust.referenceNames(names);
      return this;
    }

    /** The target's TLS requirement. Required; {@link TlsRequirement#UNREACHABLE} is refused. */
    public Builder requirement(TlsRequirement requirement) {
      trust.requirement(requirement);
      return this;
    }

    /**
     * The SNI name (RFC 7672 section 8.1: the TLSA base domain); default the first
     * reference name. A trailing dot is dropped; {@code null} sends no SNI.
     *
     * @throws IllegalArgumentException if the name is not a valid SNI host name
     */
    public Builder serverName(String name) {
      this.serverName = sni(name);
      return this;
    }

    /**
     * The verifier; default a new one with the SMTP profile and the system clock. Every
     * connection of the client shares it.
     */
    public Builder verifier(DaneVerifier verifier) {
      trust.verifier(verifier);
      return this;
    }

    /**
     * The client setup.
     *
     * @throws IllegalStateException if the reference names or the requirement are missing,
     *     or DANE authentication is required without TLSA records
     * @throws IllegalArgumentException if the default SNI name is not a valid host name
     */
    public DaneTlsClient build() {
      // Fails here, not in a handshake, when DANE is required without records.
      DaneTrustManager configured = trust.build();
      String baseDomain = configured.referenceNames().get(0);
      Optional<String> sni = serverName != null ? serverName
          : isAddressLiteral(baseDomain) ? Optional.empty() : sni(baseDomain);
      return new DaneTlsClient(configured, sni);
    }

    private static Optional<String> sni(String name) {
      if (name == null) {
        return Optional.empty();
      }
      String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
      try {
        return Optional.of(new SNIHostName(bare).getAsciiName());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Not a valid SNI host name: '" + name + "' (" + e.getMessage() + ")", e);
      }
    }

  }

  /** One way of creating a socket with a context's plain socket factory. */
  private interface SocketCreation {
    Socket create(SSLSocketFactory factory) throws IOException;
  }

  /** Creates each socket with a fresh context and trust manager (no session resumption). */
  private final class DaneSocketFactory extends SSLSocketFactory {

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
      return create(factory -> factory.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
      return create(SSLSocketFactory::createSocket);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return create(factory -> factory.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return create(factory -> factory.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return create(factory -> factory.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return create(factory -> factory.createSocket(address, port, localAddress, localPort));
    }

    private Socket create(SocketCreation creation) throws IOException {
      DaneTrustManager trustManager = newTrustManager();
      SSLContext context = newContext(trustManager);
      return configure(creation.create(context.getSocketFactory()), context, trustManager);
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return sslParameters().getCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return sslParameters().getCipherSuites();
    }
  }
}
