package dev.avatar4d.faces;

import dev.avatar4d.faces.detect.Detection;
import java.util.List;
import java.util.Optional;

/**
 * The faces of one image: every detection, and the measurements of the largest one.
 *
 * @param detections all faces found, best score first
 * @param primary the largest face, measured; empty when no face was found
 */
public record FaceScan(List<Detection> detections, Optional<FaceObservation> primary) {

  /** Copies the list. */
  public FaceScan {
    detections = List.copyOf(detections);
  }

  /** True when at least one face was found. */
  public boolean found() {
    return primary.isPresent();
  }
}
