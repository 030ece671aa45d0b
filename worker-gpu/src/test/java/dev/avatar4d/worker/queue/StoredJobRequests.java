package dev.avatar4d.worker.queue;

import dev.avatar4d.devstack.client.SampleJob;
import dev.avatar4d.protocol.JobOptions;
import dev.avatar4d.protocol.JobRequest;
import dev.avatar4d.protocol.OutputFormat;
import dev.avatar4d.protocol.ViewPresets;
import dev.avatar4d.protocol.ViewSpec;
import dev.avatar4d.storage.JobKeys;
import dev.avatar4d.storage.ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Job requests for the job-loop tests, their inputs stored first as the gateway would store them.
 */
public final class StoredJobRequests {
  private StoredJobRequests() {}

  /**
   * Stores {@code source} and {@code frames} sample driving frames of a new job, and returns its
   * request: lite, 64 px, PNG only, the views of the comma-separated presets {@code views}.
   */
  public static JobRequest store(
      ObjectStore store, byte[] source, int frames, String views, int attemptBase) {
    var sample = SampleJob.driving(SampleJob.DRIVING_FRAMES);
    List<byte[]> driving = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      driving.add(sample.get(i % sample.size()).bytes());
    }
    return store(store, source, driving, views, attemptBase);
  }

  /** As {@link #store(ObjectStore, byte[], int, String, int)} with these driving frames. */
  public static JobRequest store(
      ObjectStore store, byte[] source, List<byte[]> driving, String views, int attemptBase) {
    UUID id = UUID.randomUUID();
    String sourceKey = store.put(JobKeys.source(id, "png"), source, "image/png").key();
    List<String> drivingKeys = new ArrayList<>();
    for (int i = 0; i < driving.size(); i++) {
      drivingKeys.add(store.put(JobKeys.driving(id, i, "png"), driving.get(i), "image/png").key());
    }
    List<ViewSpec> viewSpecs = new ArrayList<>();
    for (String preset : views.split(",")) {
      viewSpecs.addAll(ViewPresets.expand(preset, "views"));
    }
    JobOptions options = new JobOptions(viewSpecs, "lite", 64, Set.of(OutputFormat.PNG), 12);
    return new JobRequest(
        id, "default", sourceKey, drivingKeys, options, Instant.now(), attemptBase);
  }
}
