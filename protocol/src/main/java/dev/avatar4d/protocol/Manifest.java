package dev.avatar4d.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code manifest.json}: every output of a finished job with its size, checksum and media type.
 *
 * @param jobId the job
 * @param attempt the attempt that produced these outputs
 * @param model the model that rendered them
 * @param views the views, in request order
 * @param frames driving frames rendered per view
 * @param resolution output edge length in pixels
 * @param depthRange per view name, the [near, far] ray distances that depth PNG values 0..65535 map to
 * @param files every stored output
 * @param finishedAt when the worker finished
 */
public record Manifest(
    UUID jobId,
    int attempt,
    ModelStamp model,
    List<ViewSpec> views,
    int frames,
    int resolution,
    Map<String, float[]> depthRange,
    List<OutputFile> files,
    Instant finishedAt) {

  public Manifest {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(model, "model");
    views = List.copyOf(views);
    files = List.copyOf(files);
    depthRange = depthRange == null ? Map.of() : Map.copyOf(depthRange);
  }
}
