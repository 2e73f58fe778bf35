package org.dane4j.interop;

import java.util.Map;

/**
 * The Postfix listeners of the suite (interop/lib/common.sh): one loopback address each,
 * each presenting its own certificate chain, one without STARTTLS. Postfix names each in
 * the Received header it adds ({@code by <name>.listener.test}).
 */
final class Listeners {
  private static final Map<String, String> ADDRESSES = Map.of(
      "good", "127.25.0.1",
      "expired", "127.25.0.2",
      "wrongname", "127.25.0.3",
      "attacker", "127.25.0.4",
      "selfsigned", "127.25.0.5",
      "nostarttls", "127.25.0.6",
      "nexthopname", "127.25.0.7",
      "wildcard", "127.25.0.8");

  /** The address of the listener with that name. */
  String address(String name) {
    String address = ADDRESSES.get(name);
    if (address == null) {
      throw new IllegalArgumentException("Unknown Postfix listener '" + name + "'; known: " + ADDRESSES.keySet());
    }
    return address;
  }

  /** The name of the listener on that address. */
  String name(String address) {
    return ADDRESSES.entrySet().stream()
        .filter(e -> e.getValue().equals(address))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No Postfix listener on " + address));
  }
}
