package dev.avatar4d.storage;

import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.Manifest;
import java.util.Objects;
import java.util.UUID;

/**
 * Reads and writes {@code manifest.json} as protocol JSON. A manifest is written under the attempt
 * that produced it ({@link JobKeys#manifest(UUID, int)}) and read back by the key that attempt
 * reported, so a late attempt can never replace the manifest a client was already given.
 */
public final class ManifestStore {
  /** Media type of the manifest object. */
  public static final String MEDIA_TYPE = "application/json";

  private final ObjectStore store;

  public ManifestStore(ObjectStore s) {
    this.store = Objects.requireNonNull(s, "store");
  }

  /** Writes (or replaces) the manifest of {@code m}'s attempt, at {@link JobKeys#manifest(UUID, int)}. */
  public StoredObject write(Manifest m) {
    Objects.requireNonNull(m, "manifest");
    return store.put(JobKeys.manifest(m.jobId(), m.attempt()), Json.toBytes(m), MEDIA_TYPE);
  }

  /** The manifest stored at {@code key}; {@link ObjectNotFoundException} when there is none. */
  public Manifest read(String key) {
    return Json.fromBytes(store.get(Objects.requireNonNull(key, "key")), Manifest.class);
  }
}
