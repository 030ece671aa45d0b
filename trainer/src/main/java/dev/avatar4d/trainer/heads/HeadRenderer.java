package dev.avatar4d.trainer.heads;

import dev.avatar4d.synthesizer.camera.Camera;
import java.util.stream.IntStream;

/**
 * Renders a {@link HeadShape} by sphere tracing, with the synthesizer's camera convention: pixel
 * (row i, column j) looks along ((u − cx)/fx, −(v − cy)/fy, −1) in camera space, u = (j + ½)/R, v =
 * (i + ½)/R, rotated by cam2world (as {@code RaySampler}); rays are traced over the same auto-plane
 * range |z₀| ∓ boxWarp/2, so depths are comparable with the synthesizer's.
 *
 * <p>Each pixel averages a 2×2 grid of rays, so edges are anti-aliased and the mask is fractional.
 * Lighting is fixed in the world (a key light from the upper right front plus ambient), so a head
 * turned away from it darkens as a real one would. Rows are rendered in parallel; the result does
 * not depend on the thread count.
 */
public final class HeadRenderer {
  private static final int MAX_STEPS = 200;
  private static final double STEP_FACTOR = 0.8;
  private static final double HIT = 2e-4;
  private static final double[] LIGHT = normalize(0.35, 0.55, 0.75);
  private static final double AMBIENT = 0.38;
  private static final int SUPERSAMPLE = 2;

  private final float boxWarp;

  /**
   * @param boxWarp side of the synthesizer's triplane cube, which bounds the traced range
   */
  public HeadRenderer(float boxWarp) {
    if (!(boxWarp > 0)) {
      throw new IllegalArgumentException("boxWarp must be positive");
    }
    this.boxWarp = boxWarp;
  }

  /** Near end of the traced range for this camera. */
  public float near(Camera camera) {
    return Math.abs(camera.originDepth()) - boxWarp / 2;
  }

  /** Far end of the traced range for this camera, also the depth of uncovered pixels. */
  public float far(Camera camera) {
    return Math.abs(camera.originDepth()) + boxWarp / 2;
  }

  public HeadRender render(HeadShape head, Camera camera, int resolution) {
    if (resolution < 1) {
      throw new IllegalArgumentException("resolution must be positive");
    }
    int n = resolution * resolution;
    float[] rgb = new float[3 * n];
    float[] mask = new float[n];
    float[] depth = new float[n];
    float[] c2w = camera.cam2world();
    float[] k = camera.intrinsics();
    double near = near(camera);
    double far = far(camera);
    double[] origin = {c2w[3], c2w[7], c2w[11]};
    Rgb backdrop = head.identity().background();
    IntStream.range(0, resolution)
        .parallel()
        .forEach(
            row -> {
              for (int col = 0; col < resolution; col++) {
                double r = 0, g = 0, b = 0, hits = 0, tSum = 0;
                for (int s = 0; s < SUPERSAMPLE * SUPERSAMPLE; s++) {
                  double u = (col + (s % SUPERSAMPLE + 0.5) / SUPERSAMPLE) / resolution;
                  double v = (row + (s / SUPERSAMPLE + 0.5) / SUPERSAMPLE) / resolution;
                  double[] dir = direction(c2w, k, u, v);
                  double t = trace(head, origin, dir, near, far);
                  Rgb c;
                  if (t < 0) {
                    c = backdrop(backdrop, v);
                  } else {
                    double[] p = {
                      origin[0] + t * dir[0], origin[1] + t * dir[1], origin[2] + t * dir[2]
                    };
                    c = shade(head, p);
                    hits++;
                    tSum += t;
                  }
                  r += c.r();
                  g += c.g();
                  b += c.b();
                }
                int i = row * resolution + col;
                double samples = SUPERSAMPLE * SUPERSAMPLE;
                rgb[i] = (float) (r / samples);
                rgb[n + i] = (float) (g / samples);
                rgb[2 * n + i] = (float) (b / samples);
                mask[i] = (float) (hits / samples);
                depth[i] = (float) (hits > 0 ? tSum / hits : far);
              }
            });
    return new HeadRender(resolution, rgb, mask, depth);
  }

  /** World-space unit direction of the ray through normalised image point (u, v). */
  static double[] direction(float[] c2w, float[] k, double u, double v) {
    double cx = (u - k[2]) / k[0];
    double cy = -(v - k[5]) / k[4];
    double cz = -1;
    double x = c2w[0] * cx + c2w[1] * cy + c2w[2] * cz;
    double y = c2w[4] * cx + c2w[5] * cy + c2w[6] * cz;
    double z = c2w[8] * cx + c2w[9] * cy + c2w[10] * cz;
    return normalize(x, y, z);
  }

  /**
   * The backdrop's colour at normalised image height {@code v} (0 at the top, 1 at the bottom): the
   * identity's background colour under a gentle vertical gradient.
   */
  public static Rgb backdrop(Rgb colour, double v) {
    return colour.scale(1.08 - 0.16 * v);
  }

  /** Distance along the ray to the surface, or −1 if the ray misses within [near, far]. */
  private static double trace(HeadShape head, double[] o, double[] d, double near, double far) {
    double t = near;
    for (int i = 0; i < MAX_STEPS && t <= far; i++) {
      double dist = head.distance(o[0] + t * d[0], o[1] + t * d[1], o[2] + t * d[2]);
      if (dist < HIT) {
        return t;
      }
      t += Math.max(dist * STEP_FACTOR, HIT);
    }
    return -1;
  }

  private static Rgb shade(HeadShape head, double[] p) {
    double e = 1e-4;
    double nx = head.distance(p[0] + e, p[1], p[2]) - head.distance(p[0] - e, p[1], p[2]);
    double ny = head.distance(p[0], p[1] + e, p[2]) - head.distance(p[0], p[1] - e, p[2]);
    double nz = head.distance(p[0], p[1], p[2] + e) - head.distance(p[0], p[1], p[2] - e);
    double[] normal = normalize(nx, ny, nz);
    double lambert =
        Math.max(0, normal[0] * LIGHT[0] + normal[1] * LIGHT[1] + normal[2] * LIGHT[2]);
    return head.albedo(p[0], p[1], p[2]).scale(AMBIENT + (1 - AMBIENT) * lambert);
  }

  private static double[] normalize(double x, double y, double z) {
    double len = Math.sqrt(x * x + y * y + z * z);
    return new double[] {x / len, y / len, z / len};
  }
}
