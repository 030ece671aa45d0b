package dev.avatar4d.storage;

import dev.avatar4d.protocol.Json;
import dev.avatar4d.protocol.Manifest;
import java.util.Objects;
import java.util.UUID;

/** Reads and writes {@code jobs/{id}/output/manifest.json} as protocol JSON. */
public final class ManifestStore {
  /** Media type of the manifest object. */
  public static final String MEDIA_TYPE = "application/json";

  private final ObjectStore store;

  public ManifestStore(ObjectStore s) {
    this.store = Objects.requireNonNull(s, "store");
  }

  /** Writes (or replaces) the job's manifest. */
  public StoredObject write(Manifest m) {
    Objects.requireNonNull(m, "manifest");
    return store.put(JobKeys.manifest(m.jobId()), Json.toBytes(m), MEDIA_TYPE);
  }

  /** The job's manifest; {@link ObjectNotFoundException} when the job has none yet. */
  public Manifest read(UUID job) {
    return Json.fromBytes(store.get(JobKeys.manifest(job)), Manifest.class);
  }
}
