package dev.avatar4d.gateway.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * Damaged, misleading and hostile image files, next to real ones with enough detail to cut into.
 */
public final class BadImages {
  private BadImages() {}

  /** A real PNG of random pixels (so its image data is large enough to cut in the middle). */
  public static byte[] noisyPng(int width, int height) {
    return encode(noise(width, height), "png");
  }

  /** A real JPEG of random pixels. */
  public static byte[] noisyJpeg(int width, int height) {
    return encode(noise(width, height), "jpg");
  }

  /** A real GIF: a format the gateway does not take. */
  public static byte[] gif() {
    return encode(noise(8, 8), "gif");
  }

  /** The start of a WebP file: RIFF container, WEBP form, a VP8 chunk header and zeros. */
  public static byte[] webp() {
    ByteBuffer b = ByteBuffer.allocate(64);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(Integer.reverseBytes(56));
    b.put("WEBPVP8 ".getBytes(StandardCharsets.US_ASCII)).putInt(Integer.reverseBytes(44));
    return b.array();
  }

  /**
   * A valid, tiny PNG whose header declares {@code width}×{@code height} pixels: a few hundred
   * bytes that would need gigabytes once decoded.
   */
  public static byte[] pngDeclaring(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
    ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    Deflater deflater = new Deflater();
    deflater.setInput(new byte[4096]);
    deflater.finish();
    byte[] compressed = new byte[4096];
    int n = deflater.deflate(compressed);
    deflater.end();
    chunk(out, "IDAT", Arrays.copyOf(compressed, n));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** The first {@code length} bytes of {@code image}. */
  public static byte[] truncated(byte[] image, int length) {
    return Arrays.copyOf(image, length);
  }

  /** {@code image} with {@code extra} appended. */
  public static byte[] withTrailer(byte[] image, byte[] extra) {
    byte[] joined = Arrays.copyOf(image, image.length + extra.length);
    System.arraycopy(extra, 0, joined, image.length, extra.length);
    return joined;
  }

  /**
   * The first {@code signatureLength} bytes of {@code image} (its magic bytes), then random
   * garbage.
   */
  public static byte[] garbageAfterSignature(byte[] image, int signatureLength, long seed) {
    byte[] garbage = new byte[512];
    new Random(seed).nextBytes(garbage);
    return withTrailer(Arrays.copyOf(image, signatureLength), garbage);
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static BufferedImage noise(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(width * 31L + height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt());
      }
    }
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
