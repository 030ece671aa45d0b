package dev.avatar4d.storage;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The object layout, in one place:
 *
 * <pre>
 * jobs/{id}/input/source.{ext}
 * jobs/{id}/input/driving/0000.{ext}
 * jobs/{id}/output/attempt-{n}-{run}/...   (see {@link AttemptKeys})
 * </pre>
 *
 * Outputs live under the run of the attempt that wrote them, so two runs of one job (a redelivery
 * racing a worker that lost its lease but did not notice yet, even at the same attempt number)
 * never write the same key: the manifest the client is given always lists the files of the run that
 * wrote it. Readers find a job's manifest through the key its SUCCEEDED event carried, never by
 * guessing the attempt.
 *
 * <p>Frame indexes are zero-padded to four digits so keys sort in frame order; larger indexes
 * simply grow wider. Extensions are lower-cased; view names and extensions are restricted to {@code
 * [A-Za-z0-9_-]} so a key never escapes its job's prefix.
 */
public final class JobKeys {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private JobKeys() {}

  /** {@code jobs/{id}/} everything of one job. */
  public static String jobPrefix(UUID job) {
    return "jobs/" + Objects.requireNonNull(job, "job") + "/";
  }

  /** {@code jobs/{id}/input/} */
  public static String inputPrefix(UUID job) {
    return jobPrefix(job) + "input/";
  }

  /** {@code jobs/{id}/input/source.{ext}} */
  public static String source(UUID job, String ext) {
    return inputPrefix(job) + "source." + ext(ext);
  }

  /** {@code jobs/{id}/input/driving/0000.{ext}} */
  public static String driving(UUID job, int index, String ext) {
    return inputPrefix(job) + "driving/" + index(index) + "." + ext(ext);
  }

  /** {@code jobs/{id}/output/} */
  public static String outputPrefix(UUID job) {
    return jobPrefix(job) + "output/";
  }

  static String index(int i) {
    if (i < 0) {
      throw new IllegalArgumentException("index must be >= 0: " + i);
    }
    return String.format("%04d", i);
  }

  private static String ext(String ext) {
    Objects.requireNonNull(ext, "ext");
    String e = ext.startsWith(".") ? ext.substring(1) : ext;
    if (!SEGMENT.matcher(e).matches()) {
      throw new IllegalArgumentException("bad file extension: " + ext);
    }
    return e.toLowerCase(java.util.Locale.ROOT);
  }

  static String view(String view) {
    if (view == null || !SEGMENT.matcher(view).matches()) {
      throw new IllegalArgumentException("bad view name (want [A-Za-z0-9_-]{1,64}): " + view);
    }
    return view;
  }
}
