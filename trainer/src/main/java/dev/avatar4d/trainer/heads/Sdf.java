package dev.avatar4d.trainer.heads;

/**
 * Signed-distance primitives and blends. The ellipsoid distance is the usual first-order bound, not
 * exact, so callers march with a step factor below one.
 */
final class Sdf {
  private Sdf() {}

  static double ellipsoid(double x, double y, double z, double rx, double ry, double rz) {
    double k0 = Math.sqrt(sq(x / rx) + sq(y / ry) + sq(z / rz));
    double k1 = Math.sqrt(sq(x / (rx * rx)) + sq(y / (ry * ry)) + sq(z / (rz * rz)));
    return k1 == 0 ? -Math.min(rx, Math.min(ry, rz)) : k0 * (k0 - 1) / k1;
  }

  static double sphere(double x, double y, double z, double r) {
    return Math.sqrt(x * x + y * y + z * z) - r;
  }

  /** A cylinder along y from {@code y0} to {@code y1}. */
  static double verticalCylinder(double x, double y, double z, double r, double y0, double y1) {
    double dRadial = Math.sqrt(x * x + z * z) - r;
    double dAxial = Math.max(y0 - y, y - y1);
    double outside = Math.sqrt(sq(Math.max(dRadial, 0)) + sq(Math.max(dAxial, 0)));
    return outside + Math.min(Math.max(dRadial, dAxial), 0);
  }

  /** Polynomial smooth minimum: a union whose seam is rounded over about {@code k}. */
  static double smoothUnion(double a, double b, double k) {
    double h = Math.max(k - Math.abs(a - b), 0) / k;
    return Math.min(a, b) - h * h * k * 0.25;
  }

  /** Removes {@code cut} from {@code a}, rounding the edge over about {@code k}. */
  static double smoothSubtract(double a, double cut, double k) {
    return -smoothUnion(-a, cut, k);
  }

  /** Keeps the part of {@code a} inside {@code b}, rounding the edge over about {@code k}. */
  static double smoothIntersect(double a, double b, double k) {
    return -smoothUnion(-a, -b, k);
  }

  static double smoothstep(double edge0, double edge1, double x) {
    double t = Math.max(0, Math.min(1, (x - edge0) / (edge1 - edge0)));
    return t * t * (3 - 2 * t);
  }

  static double sq(double v) {
    return v * v;
  }
}
