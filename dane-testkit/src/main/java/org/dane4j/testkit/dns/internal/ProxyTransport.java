package org.dane4j.testkit.dns.internal;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets of the on-path attacker: {@link DnsListeners} on one loopback port towards the
 * stub, and one fresh socket per forwarded query towards the upstream (so that replies can
 * never be confused between queries). A handler decides what is sent back and when; held-back
 * replies go out from a scheduler thread. {@link #close()} closes every socket, including
 * those of queries waiting for the upstream, and joins every thread.
 */
public final class ProxyTransport implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProxyTransport.class);
  private static final int MAX_UDP = 65_535;
  private static final int UDP_WORKERS = 8;

  private final InetSocketAddress upstream;
  private final Duration upstreamTimeout;
  private final DnsListeners listeners;
  private final ScheduledExecutorService scheduler;
  private final Set<Closeable> upstreamSockets = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Binds both listeners on one free port of {@code address}; call {@link #start}.
   *
   * @param address a loopback address
   * @param upstream the recursive server queries are forwarded to
   * @param upstreamTimeout how long to wait for the upstream's reply
   * @throws java.io.UncheckedIOException when no port could be bound
   */
  public ProxyTransport(InetAddress address, InetSocketAddress upstream, Duration upstreamTimeout) {
    this.upstream = upstream;
    this.upstreamTimeout = upstreamTimeout;
    this.listeners = new DnsListeners(address, "dane4j-attacker", UDP_WORKERS, MAX_UDP);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(
        listeners.threads().factory("dane4j-attacker-delay-" + address().getPort()));
  }

  /**
   * Starts listening, handing every query to the handler.
   *
   * @param queryHandler what decides about each query
   */
  public void start(DnsListeners.Handler queryHandler) {
    listeners.start(queryHandler);
  }

  /** The address both listeners are bound to. */
  public InetSocketAddress address() {
    return listeners.address();
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
      upstreamSockets.add(socket);
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
        upstreamSockets.remove(socket);
      }
    }
  }

  private byte[] forwardTcp(byte[] query) throws IOException {
    try (Socket socket = new Socket()) {
      upstreamSockets.add(socket);
      try {
        if (closed) {
          return null;
        }
        socket.connect(upstream, (int) upstreamTimeout.toMillis());
        socket.setSoTimeout((int) upstreamTimeout.toMillis());
        socket.getOutputStream().write(DnsListeners.framed(query));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int length = in.readUnsignedShort();
        return in.readNBytes(length);
      } finally {
        upstreamSockets.remove(socket);
      }
    }
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
    upstreamSockets.forEach(DnsListeners::closeQuietly);
    scheduler.shutdownNow();
    listeners.close();
  }
}
