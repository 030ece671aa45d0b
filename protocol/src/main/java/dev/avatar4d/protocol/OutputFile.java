package dev.avatar4d.protocol;

import java.util.Objects;

/**
 * One stored output object, as listed in the manifest.
 *
 * @param key object key
 * @param view view name
 * @param frame frame index for per-frame outputs, null for a whole-view output (MP4)
 * @param kind what it is
 * @param mediaType IANA media type
 * @param size bytes
 * @param sha256 lower-case hex SHA-256 of the bytes
 */
public record OutputFile(
    String key, String view, Integer frame, Kind kind, String mediaType, long size, String sha256) {

  /** Kinds of output. */
  public enum Kind {
    FRAME,
    VIDEO,
    DEPTH,
    /** An aligned face crop the network was given: view {@code source} or {@code driving}. */
    CROP,
    /** The head's surface (glTF binary or PLY), view {@code source}, no frame. */
    MESH
  }

  public OutputFile {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(mediaType, "mediaType");
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
    }
  }
}
