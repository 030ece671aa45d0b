package dev.avatar4d.storage;

import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.Manifest;
import java.util.Objects;

/**
 * Reads and writes {@code manifest.json} as protocol JSON. A manifest is written under the run that
 * produced it ({@link AttemptKeys#manifest()}) and read back by the key that run reported, so a
 * late run can never replace the manifest a client was already given.
 */
public final class ManifestStore {
  /** Media type of the manifest object. */
  public static final String MEDIA_TYPE = "application/json";

  private final ObjectStore store;

  public ManifestStore(ObjectStore s) {
    this.store = Objects.requireNonNull(s, "store");
  }

  /** Writes {@code m}, the manifest of the run {@code keys}, at {@link AttemptKeys#manifest()}. */
  public StoredObject write(AttemptKeys keys, Manifest m) {
    Objects.requireNonNull(m, "manifest");
    if (!keys.job().equals(m.jobId()) || keys.attempt() != m.attempt()) {
      throw new IllegalArgumentException(
          "manifest of job "
              + m.jobId()
              + " attempt "
              + m.attempt()
              + " does not belong under "
              + keys.prefix());
    }
    return store.put(keys.manifest(), Json.toBytes(m), MEDIA_TYPE);
  }

  /** The manifest stored at {@code key}; {@link ObjectNotFoundException} when there is none. */
  public Manifest read(String key) {
    return Json.fromBytes(store.get(Objects.requireNonNull(key, "key")), Manifest.class);
  }
}
