package dev.avatar4d.tests;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads just enough of an MP4 (ISO BMFF) file to check it: the major brand and the sample count of
 * the first video track (the {@code stsz} box), i.e. the number of frames.
 */
final class Mp4Inspector {
  private static final String[] CONTAINERS = {"moov", "trak", "mdia", "minf", "stbl"};

  private Mp4Inspector() {}

  static String majorBrand(byte[] mp4) {
    ByteBuffer b = ByteBuffer.wrap(mp4);
    if (!type(b, 0).equals("ftyp")) {
      throw new IllegalArgumentException("not an MP4: first box is " + type(b, 0));
    }
    return new String(mp4, 8, 4, StandardCharsets.US_ASCII);
  }

  static int frameCount(byte[] mp4) {
    return findBox(ByteBuffer.wrap(mp4), 0, mp4.length, 0)
        .orElseThrow(() -> new IllegalArgumentException("no stsz box"));
  }

  private static Optional<Integer> findBox(ByteBuffer b, int from, int to, int depth) {
    int at = from;
    while (at + 8 <= to) {
      long size = Integer.toUnsignedLong(b.getInt(at));
      String type = type(b, at);
      int header = 8;
      if (size == 1) {
        size = b.getLong(at + 8);
        header = 16;
      } else if (size == 0) {
        size = to - at;
      }
      if (type.equals("stsz")) {
        return Optional.of(b.getInt(at + header + 8));
      }
      if (depth < CONTAINERS.length && type.equals(CONTAINERS[depth])) {
        Optional<Integer> inner = findBox(b, at + header, (int) (at + size), depth + 1);
        if (inner.isPresent()) {
          return inner;
        }
      }
      at += (int) size;
    }
    return Optional.empty();
  }

  private static String type(ByteBuffer b, int at) {
    byte[] t = new byte[4];
    b.get(at + 4, t);
    return new String(t, StandardCharsets.US_ASCII);
  }
}
