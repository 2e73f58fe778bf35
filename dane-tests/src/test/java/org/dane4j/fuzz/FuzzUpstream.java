package org.dane4j.fuzz;

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
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A DNS server on 127.0.0.1 whose every reply, over UDP and TCP on one port, is whatever the
 * current handler makes of the query's wire bytes ({@code null}: no reply). The handler can
 * be swapped between lookups, so one server serves a whole fuzzing run.
 */
final class FuzzUpstream implements AutoCloseable {
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Thread udpThread;
  private final Thread tcpThread;
  private volatile UnaryOperator<byte[]> handler = query -> null;

  FuzzUpstream() {
    ServerSocket server = null;
    DatagramSocket socket = null;
    // The TCP port is picked first; the UDP socket then needs the same number, which another
    // process may hold: try again with another port.
    for (int attempt = 0; socket == null; attempt++) {
      try {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
      } catch (BindException e) {
        close(server);
        if (attempt == 20) {
          throw new UncheckedIOException(e);
        }
      } catch (IOException e) {
        close(server);
        throw new UncheckedIOException(e);
      }
    }
    this.tcp = server;
    this.udp = socket;
    this.udpThread = new Thread(this::serveUdp, "fuzz-upstream-udp");
    this.tcpThread = new Thread(this::serveTcp, "fuzz-upstream-tcp");
    udpThread.setDaemon(true);
    tcpThread.setDaemon(true);
    udpThread.start();
    tcpThread.start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort());
  }

  /** Replies from now on come from this handler: query wire bytes in, reply wire bytes out. */
  void answerWith(UnaryOperator<byte[]> handler) {
    this.handler = handler;
  }

  private void serveUdp() {
    byte[] buffer = new byte[65535];
    while (!udp.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        udp.receive(packet);
        byte[] reply = handler.apply(Arrays.copyOf(packet.getData(), packet.getLength()));
        if (reply != null) {
          udp.send(new DatagramPacket(reply, Math.min(reply.length, 65507), packet.getSocketAddress()));
        }
      } catch (IOException e) {
        // Closed, or one datagram could not be sent: the client times out as on a real network.
      }
    }
  }

  private void serveTcp() {
    while (!tcp.isClosed()) {
      try {
        Socket connection = tcp.accept();
        Thread thread = new Thread(() -> serveConnection(connection), "fuzz-upstream-tcp-connection");
        thread.setDaemon(true);
        thread.start();
      } catch (IOException e) {
        // Closed.
      }
    }
  }

  private void serveConnection(Socket connection) {
    try (connection) {
      connection.setSoTimeout(5000);
      DataInputStream in = new DataInputStream(connection.getInputStream());
      DataOutputStream out = new DataOutputStream(connection.getOutputStream());
      while (true) {
        byte[] query = new byte[in.readUnsignedShort()];
        in.readFully(query);
        byte[] reply = handler.apply(query);
        if (reply == null) {
          return;
        }
        int length = Math.min(reply.length, 0xFFFF);
        out.writeShort(length);
        out.write(reply, 0, length);
        out.flush();
      }
    } catch (EOFException e) {
      // The client is done.
    } catch (IOException e) {
      // Timed out or reset: the client sees a network error.
    }
  }

  @Override
  public void close() throws InterruptedException {
    udp.close();
    close(tcp);
    udpThread.join(2000);
    tcpThread.join(2000);
  }

  private static void close(ServerSocket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // Nothing to do.
      }
    }
  }
}
