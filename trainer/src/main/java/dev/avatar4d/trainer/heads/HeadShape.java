package dev.avatar4d.trainer.heads;

import static dev.avatar4d.trainer.heads.Sdf.ellipsoid;
import static dev.avatar4d.trainer.heads.Sdf.smoothIntersect;
import static dev.avatar4d.trainer.heads.Sdf.smoothSubtract;
import static dev.avatar4d.trainer.heads.Sdf.smoothUnion;
import static dev.avatar4d.trainer.heads.Sdf.smoothstep;
import static dev.avatar4d.trainer.heads.Sdf.sq;

import dev.avatar4d.synthesizer.camera.Camera;

/**
 * One posed, expressive head as a signed distance field with a surface colour, in world units.
 *
 * <p>The head is built in its own frame (facing +z, y up, about 0.6 units tall), then scaled and
 * lowered so that the synthesizer's front camera frames it like an aligned portrait crop from
 * ellipsoids blended smoothly: skull, lower face, nose, ears, neck, hair shell, eyeballs in sockets
 * and a mouth cavity that opens with the jaw. Blinks, brows and lips are painted on the surface,
 * since their geometry is too small to matter at the training resolutions. The pose rotates the
 * whole head about a pivot in the neck.
 */
public final class HeadShape {
  /** The pivot of head rotation, in the neck, in world units. */
  private static final double[] PIVOT = {0, -0.29, -0.04};

  /** World size of the head frame's unit: frames the head like an aligned portrait crop. */
  private static final double SCALE = 1.3;

  /** The head frame's origin sits this far below the world origin. */
  private static final double DROP = 0.03;

  private static final double EYEBALL = 0.030;
  private static final double NECK_BOTTOM = -0.46;

  private final HeadIdentity id;
  private final Expression ex;
  private final double[] rotation;
  private final ValueNoise noise;

  private final double eyeX;
  private final double eyeY = 0.03;
  private final double eyeZ = 0.150;
  private final double mouthY;
  private final double mouthHalfWidth;
  private final double jawDrop;

  public HeadShape(HeadIdentity identity, Expression expression, HeadPose pose) {
    this.id = identity;
    this.ex = expression;
    this.rotation = rotation(pose);
    this.noise = new ValueNoise(identity.textureSeed());
    this.eyeX = 0.062 * identity.eyeSpacing();
    this.jawDrop = 0.03 * expression.jawOpen();
    this.mouthY = -0.115 - 0.4 * jawDrop;
    this.mouthHalfWidth = 0.046 * (1 + 0.3 * expression.smile());
  }

  public HeadIdentity identity() {
    return id;
  }

  public Expression expression() {
    return ex;
  }

  /** Signed distance from a world point to the head's surface (negative inside). */
  public double distance(double x, double y, double z) {
    double[] p = toHead(x, y, z);
    return headDistance(p[0], p[1], p[2]) * SCALE;
  }

  /** The unlit surface colour at a world point on (or very near) the surface. */
  public Rgb albedo(double x, double y, double z) {
    double[] p = toHead(x, y, z);
    return headAlbedo(p[0], p[1], p[2]);
  }

  private double headDistance(double x, double y, double z) {
    double skull =
        ellipsoid(
            x,
            y - 0.07,
            z + 0.03,
            0.19 * id.skullWidth(),
            0.24 * id.skullHeight(),
            0.23 * id.skullDepth());
    double face =
        ellipsoid(
            x,
            y + 0.09 + jawDrop,
            z - 0.03,
            0.145 * id.jawWidth(),
            0.15 * id.chinLength() + jawDrop,
            0.16);
    double d = smoothUnion(skull, face, 0.07);
    double nose =
        ellipsoid(
            x,
            y + 0.035,
            z - 0.19,
            0.028 * id.noseWidth(),
            0.055 * id.noseLength(),
            0.045 * id.noseLength());
    d = smoothUnion(d, nose, 0.02);
    double ears =
        ellipsoid(
            Math.abs(x) - 0.19 * id.skullWidth(),
            y,
            z + 0.02,
            0.025,
            0.055 * id.earSize(),
            0.035 * id.earSize());
    d = smoothUnion(d, ears, 0.015);
    double neck = Sdf.verticalCylinder(x, y, z + 0.04, 0.10, NECK_BOTTOM, -0.12);
    d = smoothUnion(d, neck, 0.05);
    d = smoothUnion(d, hairShell(x, y, z), 0.01);
    d =
        smoothSubtract(
            d, Sdf.sphere(Math.abs(x) - eyeX, y - eyeY, z - eyeZ, EYEBALL + 0.006), 0.01);
    if (ex.jawOpen() > 0.02) {
      double cavity =
          ellipsoid(
              x, y - mouthY, z - 0.175, mouthHalfWidth * 0.95, 0.004 + 0.028 * ex.jawOpen(), 0.05);
      d = smoothSubtract(d, cavity, 0.01);
    }
    return Math.min(d, Sdf.sphere(Math.abs(x) - eyeX, y - eyeY, z - eyeZ, EYEBALL));
  }

  private double hairShell(double x, double y, double z) {
    double stand = 0.015 * id.hairVolume();
    double shell =
        ellipsoid(
            x,
            y - 0.075,
            z + 0.035,
            0.19 * id.skullWidth() + stand,
            0.24 * id.skullHeight() + stand,
            0.23 * id.skullDepth() + stand);
    return smoothIntersect(shell, hairline(z) - y, 0.02);
  }

  /** Height above which hair grows: high on the forehead, low at the back of the head. */
  private double hairline(double z) {
    return id.hairline() + (-0.14 - id.hairline()) * smoothstep(0.12, -0.2, z);
  }

