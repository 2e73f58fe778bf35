package org.dane4j.attacks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import org.dane4j.testkit.pki.TestCertificate;

/**
 * Server-side TLS contexts a hostile or odd server uses, beyond what
 * {@code TestCertificate.serverSslContext()} offers: any list of certificates sent as the
 * chain (duplicates, loops, forged issuers, whatever the testkit's key store would refuse),
 * a certificate chosen by the SNI name the client sent, and a context limited to some
 * protocol versions.
 */
final class ServerTls {
  private ServerTls() {
  }

  /** A server context that sends exactly these certificates, in this order, with this key. */
  static SSLContext presenting(PrivateKey key, List<X509Certificate> chain) {
    return context(new ChainKeyManager(sni -> new Presented(key, chain)));
  }

  /** A server context that sends the certificate's {@code chain()}, root included when asked. */
  static SSLContext presenting(TestCertificate certificate, boolean withRoot) {
    return presenting(certificate.keyPair().getPrivate(),
        withRoot ? certificate.chainWithRoot() : certificate.chain());
  }

  /** A server context that picks the certificate by the SNI host name, and the fallback for any other or none. */
  static SSLContext bySni(Map<String, TestCertificate> byName, TestCertificate fallback) {
    return context(new ChainKeyManager(sni -> {
      TestCertificate chosen = sni.map(byName::get).orElse(null);
      TestCertificate certificate = chosen == null ? fallback : chosen;
      return new Presented(certificate.keyPair().getPrivate(), certificate.chain());
    }));
  }

  /** The base context, with the sockets it makes for STARTTLS limited to these protocol versions. */
  static SSLContext onlyProtocols(SSLContext base, String... protocols) {
    return new RestrictedContext(base, protocols);
  }

  private static SSLContext context(KeyManager keyManager) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keyManager}, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Presented(PrivateKey key, List<X509Certificate> chain) {
  }

  private interface Chooser {
    Presented choose(Optional<String> sni);
  }

  /** Sends whatever the chooser picks for the SNI name of the handshake in progress. */
  private static final class ChainKeyManager extends X509ExtendedKeyManager {
    private final Chooser chooser;
    private final ThreadLocal<Presented> chosen = new ThreadLocal<>();

    ChainKeyManager(Chooser chooser) {
      this.chooser = chooser;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      SSLSession handshake = socket instanceof SSLSocket tls ? tls.getHandshakeSession() : null;
      return choose(keyType, handshake);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    private String choose(String keyType, SSLSession handshake) {
      Optional<String> sni = Optional.empty();
      if (handshake instanceof ExtendedSSLSession extended) {
        for (SNIServerName name : extended.getRequestedServerNames()) {
          if (name instanceof SNIHostName host) {
            sni = Optional.of(host.getAsciiName());
          }
        }
      }
      Presented presented = chooser.choose(sni);
      if (keyType == null || !keyType.startsWith(presented.key().getAlgorithm())) {
        return null;
      }
      chosen.set(presented);
      return "presented";
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      Presented presented = chosen.get();
      return presented == null ? null : presented.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      Presented presented = chosen.get();
      return presented == null ? null : presented.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[] {"presented"};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }

  /** A context whose layered sockets only enable some protocol versions. */
  private static final class RestrictedContext extends SSLContext {
    RestrictedContext(SSLContext base, String[] protocols) {
      super(new RestrictedSpi(base, protocols), base.getProvider(), base.getProtocol());
    }
  }

  private static final class RestrictedSpi extends SSLContextSpi {
    private final SSLContext base;
    private final String[] protocols;

    RestrictedSpi(SSLContext base, String[] protocols) {
      this.base = base;
      this.protocols = protocols.clone();
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
      throw new UnsupportedOperationException("already initialised");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      SSLSocketFactory factory = base.getSocketFactory();
      return new SSLSocketFactory() {
        private Socket restrict(Socket socket) {
          ((SSLSocket) socket).setEnabledProtocols(protocols);
          return socket;
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
          return restrict(factory.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
          return restrict(factory.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
          return restrict(factory.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
          return restrict(factory.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
          return restrict(factory.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
          return factory.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
          return factory.getSupportedCipherSuites();
        }
      };
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return base.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      SSLEngine engine = base.createSSLEngine();
      engine.setEnabledProtocols(protocols);
      return engine;
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      SSLEngine engine = base.createSSLEngine(host, port);
      engine.setEnabledProtocols(protocols);
      return engine;
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return base.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return base.getClientSessionContext();
    }
  }
}
