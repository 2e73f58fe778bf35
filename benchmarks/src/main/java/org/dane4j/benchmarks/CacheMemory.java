package org.dane4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.util.List;
import org.dane4j.core.dns.DnsAnswer;
import org.dane4j.core.dns.DnssecResolver;

/**
 * Issue item 4, memory: the heap a dane4j resolver holds per cached TLSA answer, measured as
 * the retained heap after {@code names} distinct secure answers minus the retained heap after
 * one (keys already cached), divided by the difference in answers.
 */
final class CacheMemory {
  private CacheMemory() {}

  /** Bytes of heap per cached TLSA answer, for {@code names} distinct names. */
  static long bytesPerAnswer(int names) throws InterruptedException {
    try (DnsWorld world = new DnsWorld(names)) {
      List<DnsAnswer<InetAddress>> hosts = DnsWorld.bulkHosts(names);
      DnssecResolver resolver = world.newResolver();
      try {
        ScaleBenchmark.bounded(resolver, hosts.subList(0, 1), 1);
        long before = retained();
        ScaleBenchmark.bounded(resolver, hosts, ScaleBenchmark.IN_FLIGHT);
        long after = retained();
        return (after - before) / (names - 1);
      } finally {
        resolver.close();
      }
    }
  }

  private static long retained() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