  private Rgb headAlbedo(double x, double y, double z) {
    double side = x >= 0 ? 1 : -1;
    double ex0 = Math.abs(x) - eyeX;
    if (Sdf.sphere(ex0, y - eyeY, z - eyeZ, EYEBALL) < 0.0025) {
      return eye(ex0, y - eyeY, z - eyeZ, side > 0 ? ex.blinkLeft() : ex.blinkRight());
    }
    if (y > hairline(z) - 0.004 && hairShell(x, y, z) < 0.004) {
      double strands = noise.fractal(x * 90, y * 12, z * 90);
      return id.hair().scale(0.75 + 0.5 * strands);
    }
    if (z > 0.12) {
      Rgb feature = faceFeature(x, y, ex0);
      if (feature != null) {
        return feature;
      }
    }
    double blotch = noise.fractal(x * 28 + 5, y * 28, z * 28) - 0.5;
    double freckle = noise.at(x * 160, y * 160, z * 160) > 0.86 ? -0.5 : 0;
    return id.skin().scale(1 + 2 * id.textureStrength() * (blotch + 0.3 * freckle));
  }

  private Rgb eye(double x, double y, double z, double blink) {
    double lid = EYEBALL * (1 - 2 * blink);
    if (y > lid) {
      return id.skin().scale(0.88);
    }
    double cos = z / Math.sqrt(x * x + y * y + z * z);
    if (cos > 0.975) {
      return new Rgb(0.03, 0.03, 0.03);
    }
    if (cos > 0.91) {
      return id.iris();
    }
    return new Rgb(0.92, 0.90, 0.86);
  }

  /** Brows and lips on the front of the face, or null for bare skin. */
  private Rgb faceFeature(double x, double y, double eyeDx) {
    double browHalf = 0.038;
    if (Math.abs(eyeDx) < browHalf) {
      double browY = eyeY + 0.055 + 0.025 * ex.browRaise() + 0.006 * (1 - sq(eyeDx / browHalf));
      if (Math.abs(y - browY) < 0.009 * (1 - 0.5 * sq(eyeDx / browHalf))) {
        return id.brows();
      }
    }
    double u = x / mouthHalfWidth;
    if (Math.abs(u) < 1) {
      double taper = 1 - u * u;
      double centre = mouthY + 0.018 * ex.smile() * u * u;
      double gap = 0.05 * ex.jawOpen() * taper + 0.0015;
      double dy = y - centre;
      if (Math.abs(dy) < gap / 2) {
        boolean teeth = ex.jawOpen() > 0.2 && dy > gap / 2 - 0.009;
        return teeth ? new Rgb(0.9, 0.88, 0.8) : new Rgb(0.22, 0.05, 0.06);
      }
      if (dy > 0 && dy < gap / 2 + 0.012 * Math.sqrt(taper)) {
        return id.lips();
      }
      if (dy < 0 && -dy < gap / 2 + 0.015 * Math.sqrt(taper)) {
        return id.lips().scale(1.05);
      }
    }
    return null;
  }

  private double[] toHead(double x, double y, double z) {
    double dx = x - PIVOT[0];
    double dy = y - PIVOT[1];
    double dz = z - PIVOT[2];
    double[] r = rotation;
    // Inverse rotation (the transpose), then from world units to head units.
    return new double[] {
      (r[0] * dx + r[3] * dy + r[6] * dz + PIVOT[0]) / SCALE,
      (r[1] * dx + r[4] * dy + r[7] * dz + PIVOT[1] + DROP) / SCALE,
      (r[2] * dx + r[5] * dy + r[8] * dz + PIVOT[2]) / SCALE
    };
  }

  /**
   * The camera that sees the unposed head exactly as {@code camera} sees the head posed by {@code
   * pose}: the pose is a rigid turn about the neck pivot, so moving the camera by its inverse gives
   * the same rays through the same surface at the same distances (only the world-fixed light falls
   * differently). This is the paper's head pose as camera ({@code use_neck=False}): the synthesizer
   * renders a head in its own frame, and the driving pose moves the camera.
   */
  public static Camera unposedView(HeadPose pose, Camera camera) {
    double[] r = rotation(pose);
    float[] m = camera.cam2world();
    float[] out = new float[16];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        // (Rᵀ · M)[i][j] for the rotation columns.
        out[i * 4 + j] = (float) (r[i] * m[j] + r[3 + i] * m[4 + j] + r[6 + i] * m[8 + j]);
      }
      double position = 0;
      for (int k = 0; k < 3; k++) {
        position += r[k * 3 + i] * (m[k * 4 + 3] - PIVOT[k]);
      }
      out[i * 4 + 3] = (float) (position + PIVOT[i]);
    }
    out[15] = 1f;
    return new Camera(out, camera.intrinsics());
  }

  /** Row-major R = Ry(yaw) · Rx(−pitch) · Rz(roll), head frame to world. */
  private static double[] rotation(HeadPose pose) {
    double cy = Math.cos(pose.yaw()), sy = Math.sin(pose.yaw());
    double cp = Math.cos(-pose.pitch()), sp = Math.sin(-pose.pitch());
    double cr = Math.cos(pose.roll()), sr = Math.sin(pose.roll());
    double[] ry = {cy, 0, sy, 0, 1, 0, -sy, 0, cy};
    double[] rx = {1, 0, 0, 0, cp, -sp, 0, sp, cp};
    double[] rz = {cr, -sr, 0, sr, cr, 0, 0, 0, 1};
    return multiply(ry, multiply(rx, rz));
  }

  private static double[] multiply(double[] a, double[] b) {
    double[] c = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        c[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
      }
    }
    return c;
  }
}
