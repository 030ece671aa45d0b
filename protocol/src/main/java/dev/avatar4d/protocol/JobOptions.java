package dev.avatar4d.protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to render for a job.
 *
 * @param views cameras, at least one, at most {@value #MAX_VIEWS}, unique names
 * @param model model preset name ({@code lite} or {@code full})
 * @param resolution output edge length in pixels, {@value #MIN_RESOLUTION}..{@value
 *     #MAX_RESOLUTION}, a multiple of 16
 * @param formats outputs, at least one
 * @param fps frame rate of the MP4 outputs
 * @param pose whose head pose the avatar takes ({@link PoseMode}); {@link #DEFAULT_POSE} when null
 */
public record JobOptions(
    List<ViewSpec> views,
    String model,
    int resolution,
    Set<OutputFormat> formats,
    int fps,
    PoseMode pose) {

  public static final int MAX_VIEWS = 36;
  public static final int MIN_RESOLUTION = 64;
  public static final int MAX_RESOLUTION = 1024;
  public static final String DEFAULT_MODEL = "lite";
  public static final int DEFAULT_RESOLUTION = 256;
  public static final int DEFAULT_FPS = 12;
  public static final Set<String> MODELS = Set.of("lite", "full");
  public static final PoseMode DEFAULT_POSE = PoseMode.DRIVING;

  /** The formats of a job that names none: every per-view format; a mesh only when asked. */
  public static final Set<OutputFormat> DEFAULT_FORMATS =
      Set.of(OutputFormat.PNG, OutputFormat.MP4, OutputFormat.DEPTH);

  /** Options with the default pose mode. */
  public JobOptions(
      List<ViewSpec> views, String model, int resolution, Set<OutputFormat> formats, int fps) {
    this(views, model, resolution, formats, fps, DEFAULT_POSE);
  }

  public JobOptions {
    if (views == null || views.isEmpty()) {
      throw new InvalidFieldException("options.views", "at least one view is required");
    }
    if (views.size() > MAX_VIEWS) {
      throw new InvalidFieldException(
          "options.views", "at most " + MAX_VIEWS + " views, got " + views.size());
    }
    Set<String> names = new HashSet<>();
    for (ViewSpec v : views) {
      if (!names.add(v.name())) {
        throw new InvalidFieldException("options.views", "duplicate view name '" + v.name() + "'");
      }
    }
    if (model == null || !MODELS.contains(model)) {
      throw new InvalidFieldException(
          "options.model", "must be one of " + MODELS + ", got " + model);
    }
    if (resolution < MIN_RESOLUTION || resolution > MAX_RESOLUTION) {
      throw new InvalidFieldException(
          "options.resolution",
          "must be between " + MIN_RESOLUTION + " and " + MAX_RESOLUTION + ", got " + resolution);
    }
    if (resolution % 16 != 0) {
      // H.264 encodes whole 16×16 macroblocks; other sizes would need cropping metadata players
      // mishandle.
      throw new InvalidFieldException(
          "options.resolution", "must be a multiple of 16, got " + resolution);
    }
    if (formats == null || formats.isEmpty()) {
      throw new InvalidFieldException("options.formats", "at least one output format is required");
    }
    if (fps < 1 || fps > 60) {
      throw new InvalidFieldException("options.fps", "must be between 1 and 60, got " + fps);
    }
    views = List.copyOf(views);
    formats = Set.copyOf(formats);
    pose = pose == null ? DEFAULT_POSE : pose;
    Objects.requireNonNull(model);
  }
}
