package dev.avatar4d.storage;

import java.util.Objects;

/**
 * What {@link ObjectStore#put} stored.
 *
 * @param key object key
 * @param size bytes
 * @param sha256 lower-case hex SHA-256 of the bytes, computed by the client before upload
 * @param mediaType the Content-Type it was stored with
 */
public record StoredObject(String key, long size, String sha256, String mediaType) {
  public StoredObject {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(mediaType, "mediaType");
  }
}
