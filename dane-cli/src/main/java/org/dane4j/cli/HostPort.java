package org.dane4j.cli;

/** {@code host}, {@code host:port}, {@code [v6]:port} or {@code v6}, parsed strictly. */
record HostPort(String host, int port) {

  static HostPort parse(String text, int defaultPort) {
    String host = text;
    int port = defaultPort;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw CliException.badInput("missing ']' in " + text);
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw CliException.badInput("expected ':PORT' after ']' in " + text);
        }
        port = port(rest.substring(1), text);
      }
    } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
      host = text.substring(0, text.indexOf(':'));
      port = port(text.substring(text.indexOf(':') + 1), text);
    }
    if (host.isEmpty()) {
      throw CliException.badInput("no host in " + text);
    }
    return new HostPort(host, port);
  }

  private static int port(String value, String text) {
    try {
      int port = Integer.parseInt(value);
      if (port < 1 || port > 65535) {
        throw CliException.badInput("port must be 1..65535 in " + text);
      }
      return port;
    } catch (NumberFormatException e) {
      throw CliException.badInput("port is not a number in " + text);
    }
  }
}
