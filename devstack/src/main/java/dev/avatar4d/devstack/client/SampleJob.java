package dev.avatar4d.devstack.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundled demo job: a source portrait and six driving frames of two held-out procedural heads
 * (identities the lite model never trained on), written by the trainer module's {@code
 * dev.avatar4d.trainer.heads.DemoInputs}; our own renders, no third-party rights.
 */
public final class SampleJob {
  /** Driving frames shipped with the sample. */
  public static final int DRIVING_FRAMES = 6;

  private SampleJob() {}

  public static JobClient.Upload source() {
    return load("source.png");
  }

  /** The first {@code count} driving frames, at most {@link #DRIVING_FRAMES}. */
  public static List<JobClient.Upload> driving(int count) {
    List<JobClient.Upload> frames = new ArrayList<>();
    for (int i = 0; i < Math.min(count, DRIVING_FRAMES); i++) {
      frames.add(load(String.format("driving-%02d.png", i)));
    }
    return frames;
  }

  private static JobClient.Upload load(String name) {
    try (InputStream in =
        SampleJob.class.getResourceAsStream("/dev/avatar4d/devstack/sample/" + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "sample input " + name + " is missing from the devstack jar");
      }
      return new JobClient.Upload(name, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
