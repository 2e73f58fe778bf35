package org.dane4j.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The framing of the fuzz inputs of this package: a sequence of frames, each a one-byte tag,
 * a two-byte big-endian length and that many bytes (the last frame may be cut short; it
 * then holds what is left). Simple enough that a mutated input is still mostly frames, and
 * a seed stays readable in a hex dump.
 */
final class Frames {
  /** One frame: its tag and its bytes. */
  record Frame(char tag, byte[] body) {}

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Appends a frame. */
  Frames add(char tag, byte[] body) {
    if (body.length > 0xFFFF) {
      throw new IllegalArgumentException("frame too long: " + body.length);
    }
    out.write(tag);
    out.write(body.length >>> 8);
    out.write(body.length);
    out.writeBytes(body);
    return this;
  }

  /** The frames written so far. */
  byte[] toByteArray() {
    return out.toByteArray();
  }

  /** Splits an input into frames. */
  static List<Frame> parse(byte[] input) {
    List<Frame> frames = new ArrayList<>();
    int i = 0;
    while (i < input.length) {
      char tag = (char) (input[i] & 0xFF);
      int length = i + 2 < input.length ? (input[i + 1] & 0xFF) << 8 | input[i + 2] & 0xFF : 0;
      int start = Math.min(i + 3, input.length);
      int end = Math.min(start + length, input.length);
      byte[] body = new byte[end - start];
      System.arraycopy(input, start, body, 0, body.length);
      frames.add(new Frame(tag, body));
      i = end;
    }
    return frames;
  }
}
