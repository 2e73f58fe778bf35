package org.dane4j.benchmarks;

import java.security.Principal;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;

/**
 * An SSLSocket frozen in the middle of a TLS 1.3 client handshake with {@code host}: what a
 * trust manager sees when JSSE calls {@code checkServerTrusted(chain, authType, socket)}.
 * It answers the calls trust managers make (the handshake session with its peer host, SNI
 * and signature algorithms; the SSL parameters with the endpoint identification algorithm),
 * so the benchmark measures the trust managers, not a network handshake.
 */
final class HandshakeSocket extends SSLSocket {
  // The JCA names JSSE reports for TLS 1.3 signature schemes (ExtendedSSLSession).
  private static final String[] SIGNATURE_SCHEMES = {"SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA",
      "RSASSA-PSS", "SHA256withRSA", "SHA384withRSA", "SHA512withRSA", "Ed25519"};

  private final Session session;
  private final String endpointIdentification;

  /**
   * @param host the server name the client connected to (peer host and SNI)
   * @param endpointIdentification "HTTPS" or "LDAPS" for a JSSE name check, or {@code null}
   */
  HandshakeSocket(String host, String endpointIdentification) {
    this.session = new Session(host);
    this.endpointIdentification = endpointIdentification;
  }

  @Override
  public boolean isConnected() {
    return true;
  }

  @Override
  public SSLSession getHandshakeSession() {
    return session;
  }

  @Override
  public SSLParameters getSSLParameters() {
    SSLParameters parameters = new SSLParameters();
    parameters.setEndpointIdentificationAlgorithm(endpointIdentification);
    parameters.setServerNames(List.of(new SNIHostName(session.host)));
    return parameters;
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return new String[] {"TLS_AES_128_GCM_SHA256"};
  }

  @Override
  public String[] getEnabledCipherSuites() {
    return getSupportedCipherSuites();
  }

  @Override
  public void setEnabledCipherSuites(String[] suites) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String[] getSupportedProtocols() {
    return new String[] {"TLSv1.3"};
  }

  @Override
  public String[] getEnabledProtocols() {
    return getSupportedProtocols();
  }

  @Override
  public void setEnabledProtocols(String[] protocols) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SSLSession getSession() {
    return session;
  }

  @Override
  public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void startHandshake() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void setUseClientMode(boolean mode) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean getUseClientMode() {
    return true;
  }

  @Override
  public void setNeedClientAuth(boolean need) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean getNeedClientAuth() {
    return false;
  }

  @Override
  public void setWantClientAuth(boolean want) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean getWantClientAuth() {
    return false;
  }

  @Override
  public void setEnableSessionCreation(boolean flag) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean getEnableSessionCreation() {
    return true;
  }

  /** The handshake session: peer host, SNI, TLS 1.3, signature schemes. */
  private static final class Session extends ExtendedSSLSession {
    private final String host;
    private final long created = System.currentTimeMillis();

    Session(String host) {
      this.host = host;
    }

    @Override
    public String[] getLocalSupportedSignatureAlgorithms() {
      return SIGNATURE_SCHEMES.clone();
    }

    @Override
    public String[] getPeerSupportedSignatureAlgorithms() {
      return SIGNATURE_SCHEMES.clone();
    }

    @Override
    public List<SNIServerName> getRequestedServerNames() {
      return List.of(new SNIHostName(host));
    }

    @Override
    public List<byte[]> getStatusResponses() {
      return List.of();
    }

    @Override
    public byte[] getId() {
      return new byte[0];
    }

    @Override
    public SSLSessionContext getSessionContext() {
      return null;
    }

    @Override
    public long getCreationTime() {
      return created;
    }

    @Override
    public long getLastAccessedTime() {
      return created;
    }

    @Override
    public void invalidate() {
      // Nothing is cached for this session.
    }

    @Override
    public boolean isValid() {
      return true;
    }

    @Override
    public void putValue(String name, Object value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object getValue(String name) {
      return null;
    }

    @Override
    public void removeValue(String name) {
      // No values are held.
    }

    @Override
    public String[] getValueNames() {
      return new String[0];
    }

    @Override
    public Certificate[] getPeerCertificates() {
      return new Certificate[0];
    }

    @Override
    public Certificate[] getLocalCertificates() {
      return null;
    }

    @Override
    public Principal getPeerPrincipal() {
      return null;
    }

    @Override
    public Principal getLocalPrincipal() {
      return null;
    }

    @Override
    public String getCipherSuite() {
      return "TLS_AES_128_GCM_SHA256";
    }

    @Override
    public String getProtocol() {
      return "TLSv1.3";
    }

    @Override
    public String getPeerHost() {
      return host;
    }

    @Override
    public int getPeerPort() {
      return 25;
    }

    @Override
    public int getPacketBufferSize() {
      return 16709;
    }

    @Override
    public int getApplicationBufferSize() {
      return 16384;
    }
  }
}
