package dev.avatar4d.synthesizer.camera;

import java.util.Arrays;

/**
 * A render camera in the official 25-number layout: a row-major 4×4 cam2world matrix followed by a
 * row-major 3×3 intrinsics matrix normalised by the image size (fx, fy, cx, cy in units of the
 * image side). Camera axes follow OpenGL: x right, y up, the camera looks down −z.
 *
 * <p>The arrays are copied on the way in and out, so a {@code Camera} is immutable.
 *
 * @param cam2world 16 values, row-major; last row must be (0, 0, 0, 1)
 * @param intrinsics 9 values, row-major; fx, fy &gt; 0 and last row (0, 0, 1)
 */
public record Camera(float[] cam2world, float[] intrinsics) {

  private static final float EPS = 1e-5f;

  /** Validates and copies the matrices. */
  public Camera {
    cam2world = checked(cam2world, 16, "cam2world");
    intrinsics = checked(intrinsics, 9, "intrinsics");
    if (Math.abs(cam2world[12]) > EPS
        || Math.abs(cam2world[13]) > EPS
        || Math.abs(cam2world[14]) > EPS
        || Math.abs(cam2world[15] - 1f) > EPS) {
      throw new IllegalArgumentException("cam2world last row must be (0, 0, 0, 1)");
    }
    if (!(intrinsics[0] > 0f) || !(intrinsics[4] > 0f)) {
      throw new IllegalArgumentException("focal lengths fx, fy must be positive");
    }
    if (Math.abs(intrinsics[6]) > EPS
        || Math.abs(intrinsics[7]) > EPS
        || Math.abs(intrinsics[8] - 1f) > EPS) {
      throw new IllegalArgumentException("intrinsics last row must be (0, 0, 1)");
    }
  }

  /** Parses the official 25-number conditioning vector (16 cam2world + 9 intrinsics). */
  public static Camera fromArray25(float[] c) {
    if (c == null || c.length != 25) {
      throw new IllegalArgumentException("a camera vector has 25 values");
    }
    return new Camera(Arrays.copyOfRange(c, 0, 16), Arrays.copyOfRange(c, 16, 25));
  }

  /** The official 25-number vector: 16 cam2world values then 9 intrinsics. */
  public float[] toArray25() {
    float[] out = new float[25];
    System.arraycopy(cam2world, 0, out, 0, 16);
    System.arraycopy(intrinsics, 0, out, 16, 9);
    return out;
  }

  @Override
  public float[] cam2world() {
    return cam2world.clone();
  }

  @Override
  public float[] intrinsics() {
    return intrinsics.clone();
  }

  /**
   * The camera that sees only a {@code size}×{@code size} window of this camera's {@code
   * resolution}² image, starting at pixel column {@code x0} and row {@code y0}: rendered at {@code
   * size}², its pixels are exactly that window's pixels (same rays). Training renders random
   * windows of a target view instead of the whole image, as NeRF training samples random rays.
   */
  public Camera window(int resolution, int x0, int y0, int size) {
    if (size < 1 || x0 < 0 || y0 < 0 || x0 + size > resolution || y0 + size > resolution) {
      throw new IllegalArgumentException(
          "window "
              + size
              + "² at ("
              + x0
              + ", "
              + y0
              + ") does not fit a "
              + resolution
              + "² image");
    }
    float scale = (float) resolution / size;
    float[] k = intrinsics.clone();
    k[0] *= scale;
    k[4] *= scale;
    k[2] = (k[2] * resolution - x0) / size;
    k[5] = (k[5] * resolution - y0) / size;
    return new Camera(cam2world, k);
  }

  /** Camera centre in world coordinates. */
  public float[] position() {
    return new float[] {cam2world[3], cam2world[7], cam2world[11]};
  }

  /**
   * Depth of the world origin in camera space, world2cam[2][3] = −(Rᵀt)_z. The renderer's
   * auto-plane near/far bounds are |this| ∓ boxWarp/2.
   */
  public float originDepth() {
    return -(cam2world[2] * cam2world[3]
        + cam2world[6] * cam2world[7]
        + cam2world[10] * cam2world[11]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Camera other
        && Arrays.equals(cam2world, other.cam2world)
        && Arrays.equals(intrinsics, other.intrinsics);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(cam2world) + Arrays.hashCode(intrinsics);
  }

  @Override
  public String toString() {
    return "Camera[cam2world="
        + Arrays.toString(cam2world)
        + ", intrinsics="
        + Arrays.toString(intrinsics)
        + "]";
  }

  private static float[] checked(float[] values, int length, String name) {
    if (values == null || values.length != length) {
      throw new IllegalArgumentException(name + " must have " + length + " values");
    }
    for (float v : values) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException(name + " contains a non-finite value");
      }
    }
    return values.clone();
  }
}
