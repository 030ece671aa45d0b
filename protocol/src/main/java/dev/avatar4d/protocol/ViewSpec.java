package dev.avatar4d.protocol;

/**
 * One camera to render every driving frame from, as an orbit around the head centre.
 *
 * @param name unique label within the job, used in output keys ({@code [a-z0-9_-]{1,32}})
 * @param yawDeg rotation about the vertical axis; positive turns the camera to the subject's left
 * @param pitchDeg elevation; positive looks from above
 * @param radius camera distance from the head centre, in the model's world units (4.2 is frontal
 *     default)
 * @param fovDeg true field of view in degrees (the image spans it vertically and horizontally); 12
 *     with radius 4.2 is the official front camera the models are trained with
 */
public record ViewSpec(String name, double yawDeg, double pitchDeg, double radius, double fovDeg) {

  /** Limits the trained models are meaningful within. */
  public static final double MAX_ABS_YAW = 90;

  public static final double MAX_ABS_PITCH = 45;
  public static final double MIN_RADIUS = 2.5;
  public static final double MAX_RADIUS = 8;
  public static final double MIN_FOV = 6;
  public static final double MAX_FOV = 40;
  public static final double DEFAULT_RADIUS = 4.2;
  public static final double DEFAULT_FOV = 12;

  public ViewSpec {
    if (name == null || !name.matches("[a-z0-9_-]{1,32}")) {
      throw new InvalidFieldException("name", "must match [a-z0-9_-]{1,32}, got " + name);
    }
    requireRange("yaw", yawDeg, -MAX_ABS_YAW, MAX_ABS_YAW);
    requireRange("pitch", pitchDeg, -MAX_ABS_PITCH, MAX_ABS_PITCH);
    requireRange("radius", radius, MIN_RADIUS, MAX_RADIUS);
    requireRange("fov", fovDeg, MIN_FOV, MAX_FOV);
  }

  private static void requireRange(String field, double value, double min, double max) {
    if (!Double.isFinite(value) || value < min || value > max) {
      throw new InvalidFieldException(
          field, "must be between " + min + " and " + max + ", got " + value);
    }
  }
}
