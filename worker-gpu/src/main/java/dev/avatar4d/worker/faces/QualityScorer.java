package dev.avatar4d.worker.faces;

import dev.avatar4d.faces.FaceAnalyzer;
import dev.avatar4d.faces.embed.FaceEmbedder;
import dev.avatar4d.faces.geom.Box;
import dev.avatar4d.faces.geom.Point;
import dev.avatar4d.faces.image.RgbImage;
import dev.avatar4d.faces.landmark.Landmarks68;
import dev.avatar4d.protocol.FaceFrame;
import dev.avatar4d.protocol.Quality;
import dev.avatar4d.synthesizer.nn.FaceAlignment;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scores one view of the output against the inputs with the face networks: identity as the cosine
 * of the source's and the output's face descriptors, expression as the distance between the
 * output's and the driving frame's landmarks of brows, eyes and mouth once a similarity fit has
 * removed position, size and roll. The output's landmarks are placed in the box the source face has
 * in its crop, which the front view keeps.
 */
public final class QualityScorer {

  /** Brows 17–26, eyes 36–47, mouth 48–67: the points an expression moves. */
  private static final int[] EXPRESSION_POINTS = range(17, 26, 36, 67);

  private final FaceAnalyzer analyzer;
  private final float[] sourceDescriptor;
  private final Box sourceBoxInCrop;
  private final int cropSize;
  private final List<Double> identity = new ArrayList<>();
  private final List<Double> expression = new ArrayList<>();

  /**
   * @param sourceCrop the source's aligned crop
   * @param source the source's record, whose landmarks are in crop pixels
   */
  public QualityScorer(FaceAnalyzer analyzer, BufferedImage sourceCrop, FaceFrame source) {
    this.analyzer = analyzer;
    this.cropSize = sourceCrop.getWidth();
    Landmarks68 lm = landmarks(source.cropLandmarks(), 1);
    this.sourceDescriptor =
        analyzer.descriptor(RgbImage.of(sourceCrop), lm).orElseThrow(IllegalStateException::new);
    this.sourceBoxInCrop = faceBox(lm);
  }

  /** Scores frame {@code f}'s output of the scored view against its driving frame's record. */
  public void add(BufferedImage output, FaceFrame driving) {
    double k = (double) output.getWidth() / cropSize;
    Box box =
        new Box(
            sourceBoxInCrop.x() * k,
            sourceBoxInCrop.y() * k,
            sourceBoxInCrop.width() * k,
            sourceBoxInCrop.height() * k);
    RgbImage rgb = RgbImage.of(output);
    Optional<Landmarks68> found = analyzer.landmarks(rgb, box);
    if (found.isEmpty()) {
      return;
    }
    Landmarks68 lm = found.get();
    analyzer
        .descriptor(rgb, lm)
        .ifPresent(d -> identity.add(FaceEmbedder.cosine(sourceDescriptor, d)));
    if (driving.found()) {
      expression.add(expressionError(lm, landmarks(driving.cropLandmarks(), k)));
    }
  }

  /** The scores so far; empty when no frame could be scored. */
  public Optional<Quality> result(String view) {
    if (identity.isEmpty()) {
      return Optional.empty();
    }
    double[] id = identity.stream().mapToDouble(Double::doubleValue).toArray();
    double[] ex = expression.stream().mapToDouble(Double::doubleValue).toArray();
    return Optional.of(new Quality(view, round(id), mean(id), round(ex), mean(ex)));
  }

  /** Mean landmark distance after the best similarity fit, over the inter-ocular distance. */
  static double expressionError(Landmarks68 output, Landmarks68 driving) {
    int n = EXPRESSION_POINTS.length;
    double[][] a = new double[n][];
    double[][] b = new double[n][];
    for (int i = 0; i < n; i++) {
      Point p = output.get(EXPRESSION_POINTS[i]);
      Point q = driving.get(EXPRESSION_POINTS[i]);
      a[i] = new double[] {p.x(), p.y()};
      b[i] = new double[] {q.x(), q.y()};
    }
    double[] m = FaceAlignment.similarity(a, b);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double x = m[0] * a[i][0] - m[1] * a[i][1] + m[2];
      double y = m[1] * a[i][0] + m[0] * a[i][1] + m[3];
      sum += Math.hypot(x - b[i][0], y - b[i][1]);
    }
    double eyes = driving.mean(36, 41).distance(driving.mean(42, 47));
    return sum / n / eyes;
  }

  private static Landmarks68 landmarks(List<double[]> points, double scale) {
    List<Point> out = new ArrayList<>(points.size());
    for (double[] p : points) {
      out.add(new Point(p[0] * scale, p[1] * scale));
    }
    return new Landmarks68(out);
  }

  /** The landmarks' bounding box, grown at the top for the brow line as a detector box is. */
  private static Box faceBox(Landmarks68 lm) {
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (Point p : lm.points()) {
      minX = Math.min(minX, p.x());
      minY = Math.min(minY, p.y());
      maxX = Math.max(maxX, p.x());
      maxY = Math.max(maxY, p.y());
    }
    double w = maxX - minX;
    double h = maxY - minY;
    return new Box(minX - 0.05 * w, minY - 0.15 * h, 1.1 * w, 1.2 * h);
  }

  private static int[] range(int a0, int a1, int b0, int b1) {
    int[] out = new int[(a1 - a0 + 1) + (b1 - b0 + 1)];
    int k = 0;
    for (int i = a0; i <= a1; i++) {
      out[k++] = i;
    }
    for (int i = b0; i <= b1; i++) {
      out[k++] = i;
    }
    return out;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? 0 : Math.round(s / v.length * 1e4) / 1e4;
  }

  private static double[] round(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.round(v[i] * 1e4) / 1e4;
    }
    return out;
  }
}
