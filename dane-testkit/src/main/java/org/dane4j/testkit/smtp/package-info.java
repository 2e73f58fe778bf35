/**
 * SMTP test support: {@link org.dane4j.testkit.smtp.TestSmtpServer}, an in-process STARTTLS
 * server on loopback that can hide STARTTLS or break the handshake;
 * {@link org.dane4j.testkit.smtp.DaneTestEnvironment}, a JUnit 5 extension that puts such
 * servers behind a signed DNS tree with their TLSA records; and AssertJ assertions on
 * delivery reports ({@link org.dane4j.testkit.DaneAssertions}).
 */
package org.dane4j.testkit.smtp;
