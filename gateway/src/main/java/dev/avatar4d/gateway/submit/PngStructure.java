package dev.avatar4d.gateway.submit;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Walks the chunks of a PNG without inflating anything: every chunk must fit in the file and carry
 * a correct CRC, IHDR must come first, at least one IDAT must follow, and the file must end with
 * IEND. ImageIO decodes a truncated PNG into a partly blank image without complaint; this catches
 * truncation and corruption, and yields the declared size before any pixel is decoded.
 */
final class PngStructure {
  private static final int SIGNATURE_LENGTH = 8;
  private static final int IHDR_LENGTH = 13;

  private PngStructure() {}

  /** The size IHDR declares; {@link MalformedImageException} when the structure is broken. */
  static ImageSize check(byte[] png) {
    int pos = SIGNATURE_LENGTH;
    ImageSize size = null;
    boolean imageData = false;
    while (true) {
      if (pos + 8 > png.length) {
        throw new MalformedImageException("truncated: the file ends before the IEND chunk");
      }
      long length = u32(png, pos);
      String type = chunkType(png, pos + 4);
      if (length > png.length - pos - 12L) {
        throw new MalformedImageException(
            "truncated: chunk " + type + " runs past the end of the file");
      }
      int data = pos + 8;
      int end = data + (int) length;
      if (crc(png, pos + 4, 4 + (int) length) != u32(png, end)) {
        throw new MalformedImageException(
            "corrupt: chunk " + type + " at byte " + pos + " fails its CRC");
      }
      if (size == null) {
        if (!type.equals("IHDR") || length != IHDR_LENGTH) {
          throw new MalformedImageException(
              "corrupt: the first chunk must be a 13-byte IHDR, found " + type);
        }
        size = declaredSize(png, data);
      } else if (type.equals("IDAT")) {
        imageData = true;
      } else if (type.equals("IEND")) {
        if (!imageData) {
          throw new MalformedImageException("corrupt: no IDAT chunk, the image has no pixel data");
        }
        if (end + 4 != png.length) {
          throw new MalformedImageException(
              (png.length - end - 4) + " bytes of unknown data after the IEND chunk");
        }
        return size;
      }
      pos = end + 4;
    }
  }

  private static ImageSize declaredSize(byte[] png, int ihdr) {
    long width = u32(png, ihdr);
    long height = u32(png, ihdr + 4);
    if (width < 1 || height < 1 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw new MalformedImageException(
          "corrupt: IHDR declares an impossible size " + width + "×" + height);
    }
    return new ImageSize((int) width, (int) height);
  }

  private static String chunkType(byte[] png, int at) {
    for (int i = at; i < at + 4; i++) {
      int c = png[i] & 0xff;
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
        throw new MalformedImageException("corrupt: no valid chunk type at byte " + (at - 4));
      }
    }
    return new String(png, at, 4, StandardCharsets.US_ASCII);
  }

  private static long crc(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return crc.getValue();
  }

  private static long u32(byte[] b, int at) {
    return ((b[at] & 0xffL) << 24)
        | ((b[at + 1] & 0xffL) << 16)
        | ((b[at + 2] & 0xffL) << 8)
        | (b[at + 3] & 0xffL);
  }
}
