package dev.avatar4d.protocol;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * @param depthRange per view name, the [near, far] ray distances that depth PNG values 0..65535 map
 *     to
 * @param files every stored output
 * @param finishedAt when the worker finished
 * @param viewsPerCall views rendered per synthesizer call at the end of the job (fewer than the
 *     views when the device ran out of memory and the worker halved its batches); 0 when unknown,
 *     as in manifests written before this field existed
 * @param timings milliseconds the worker spent in each stage of this attempt, keyed by {@link
 *     JobStage#key()} (every stage present, zero where it had nothing to do); empty in manifests
 *     written before this field existed
 * @param preprocess the faces found and how they were aligned and posed; null in manifests written
 *     before this field existed
 * @param quality identity and expression scores of the output; null when they could not be computed
 *     or in manifests written before this field existed
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
    Instant finishedAt,
    int viewsPerCall,
    Map<String, Long> timings,
    Preprocess preprocess,
    Quality quality) {

  /** A manifest that says neither how views were batched nor how long its stages took. */
  public Manifest(
      UUID jobId,
      int attempt,
      ModelStamp model,
      List<ViewSpec> views,
      int frames,
      int resolution,
      Map<String, float[]> depthRange,
      List<OutputFile> files,
      Instant finishedAt) {
    this(
        jobId,
        attempt,
        model,
        views,
        frames,
        resolution,
        depthRange,
        files,
        finishedAt,
        0,
        Map.of(),
        null,
        null);
  }

  public Manifest {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(model, "model");
    views = List.copyOf(views);
    files = List.copyOf(files);
    depthRange = depthRange == null ? Map.of() : Map.copyOf(depthRange);
    // Insertion order kept: the worker lists the stages in pipeline order.
    timings =
        timings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(timings));
  }
}
