package dev.avatar4d.synthesizer.camera;

/** Double-precision 3-vector arithmetic for camera construction. */
final class Vec3 {

  private Vec3() {}

  static double[] of(float[] v) {
    if (v == null || v.length != 3) {
      throw new IllegalArgumentException("a 3-vector has 3 values");
    }
    return new double[] {v[0], v[1], v[2]};
  }

  static double[] sub(float[] a, float[] b) {
    double[] x = of(a);
    double[] y = of(b);
    return new double[] {x[0] - y[0], x[1] - y[1], x[2] - y[2]};
  }

  static double[] cross(double[] a, double[] b) {
    return new double[] {
      a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
    };
  }

  static double length(double[] a) {
    return Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
  }

  static double[] normalize(double[] a) {
    double n = length(a);
    if (n < 1e-12) {
      throw new IllegalArgumentException("cannot normalise a zero vector");
    }
    return new double[] {a[0] / n, a[1] / n, a[2] / n};
  }
}
