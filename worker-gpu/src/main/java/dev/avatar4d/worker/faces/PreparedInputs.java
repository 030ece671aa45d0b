package dev.avatar4d.worker.faces;

import dev.avatar4d.protocol.Preprocess;
import java.util.List;

/**
 * A job's photographs after the face front end.
 *
 * @param source the source's crop and pose
 * @param driving each driving frame's crop and pose, in order
 * @param record what was found, for the manifest
 */
public record PreparedInputs(PreparedFrame source, List<PreparedFrame> driving, Preprocess record) {

  /** Copies the list. */
  public PreparedInputs {
    driving = List.copyOf(driving);
  }
}
