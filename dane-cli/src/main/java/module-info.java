/**
 * The {@code dane} command line for mail and DNS operators: {@code check}, {@code tlsa},
 * {@code dnskey}, {@code ds} and {@code predelegation}. Not an API: run it.
 */
module org.dane4j.cli {
  requires org.dane4j.core;
  requires org.dnsjava;
  requires info.picocli;
  requires java.naming;

  opens org.dane4j.cli to info.picocli;
}
