package org.dane4j.examples;

/** The demo (placeholder until the demo lands). */
public final class Demo {
  private Demo() {}

  /** Runs the demo. */
  public static void main(String[] args) {
    System.out.println("dane4j demo");
  }
}
