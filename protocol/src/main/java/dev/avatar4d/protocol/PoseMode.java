package dev.avatar4d.protocol;

import java.util.Locale;

/**
 * Whose head pose the rendered head takes, on top of each requested view. Poses are estimated from
 * the landmarks of the source and of each driving frame. The network builds a frontal head whatever
 * the source's pose, so a pose is applied whole: with the head pose as the camera, as Portrait4D's
 * {@code use_neck=False} mode does.
 */
public enum PoseMode {
  /** Each frame's head takes that driving frame's pose: a driver who turns turns the avatar. */
  DRIVING,
  /** The head keeps the source's pose in every frame; only the expression follows the driver. */
  SOURCE,
  /**
   * The head faces the front camera, so each requested view sees it at the view's yaw and pitch.
   */
  FIXED;

  /** The API's spelling, e.g. {@code driving}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
