package org.dane4j.testkit.dns.internal;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP and TCP listeners on one loopback address and one ephemeral port, handing every query
 * to a {@link Responder}. One thread only drains the UDP socket into a queue, so that bursts
 * of thousands of parallel queries are not lost in the kernel's buffer; two workers answer
 * from the queue (answers are pre-signed, so answering never waits). TCP connections get a
 * thread each and may carry several queries (RFC 7766 section 6.2.1).
 */
public final class LoopbackTransport implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LoopbackTransport.class);
  private static final int BIND_ATTEMPTS = 20;
  /** Asked of the kernel; Linux caps it at net.core.rmem_max. */
  private static final int UDP_BUFFER = 8 << 20;
  /** Larger queries are not queries this server needs to understand. */
  private static final int MAX_UDP_QUERY = 4096;
  private static final int UDP_QUEUE = 65_536;
  private static final int UDP_WORKERS = 2;
  /** Only a hung thread makes close() wait this long; it then logs which one. */
  private static final Duration JOIN_BOUND = Duration.ofSeconds(30);

  private final Responder responder;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Thread udpThread;
  private final BlockingQueue<DatagramPacket> udpQueue = new ArrayBlockingQueue<>(UDP_QUEUE);
  private final ExecutorService udpWorkers;
  private final Thread tcpThread;
  private final ExecutorService connections;
  private final InetSocketAddress address;
  private final ServiceThreads threads;
  private final Set<Socket> openConnections = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Binds both listeners on the same free port of {@code address} and starts serving.
   *
   * @param address a loopback address
   * @param responder what answers the queries
   * @throws UncheckedIOException when no port could be bound
   */
  public LoopbackTransport(InetAddress address, Responder responder) {
    this.responder = responder;
    ServerSocket boundTcp = null;
    DatagramSocket boundUdp = null;
    IOException last = null;
    for (int attempt = 0; attempt < BIND_ATTEMPTS && boundUdp == null; attempt++) {
      try {
        boundTcp = new ServerSocket();
        boundTcp.bind(new InetSocketAddress(address, 0), 128);
        boundUdp = new DatagramSocket(new InetSocketAddress(address, boundTcp.getLocalPort()));
      } catch (BindException e) {
        // The UDP port of the same number was taken: try another TCP port.
        last = e;
        closeQuietly(boundTcp);
        boundTcp = null;
      } catch (IOException e) {
        closeQuietly(boundTcp);
        throw new UncheckedIOException("cannot listen on " + address, e);
      }
    }
    if (boundUdp == null) {
      throw new UncheckedIOException(
          "no port free for both UDP and TCP on " + address + " after " + BIND_ATTEMPTS
              + " attempts", last);
    }
    this.tcp = boundTcp;
    this.udp = boundUdp;
    this.address = new InetSocketAddress(address, tcp.getLocalPort());
    try {
      udp.setReceiveBufferSize(UDP_BUFFER);
    } catch (SocketException e) {
      LOG.debug("cannot enlarge the UDP receive buffer: {}", e.getMessage());
    }
    int port = tcp.getLocalPort();
    this.threads = new ServiceThreads();
    this.connections = Executors.newCachedThreadPool(threads.factory("dane4j-dns-tcp-" + port));
    this.udpWorkers = Executors.newFixedThreadPool(UDP_WORKERS, threads.factory("dane4j-dns-udp-" + port));
    for (int i = 0; i < UDP_WORKERS; i++) {
      udpWorkers.execute(this::answerUdp);
    }
    this.udpThread = threads.named(this::receiveUdp, "dane4j-dns-udp-" + port);
    this.tcpThread = threads.named(this::acceptTcp, "dane4j-dns-accept-" + port);
    udpThread.start();
    tcpThread.start();
  }

  /**
   * Returns the address both listeners are bound to.
   *
   * @return the loopback address and port
   */
  public InetSocketAddress address() {
    return address;
  }

  private void receiveUdp() {
    byte[] buffer = new byte[MAX_UDP_QUERY];
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        udp.receive(packet);
      } catch (IOException e) {
        if (!closed) {
          LOG.debug("UDP receive error: {}", e.getMessage());
        }
        continue;
      }
      byte[] query = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getLength());
      if (!udpQueue.offer(new DatagramPacket(query, query.length, packet.getSocketAddress()))) {
        LOG.debug("UDP queue full: dropping a query from {}", packet.getSocketAddress());
      }
    }
  }

  private void answerUdp() {
    while (!closed) {
      DatagramPacket query;
      try {
        query = udpQueue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        byte[] reply = responder.answer(query.getData(), true);
        if (reply != null) {
          udp.send(new DatagramPacket(reply, reply.length, query.getSocketAddress()));
        }
      } catch (IOException e) {
        if (!closed) {
          LOG.debug("UDP send error: {}", e.getMessage());
        }
      } catch (RuntimeException e) {
        LOG.error("cannot answer a UDP query", e);
      }
    }
  }

  private void acceptTcp() {
    while (!closed) {
      Socket socket;
      try {
        socket = tcp.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.debug("TCP accept error: {}", e.getMessage());
        }
        continue;
      }
      openConnections.add(socket);
      try {
        connections.execute(() -> serveTcp(socket));
      } catch (RejectedExecutionException e) {
        // close() has begun between accept and execute.
        openConnections.remove(socket);
        closeQuietly(socket);
      }
    }
  }

  private void serveTcp(Socket socket) {
    try (socket;
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
      while (!closed) {
        int length = in.readUnsignedShort();
        byte[] query = in.readNBytes(length);
        if (query.length < length) {
          return;
        }
        byte[] reply = responder.answer(query, false);
        if (reply != null) {
          // RFC 1035 section 4.2.2: two-byte length prefix; one write, one segment.
          byte[] framed = new byte[reply.length + 2];
          framed[0] = (byte) (reply.length >>> 8);
          framed[1] = (byte) reply.length;
          System.arraycopy(reply, 0, framed, 2, reply.length);
          out.write(framed);
          out.flush();
        }
      }
    } catch (EOFException e) {
      // The client closed the connection between queries: the normal end.
    } catch (IOException e) {
      if (!closed) {
        LOG.debug("TCP connection error: {}", e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.error("cannot answer a TCP query", e);
    } finally {
      openConnections.remove(socket);
    }
  }

  /**
   * Tells whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Stops both listeners, closes open connections and returns only when every thread this
   * transport started has ended (joined, not just told to stop).
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    udp.close();
    closeQuietly(tcp);
    openConnections.forEach(LoopbackTransport::closeQuietly);
    connections.shutdownNow();
    udpWorkers.shutdownNow();
    try {
      if (!threads.join(JOIN_BOUND)) {
        LOG.warn("DNS test server threads still running after {}: {}", JOIN_BOUND, threads.alive());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException e) {
      LOG.debug("close failed: {}", e.getMessage());
    }
  }
}
