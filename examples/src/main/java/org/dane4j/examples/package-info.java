/**
 * The demo and the examples: each class has a {@code main} that runs offline against a
 * test world from dane-testkit, with the production lines marked. See examples/README.md
 * for what each shows and the command that runs it.
 */
package org.dane4j.examples;
