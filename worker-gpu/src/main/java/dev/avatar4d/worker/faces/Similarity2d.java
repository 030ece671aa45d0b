package dev.avatar4d.worker.faces;

/** The least-squares 2-D similarity (scale, rotation, shift) taking one point set onto another. */
final class Similarity2d {

  private Similarity2d() {}

  /** {@code from} moved by the similarity that best maps it onto {@code to}. */
  static double[][] fit(double[][] from, double[][] to) {
    int n = from.length;
    double fx = 0;
    double fy = 0;
    double tx = 0;
    double ty = 0;
    for (int i = 0; i < n; i++) {
      fx += from[i][0] / n;
      fy += from[i][1] / n;
      tx += to[i][0] / n;
      ty += to[i][1] / n;
    }
    double dot = 0;
    double cross = 0;
    double norm = 0;
    for (int i = 0; i < n; i++) {
      double ax = from[i][0] - fx;
      double ay = from[i][1] - fy;
      double bx = to[i][0] - tx;
      double by = to[i][1] - ty;
      dot += ax * bx + ay * by;
      cross += ax * by - ay * bx;
      norm += ax * ax + ay * ay;
    }
    // x' = a·x − b·y, y' = b·x + a·y minimises the squared distances for these a, b.
    double a = norm == 0 ? 1 : dot / norm;
    double b = norm == 0 ? 0 : cross / norm;
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      double ax = from[i][0] - fx;
      double ay = from[i][1] - fy;
      out[i] = new double[] {a * ax - b * ay + tx, b * ax + a * ay + ty};
    }
    return out;
  }
}
