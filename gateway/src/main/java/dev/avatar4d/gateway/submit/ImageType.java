package dev.avatar4d.gateway.submit;

import java.util.Optional;

/**
 * Image formats accepted as inputs, recognised by their magic bytes rather than by what the client
 * claims.
 */
public enum ImageType {
  PNG("image/png", "png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}),
  JPEG("image/jpeg", "jpg", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff});

  private final String mediaType;
  private final String extension;
  private final byte[] magic;

  ImageType(String mediaType, String extension, byte[] magic) {
    this.mediaType = mediaType;
    this.extension = extension;
    this.magic = magic;
  }

  /** IANA media type. */
  public String mediaType() {
    return mediaType;
  }

  /** File extension used in object keys. */
  public String extension() {
    return extension;
  }

  /** The type whose signature {@code bytes} start with, if any. */
  public static Optional<ImageType> sniff(byte[] bytes) {
    for (ImageType type : values()) {
      if (startsWith(bytes, type.magic)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
