package dev.avatar4d.protocol;

import java.util.List;

/**
 * How the worker prepared a job's photographs for the network: each face found, aligned to the
 * paper's crop and posed. The crops themselves are outputs of kind {@link OutputFile.Kind#CROP}.
 *
 * @param cropSize side of the aligned crops in pixels (the paper's 512)
 * @param pose the job's pose mode
 * @param source the source's face
 * @param driving each driving frame's face, in frame order
 * @param warnings what the worker guessed or doubts, each naming its input ({@code driving[3]: …})
 */
public record Preprocess(
    int cropSize, PoseMode pose, FaceFrame source, List<FaceFrame> driving, List<String> warnings) {

  /** Copies the lists. */
  public Preprocess {
    driving = List.copyOf(driving);
    warnings = List.copyOf(warnings);
  }
}
