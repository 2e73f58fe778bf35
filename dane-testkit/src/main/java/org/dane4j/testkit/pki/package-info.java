/**
 * A test PKI: root, intermediate and leaf certificates with chosen names, validity
 * windows and key types, with PEM export and the TLSA records that name them.
 */
package org.dane4j.testkit.pki;
