package dev.avatar4d.worker.job;

import dev.avatar4d.protocol.ViewSpec;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.camera.Cameras;

/**
 * Turns a job's {@link ViewSpec} into the synthesizer's camera. The API's {@code fov} is the true
 * field of view, the same convention the trainer samples its cameras in, so the default view
 * ({@code front}: yaw 0, pitch 0, radius 4.2, fov 12) is exactly {@link Cameras#front()}, the
 * framing the model was trained on.
 */
final class ViewCameras {

  private ViewCameras() {}

  static Camera of(ViewSpec view) {
    return Cameras.orbit(
        (float) view.yawDeg(),
        (float) view.pitchDeg(),
        (float) view.radius(),
        (float) view.fovDeg());
  }
}
