package org.dane4j.core.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A UDP DNS responder on 127.0.0.1 and an ephemeral port whose replies a test scripts: the
 * handler gets each query and returns the reply, or null to drop it.
 */
final class FakeUpstream implements AutoCloseable {
  private final DatagramSocket socket;
  private final Thread thread;
  private final Function<Message, Message> handler;
  private final AtomicInteger received = new AtomicInteger();

  FakeUpstream(Function<Message, Message> handler) {
    try {
      this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.handler = handler;
    this.thread = new Thread(this::serve, "fake-upstream");
    thread.setDaemon(true);
    thread.start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
  }

  int received() {
    return received.get();
  }

  private void serve() {
    byte[] buffer = new byte[4096];
    while (!socket.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        received.incrementAndGet();
        Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
        Message reply = handler.apply(query);
        if (reply != null) {
          byte[] wire = reply.toWire();
          socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
        }
      } catch (IOException e) {
        if (!socket.isClosed()) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    socket.close();
    thread.join(2000);
  }

  /** A reply to the query with an rcode, optionally AD, and answer records. */
  static Message reply(Message query, int rcode, boolean ad, Record... answers) {
    Message m = new Message(query.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.RD);
    m.getHeader().setFlag(Flags.RA);
    if (ad) {
      m.getHeader().setFlag(Flags.AD);
    }
    m.getHeader().setRcode(rcode);
    m.addRecord(query.getQuestion(), Section.QUESTION);
    for (Record r : answers) {
      m.addRecord(r, Section.ANSWER);
    }
    return m;
  }

  /** An A record for the query name. */
  static Record a(Message query, String address) {
    try {
      return new ARecord(query.getQuestion().getName(), DClass.IN, 300, InetAddress.getByName(address));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A SERVFAIL carrying an Extended DNS Error. */
  static Message servfail(Message query, int ede, String text) {
    Message m = reply(query, Rcode.SERVFAIL, false);
    m.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ExtendedErrorCodeOption(ede, text))), Section.ADDITIONAL);
    return m;
  }
}
