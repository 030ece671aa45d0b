package dev.avatar4d.gateway.submit;

/**
 * Walks the markers of a JPEG without decoding it: every segment must fit in the file, a frame
 * header (SOF) must declare the size before the first scan, every scan's entropy-coded data must be
 * followed by a marker, and an end-of-image marker (EOI) must close it. ImageIO decodes a truncated
 * JPEG into a partly grey image without an exception; this catches the truncation, and yields the
 * declared size before any pixel is decoded.
 */
final class JpegStructure {
  /** Progressive files have about ten scans; thousands would make decoding a CPU sink. */
  static final int MAX_SCANS = 256;

  private static final int SOI = 0xd8;
  private static final int EOI = 0xd9;
  private static final int SOS = 0xda;

  private JpegStructure() {}

  /**
   * The size the frame header declares; {@link MalformedImageException} when the structure is
   * broken.
   */
  static ImageSize check(byte[] jpeg) {
    int pos = 2;
    ImageSize size = null;
    int scans = 0;
    while (true) {
      if (pos >= jpeg.length) {
        throw new MalformedImageException(
            "truncated: the file ends before the end-of-image marker");
      }
      if ((jpeg[pos] & 0xff) != 0xff) {
        throw new MalformedImageException("corrupt: no marker at byte " + pos);
      }
      while (pos < jpeg.length && (jpeg[pos] & 0xff) == 0xff) {
        pos++; // fill bytes may pad any marker
      }
      if (pos >= jpeg.length) {
        throw new MalformedImageException(
            "truncated: the file ends before the end-of-image marker");
      }
      int marker = jpeg[pos++] & 0xff;
      if (marker == EOI) {
        if (scans == 0) {
          throw new MalformedImageException(
              "corrupt: the end-of-image marker comes before any image data");
        }
        // Bytes after EOI are not ours to judge: phones append motion-photo videos and vendor
        // trailers there.
        return size;
      }
      if (marker == SOI || marker == 0x00) {
        throw new MalformedImageException(
            "corrupt: unexpected marker 0x"
                + Integer.toHexString(marker)
                + " at byte "
                + (pos - 1));
      }
      if (isStandalone(marker)) {
        continue;
      }
      if (pos + 2 > jpeg.length) {
        throw new MalformedImageException("truncated: the file ends inside a segment header");
      }
      int length = ((jpeg[pos] & 0xff) << 8) | (jpeg[pos + 1] & 0xff);
      if (length < 2) {
        throw new MalformedImageException(
            "corrupt: segment 0x" + Integer.toHexString(marker) + " has length " + length);
      }
      if (pos + length > jpeg.length) {
        throw new MalformedImageException(
            "truncated: segment 0x"
                + Integer.toHexString(marker)
                + " runs past the end of the file");
      }
      if (isFrameHeader(marker)) {
        if (size != null) {
          throw new MalformedImageException("corrupt: more than one frame header");
        }
        size = declaredSize(jpeg, pos, length);
      }
      pos += length;
      if (marker == SOS) {
        if (size == null) {
          throw new MalformedImageException("corrupt: image data before the frame header");
        }
        if (++scans > MAX_SCANS) {
          throw new MalformedImageException("more than " + MAX_SCANS + " scans");
        }
        pos = endOfEntropyData(jpeg, pos);
      }
    }
  }

  private static ImageSize declaredSize(byte[] jpeg, int pos, int length) {
    if (length < 8) {
      throw new MalformedImageException("corrupt: frame header too short");
    }
    int height = ((jpeg[pos + 3] & 0xff) << 8) | (jpeg[pos + 4] & 0xff);
    int width = ((jpeg[pos + 5] & 0xff) << 8) | (jpeg[pos + 6] & 0xff);
    if (width < 1 || height < 1) {
      throw new MalformedImageException(
          "corrupt: the frame header declares a size of " + width + "×" + height);
    }
    return new ImageSize(width, height);
  }

  /**
   * Position of the first marker after a scan's data: 0xFF not followed by 0x00 (stuffing) or a
   * restart marker.
   */
  private static int endOfEntropyData(byte[] jpeg, int pos) {
    for (int i = pos; i + 1 < jpeg.length; i++) {
      if ((jpeg[i] & 0xff) == 0xff) {
        int next = jpeg[i + 1] & 0xff;
        if (next != 0x00 && !isRestart(next) && next != 0xff) {
          return i;
        }
      }
    }
    throw new MalformedImageException(
        "truncated: the image data ends without an end-of-image marker");
  }

  private static boolean isFrameHeader(int marker) {
    return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
  }

  private static boolean isStandalone(int marker) {
    return isRestart(marker) || marker == 0x01;
  }

  private static boolean isRestart(int marker) {
    return marker >= 0xd0 && marker <= 0xd7;
  }
}
