package org.dane4j.testkit.dns.internal;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP and TCP listeners on one loopback address and one ephemeral port, handing every query
 * to a {@link Handler}: the serving half of both the test DNS server and the on-path attacker.
 * One thread only drains the UDP socket into a bounded queue, so that bursts of thousands of
 * parallel queries are not lost in the kernel's buffer; a few workers handle the queue. TCP
 * connections get a thread each and may carry several queries (RFC 7766 section 6.2.1).
 * {@link #close()} closes every socket and joins every thread made through {@link #threads()}.
 */
public final class DnsListeners implements AutoCloseable {

  /** Decides the fate of one query; calls {@code send} with the reply, now or later, or never. */
  public interface Handler {
    /**
     * Handles one query.
     *
     * @param query the query's wire bytes
     * @param tcp whether it came over TCP
     * @param send sends a reply to the client on the query's transport
     */
    void handle(byte[] query, boolean tcp, Consumer<byte[]> send);
  }

  private static final Logger LOG = LoggerFactory.getLogger(DnsListeners.class);
  private static final int BIND_ATTEMPTS = 20;
  /** Asked of the kernel; Linux caps it at net.core.rmem_max. */
  private static final int UDP_BUFFER = 8 << 20;
  private static final int UDP_QUEUE = 65_536;
  /** Only a hung thread makes close() wait this long; it then logs which one. */
  private static final Duration JOIN_BOUND = Duration.ofSeconds(30);

  private final String name;
  private final int maxUdpQuery;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final InetSocketAddress address;
  private final ServiceThreads threads = new ServiceThreads();
  private final ExecutorService udpWorkers;
  private final ExecutorService connections;
  private final Set<Socket> openConnections = ConcurrentHashMap.newKeySet();
  private volatile Handler handler;
  private volatile boolean closed;

  /**
   * Binds both listeners on the same free port of {@code address}; call {@link #start(Handler)}.
   *
   * @param address a loopback address
   * @param name the start of every thread name, e.g. {@code dane4j-dns}
   * @param udpWorkerCount how many threads handle UDP queries
   * @param maxUdpQuery the largest UDP query read whole; longer ones are cut
   * @throws UncheckedIOException when no port could be bound
   */
  public DnsListeners(InetAddress address, String name, int udpWorkerCount, int maxUdpQuery) {
    this.name = name;
    this.maxUdpQuery = maxUdpQuery;
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
    this.connections = Executors.newCachedThreadPool(threads.factory(name + "-tcp-" + port));
    this.udpWorkers = new ThreadPoolExecutor(udpWorkerCount, udpWorkerCount, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(UDP_QUEUE), threads.factory(name + "-udp-" + port));
  }

  /**
   * Starts listening, handing every query to the handler.
   *
   * @param queryHandler what decides about each query
   */
  public void start(Handler queryHandler) {
    this.handler = queryHandler;
    int port = address.getPort();
    threads.named(this::receiveUdp, name + "-udp-" + port).start();
    threads.named(this::acceptTcp, name + "-accept-" + port).start();
  }

  /**
   * Returns the address both listeners are bound to.
   *
   * @return the loopback address and port
   */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * Returns where the owner makes further threads, so that {@link #close()} joins them too;
   * the owner must have stopped them before.
   *
   * @return the threads of these listeners
   */
  public ServiceThreads threads() {
    return threads;
  }

  private void receiveUdp() {
    byte[] buffer = new byte[maxUdpQuery];
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
      InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
      try {
        udpWorkers.execute(() -> handle(query, false, reply -> sendUdp(reply, client)));
      } catch (RejectedExecutionException e) {
        if (closed) {
          return;
        }
        LOG.debug("UDP queue full: dropping a query from {}", client);
      }
    }
  }

  private void sendUdp(byte[] reply, InetSocketAddress client) {
    try {
      udp.send(new DatagramPacket(reply, reply.length, client));
    } catch (IOException e) {
      if (!closed) {
        LOG.debug("UDP send error: {}", e.getMessage());
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
      if (closed) {
        closeQuietly(socket);
        return;
      }
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
    try (socket) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (!closed) {
        int length = in.readUnsignedShort();
        byte[] query = in.readNBytes(length);
        if (query.length < length) {
          return;
        }
        handle(query, true, reply -> {
          // Replies may come from other threads, e.g. held back by the attacker.
          synchronized (out) {
            try {
              out.write(framed(reply));
              out.flush();
            } catch (IOException e) {
              LOG.debug("TCP send error: {}", e.getMessage());
            }
          }
        });
      }
    } catch (EOFException e) {
      // The client closed the connection between queries: the normal end.
    } catch (IOException e) {
      if (!closed) {
        LOG.debug("TCP connection error: {}", e.getMessage());
      }
    } finally {
      openConnections.remove(socket);
    }
  }

  private void handle(byte[] query, boolean overTcp, Consumer<byte[]> send) {
    try {
      handler.handle(query, overTcp, send);
    } catch (RuntimeException e) {
      LOG.error("cannot handle a query over {}; it is dropped", overTcp ? "TCP" : "UDP", e);
    }
  }

  /**
   * Frames a DNS message for TCP: RFC 1035 section 4.2.2, a two-byte length prefix, so that
   * the message goes out in one write.
   *
   * @param message the message's wire bytes
   * @return the length and the message
   */
  public static byte[] framed(byte[] message) {
    byte[] framed = new byte[message.length + 2];
    framed[0] = (byte) (message.length >>> 8);
    framed[1] = (byte) message.length;
    System.arraycopy(message, 0, framed, 2, message.length);
    return framed;
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
   * Stops both listeners, closes open connections and returns only when every thread made
   * through {@link #threads()} has ended (joined, not just told to stop).
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    udp.close();
    closeQuietly(tcp);
    openConnections.forEach(DnsListeners::closeQuietly);
    connections.shutdownNow();
    udpWorkers.shutdownNow();
    try {
      if (!threads.join(JOIN_BOUND)) {
        LOG.warn("{} threads still running after {}: {}", name, JOIN_BOUND, threads.alive());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Closes a socket, logging rather than throwing a failure.
   *
   * @param closeable the socket, or null for nothing
   */
  public static void closeQuietly(Closeable closeable) {
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
