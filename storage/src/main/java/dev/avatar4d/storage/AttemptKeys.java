package dev.avatar4d.storage;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The keys one run of one attempt writes its outputs under:
 *
 * <pre>
 * jobs/{id}/output/attempt-{n}-{run}/{view}/frames/0000.png
 * jobs/{id}/output/attempt-{n}-{run}/{view}/depth/0000.png
 * jobs/{id}/output/attempt-{n}-{run}/{view}/video.mp4
 * jobs/{id}/output/attempt-{n}-{run}/mesh/avatar.glb
 * jobs/{id}/output/attempt-{n}-{run}/manifest.json
 * </pre>
 *
 * <p>Why a run id beside the attempt number: the number alone is not unique. After a Kafka broker
 * restart the share group handed a job out again at the same delivery count, so a worker that had
 * lost the lease and a new one both ran "attempt 1" and wrote the same keys, and one run's frame no
 * longer matched the other run's manifest. The run id is drawn by the worker when the run starts,
 * so two runs never share a key, and the manifest (written last) lists exactly the keys of its own
 * run.
 *
 * @param job the job
 * @param attempt the attempt number, 1 or more
 * @param run eight lower-case hex digits, drawn at random for each run
 */
public record AttemptKeys(UUID job, int attempt, String run) {
  private static final Pattern RUN = Pattern.compile("[0-9a-f]{8}");
  private static final String MANIFEST = "manifest.json";
  private static final SecureRandom RANDOM = new SecureRandom();

  public AttemptKeys {
    Objects.requireNonNull(job, "job");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
    }
    if (run == null || !RUN.matcher(run).matches()) {
      throw new IllegalArgumentException("run must be 8 lower-case hex digits: " + run);
    }
  }

  /** The keys of a new run of {@code attempt}, with a fresh random run id. */
  public static AttemptKeys newRun(UUID job, int attempt) {
    byte[] id = new byte[4];
    RANDOM.nextBytes(id);
    return new AttemptKeys(job, attempt, HexFormat.of().formatHex(id));
  }

  /** {@code jobs/{id}/output/attempt-{n}-{run}/}: everything this run wrote. */
  public String prefix() {
    return JobKeys.outputPrefix(job) + "attempt-" + attempt + "-" + run + "/";
  }

  /** {@code …/{view}/frames/0000.png} */
  public String frame(String view, int frame) {
    return prefix() + JobKeys.view(view) + "/frames/" + JobKeys.index(frame) + ".png";
  }

  /** {@code …/{view}/depth/0000.png} */
  public String depth(String view, int frame) {
    return prefix() + JobKeys.view(view) + "/depth/" + JobKeys.index(frame) + ".png";
  }

  /** {@code …/{view}/video.mp4} */
  public String video(String view) {
    return prefix() + JobKeys.view(view) + "/video.mp4";
  }

  /** {@code …/crops/source.png}: the source's aligned face crop. */
  public String sourceCrop() {
    return prefix() + "crops/source.png";
  }

  /** {@code …/crops/driving/0000.png}: a driving frame's aligned face crop. */
  public String drivingCrop(int frame) {
    return prefix() + "crops/driving/" + JobKeys.index(frame) + ".png";
  }

  /**
   * {@code …/mesh/avatar.{extension}}: the source's head surface, e.g. {@code glb} or {@code ply}.
   */
  public String mesh(String extension) {
    if (!extension.matches("[a-z0-9]{1,8}")) {
      throw new IllegalArgumentException("not a file extension: " + extension);
    }
    return prefix() + "mesh/avatar." + extension;
  }

  /** {@code …/manifest.json} */
  public String manifest() {
    return prefix() + MANIFEST;
  }

  /**
   * The prefix of the run that wrote the manifest at {@code manifestKey} (a key {@link #manifest()}
   * made); empty when it is not a manifest key.
   */
  public static Optional<String> prefixOfManifest(String manifestKey) {
    if (manifestKey == null || !manifestKey.endsWith("/" + MANIFEST)) {
      return Optional.empty();
    }
    return Optional.of(manifestKey.substring(0, manifestKey.length() - MANIFEST.length()));
  }
}
