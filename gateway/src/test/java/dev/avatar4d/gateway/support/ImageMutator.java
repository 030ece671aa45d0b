package dev.avatar4d.gateway.support;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

/** Seeded damage to image bytes: bit flips, cuts, splices and rewritten header dimensions. */
public final class ImageMutator {
  private static final int[] SIZES = {
    0, 1, 2, 31, 32, 33, 4096, 8192, 8193, 65535, 100_000, Integer.MAX_VALUE, -1
  };

  private final Random random;

  public ImageMutator(Random random) {
    this.random = random;
  }

  /** A mutated copy of {@code image} and a few words saying what was done. */
  public Mutation mutate(byte[] image) {
    byte[] b = image.clone();
    switch (random.nextInt(9)) {
      case 0 -> {
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return new Mutation(b, flips + " bit flips");
      }
      case 1 -> {
        int length = random.nextInt(b.length);
        return new Mutation(Arrays.copyOf(b, length), "cut to " + length + " bytes");
      }
      case 2 -> {
        int w = size();
        int h = size();
        boolean fixCrc = random.nextBoolean();
        return new Mutation(
            pngDimensions(b, w, h, fixCrc),
            "IHDR says " + w + "x" + h + (fixCrc ? " (CRC fixed)" : ""));
      }
      case 3 -> {
        int w = random.nextInt(65536);
        int h = random.nextInt(65536);
        return new Mutation(jpegDimensions(b, w, h), "SOF says " + w + "x" + h);
      }
      case 4 -> {
        byte[] junk = new byte[1 + random.nextInt(64)];
        random.nextBytes(junk);
        int at = random.nextInt(b.length + 1);
        return new Mutation(splice(b, at, junk), junk.length + " random bytes inserted at " + at);
      }
      case 5 -> {
        int from = random.nextInt(b.length);
        int length = Math.min(b.length - from, 1 + random.nextInt(32));
        int at = random.nextInt(b.length + 1);
        return new Mutation(
            splice(b, at, Arrays.copyOfRange(b, from, from + length)),
            length + " bytes duplicated at " + at);
      }
      case 6 -> {
        int from = random.nextInt(b.length);
        int to = Math.min(b.length, from + 1 + random.nextInt(64));
        Arrays.fill(b, from, to, (byte) (random.nextBoolean() ? 0 : 0xff));
        return new Mutation(b, "bytes " + from + ".." + to + " overwritten");
      }
      case 7 -> {
        int keep = Math.min(b.length, 2 + random.nextInt(20));
        byte[] junk = new byte[random.nextInt(2048)];
        random.nextBytes(junk);
        return new Mutation(
            splice(Arrays.copyOf(b, keep), keep, junk), "first " + keep + " bytes then random");
      }
      default -> {
        byte[] tail = new byte[1 + random.nextInt(128)];
        random.nextBytes(tail);
        return new Mutation(splice(b, b.length, tail), tail.length + " bytes appended");
      }
    }
  }

  /** A mutated image and what was done to it. */
  public record Mutation(byte[] bytes, String description) {}

  private int size() {
    return random.nextInt(3) == 0 ? random.nextInt(200_000) : SIZES[random.nextInt(SIZES.length)];
  }

  private static byte[] pngDimensions(byte[] png, int width, int height, boolean fixCrc) {
    if (png.length < 33) {
      return png;
    }
    ByteBuffer.wrap(png, 16, 8).putInt(width).putInt(height);
    if (fixCrc) {
      CRC32 crc = new CRC32();
      crc.update(png, 12, 17);
      ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
    }
    return png;
  }

  private static byte[] jpegDimensions(byte[] jpeg, int width, int height) {
    for (int i = 2; i + 8 < jpeg.length; i++) {
      if ((jpeg[i] & 0xff) == 0xff
          && ((jpeg[i + 1] & 0xff) == 0xc0 || (jpeg[i + 1] & 0xff) == 0xc2)) {
        ByteBuffer.wrap(jpeg, i + 5, 4).putShort((short) height).putShort((short) width);
        return jpeg;
      }
    }
    return jpeg;
  }

  private static byte[] splice(byte[] bytes, int at, byte[] insert) {
    byte[] out = new byte[bytes.length + insert.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(bytes, at, out, at + insert.length, bytes.length - at);
    return out;
  }
}
