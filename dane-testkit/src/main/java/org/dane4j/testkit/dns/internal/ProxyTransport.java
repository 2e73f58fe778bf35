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
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets of the on-path attacker: UDP and TCP listeners on one loopback port towards the
 * stub, and one fresh socket per forwarded query towards the upstream (so that replies can
 * never be confused between queries). A handler decides what is sent back and when; held-back
 * replies go out from a scheduler thread. {@link #close()} closes every socket, including
 * those of queries waiting for the upstream, and joins every thread.
 */
public final class ProxyTransport implements AutoCloseable {

  /** Decides the fate of one query; calls {@code send} with the reply, now or later, or never. */
  public interface Handler {
    /**
     * Handles one query.
     *
     * @param query the query's wire bytes
     * @param tcp whether it came over TCP
     * @param send sends a reply to the stub on the query's transport
     */
    void handle(byte[] query, boolean tcp, Consumer<byte[]> send);
  }

  private static final Logger LOG = LoggerFactory.getLogger(ProxyTransport.class);
  private static final int BIND_ATTEMPTS = 20;
  private static final int MAX_UDP = 65_535;
  private static final int UDP_WORKERS = 8;
  private static final Duration JOIN_BOUND = Duration.ofSeconds(30);

  private final InetSocketAddress upstream;
  private final Duration upstreamTimeout;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final InetSocketAddress address;
  private final ServiceThreads threads = new ServiceThreads();
  private final ExecutorService udpWorkers;
  private final ExecutorService connections;
  private final ScheduledExecutorService scheduler;
  private final Set<Closeable> openSockets = ConcurrentHashMap.newKeySet();
  private volatile Handler handler;
  private volatile boolean closed;

  /**
   * Binds both listeners on one free port of {@code address}; call {@link #start(Handler)}.
   *
   * @param address a loopback address
   * @param upstream the recursive server queries are forwarded to
   * @param upstreamTimeout how long to wait for the upstream's reply
   * @throws UncheckedIOException when no port could be bound
   */
  public ProxyTransport(InetAddress address, InetSocketAddress upstream, Duration upstreamTimeout) {
    this.upstream = upstream;
    this.upstreamTimeout = upstreamTimeout;
    ServerSocket boundTcp = null;
    DatagramSocket boundUdp = null;
    IOException last = null;
    for (int attempt = 0; attempt < BIND_ATTEMPTS && boundUdp == null; attempt++) {
      try {
        boundTcp = new ServerSocket();
        boundTcp.bind(new InetSocketAddress(address, 0), 128);
        boundUdp = new DatagramSocket(new InetSocketAddress(address, boundTcp.getLocalPort()));
      } catch (BindException e) {
        last = e;
        closeQuietly(boundTcp);
        boundTcp = null;
      } catch (IOException e) {
        closeQuietly(boundTcp);
        throw new UncheckedIOException("cannot listen on " + address, e);
      }
    }
    if (boundUdp == null) {
      throw new UncheckedIOException("no port free for both UDP and TCP on " + address, last);
    }
    this.tcp = boundTcp;
    this.udp = boundUdp;
    this.address = new InetSocketAddress(address, tcp.getLocalPort());
    int port = address().getPort();
    this.udpWorkers = Executors.newFixedThreadPool(UDP_WORKERS, threads.factory("dane4j-attacker-udp-" + port));
    this.connections = Executors.newCachedThreadPool(threads.factory("dane4j-attacker-tcp-" + port));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(threads.factory("dane4j-attacker-delay-" + port));
  }

  /**
   * Starts listening, handing every query to the handler.
   *
   * @param queryHandler what decides about each query
   */
  public void start(Handler queryHandler) {
    this.handler = queryHandler;
    int port = address.getPort();
    threads.named(this::receiveUdp, "dane4j-attacker-udp-" + port).start();
    threads.named(this::acceptTcp, "dane4j-attacker-accept-" + port).start();
  }

  /** The address both listeners are bound to. */
  public InetSocketAddress address() {
    return address;
  }

  /** Runs a task after a delay on the scheduler thread (unless closed by then). */
  public void schedule(Runnable task, Duration delay) {
    try {
      scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("attacker closed: a delayed reply is not sent");
    }
  }

  /**
   * Sends a query to the upstream on the given transport and waits for its reply.
   *
   * @param query the query's wire bytes
   * @param overTcp TCP (one connection per query) or UDP
   * @return the reply's wire bytes, or null when the upstream did not answer in time or failed
   */
  public byte[] forward(byte[] query, boolean overTcp) {
    try {
      return overTcp ? forwardTcp(query) : forwardUdp(query);
    } catch (IOException e) {
      if (!closed) {
        LOG.debug("upstream {} gave no reply over {}: {}", upstream, overTcp ? "TCP" : "UDP", e.toString());
      }
      return null;
    }
  }

  private byte[] forwardUdp(byte[] query) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      openSockets.add(socket);
      try {
        if (closed) {
          return null;
        }
        socket.connect(upstream);
        socket.setSoTimeout((int) upstreamTimeout.toMillis());
        socket.send(new DatagramPacket(query, query.length));
        byte[] buffer = new byte[MAX_UDP];
        long deadline = System.nanoTime() + upstreamTimeout.toNanos();
        while (true) {
          DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
          socket.receive(packet);
          byte[] reply = Arrays.copyOfRange(buffer, 0, packet.getLength());
          if (reply.length >= 2 && WireEditor.id(reply) == WireEditor.id(query)) {
            return reply;
          }
          int left = (int) TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0) {
            throw new SocketTimeoutException("no reply with ID " + WireEditor.id(query));
          }
          socket.setSoTimeout(left);
        }
      } finally {
        openSockets.remove(socket);
      }
    }
  }

  private byte[] forwardTcp(byte[] query) throws IOException {
    try (Socket socket = new Socket()) {
      openSockets.add(socket);
      try {
        if (closed) {
          return null;
        }
        socket.connect(upstream, (int) upstreamTimeout.toMillis());
        socket.setSoTimeout((int) upstreamTimeout.toMillis());
        socket.getOutputStream().write(framed(query));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int length = in.readUnsignedShort();
        return in.readNBytes(length);
      } finally {
        openSockets.remove(socket);
      }
    }
  }

  private void receiveUdp() {
    byte[] buffer = new byte[MAX_UDP];
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
        return;
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
      openSockets.add(socket);
      if (closed) {
        closeQuietly(socket);
        return;
      }
      try {
        connections.execute(() -> serveTcp(socket));
      } catch (RejectedExecutionException e) {
        openSockets.remove(socket);
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
      // The stub closed the connection between queries.
    } catch (IOException e) {
      if (!closed) {
        LOG.debug("TCP connection error: {}", e.getMessage());
      }
    } finally {
      openSockets.remove(socket);
    }
  }

  private void handle(byte[] query, boolean overTcp, Consumer<byte[]> send) {
    try {
      handler.handle(query, overTcp, send);
    } catch (RuntimeException e) {
      LOG.error("the attacker failed on a query; it is dropped", e);
    }
  }

  private static byte[] framed(byte[] message) {
    // RFC 1035 section 4.2.2: two-byte length prefix; one write.
    byte[] framed = new byte[message.length + 2];
    framed[0] = (byte) (message.length >>> 8);
    framed[1] = (byte) message.length;
    System.arraycopy(message, 0, framed, 2, message.length);
    return framed;
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** Closes every socket and returns once every thread of this transport has ended. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    udp.close();
    closeQuietly(tcp);
    openSockets.forEach(ProxyTransport::closeQuietly);
    udpWorkers.shutdownNow();
    connections.shutdownNow();
    scheduler.shutdownNow();
    try {
      if (!threads.join(JOIN_BOUND)) {
        LOG.warn("attacker threads still running after {}: {}", JOIN_BOUND, threads.alive());
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
