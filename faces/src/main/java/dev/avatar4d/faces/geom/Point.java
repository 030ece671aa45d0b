package dev.avatar4d.faces.geom;

/** A point in image pixels: x to the right, y down, origin at the top-left corner. */
public record Point(double x, double y) {

  /** The mean of some points. */
  public static Point mean(Iterable<Point> points) {
    double sx = 0;
    double sy = 0;
    int n = 0;
    for (Point p : points) {
      sx += p.x;
      sy += p.y;
      n++;
    }
    if (n == 0) {
      throw new IllegalArgumentException("mean of no points");
    }
    return new Point(sx / n, sy / n);
  }

  /** The Euclidean distance to {@code o}. */
  public double distance(Point o) {
    return Math.hypot(x - o.x, y - o.y);
  }
}
