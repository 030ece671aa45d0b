package dev.avatar4d.faces.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.avatar4d.faces.geom.Box;
import dev.avatar4d.faces.geom.PixelRect;
import dev.avatar4d.faces.geom.Point;
import dev.avatar4d.faces.image.RgbImage;
import dev.avatar4d.faces.image.TfImageOps;
import dev.avatar4d.faces.landmark.Landmarks68;
import dev.avatar4d.faces.nn.FaceRecognitionNet;
import java.util.List;
import java.util.Optional;

/**
 * The 128-d identity descriptor of a face, cut out as face-api's "dlib alignment" does: a square of
 * side {@code ⌊d / 0.45⌋} (d the mean eye-to-mouth distance) placed with the mean of the eye and
 * mouth centres at (0.5, 0.43) of it, then padded to a centred square and resized to 150².
 *
 * <p>Descriptors of the same person lie close (face-api's matcher uses Euclidean distance 0.6);
 * {@link #cosine} compares them by angle.
 */
public final class FaceEmbedder {

  private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

  private final NDManager manager;
  private final FaceRecognitionNet net;

  /** An embedder running {@code net}, whose arrays live in {@code manager}. */
  public FaceEmbedder(NDManager manager, FaceRecognitionNet net) {
    this.manager = manager;
    this.net = net;
  }

  /** The square face-api cuts out for the descriptor, in image pixels (not clipped). */
  public static Box descriptorBox(Landmarks68 lm) {
    Point left = lm.mean(36, 41);
    Point right = lm.mean(42, 47);
    Point mouth = lm.mean(48, 67);
    double eyeToMouth = (mouth.distance(left) + mouth.distance(right)) / 2;
    double size = Math.floor(eyeToMouth / 0.45);
    Point ref = Point.mean(List.of(left, right, mouth));
    double x = Math.floor(Math.max(0, ref.x() - 0.5 * size));
    double y = Math.floor(Math.max(0, ref.y() - 0.43 * size));
    return new Box(x, y, size, size);
  }

  /** The descriptor of the face with these landmarks; empty if its square leaves the image. */
  public Optional<float[]> embed(RgbImage image, Landmarks68 landmarks) {
    return embed(image, descriptorBox(landmarks));
  }

  /** The descriptor of the pixels in {@code box}; empty when the box holds no pixel. */
  public Optional<float[]> embed(RgbImage image, Box box) {
    PixelRect r = box.clipToImage(image.width(), image.height());
    if (r.isEmpty()) {
      return Optional.empty();
    }
    RgbImage face = TfImageOps.crop(image, r.x(), r.y(), r.width(), r.height());
    int n = FaceRecognitionNet.INPUT;
    RgbImage input = TfImageOps.resizeBilinear(TfImageOps.padToSquare(face, true), n, n);
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = scope.create(TfImageOps.normalisedChw(input, MEAN_RGB), new Shape(1, 3, n, n));
      return Optional.of(net.forward(x).toFloatArray());
    }
  }

  /** The cosine of the angle between two descriptors, in [-1, 1]. */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("descriptors of lengths " + a.length + " and " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    if (na == 0 || nb == 0) {
      throw new IllegalArgumentException("cosine of a zero descriptor");
    }
    return dot / Math.sqrt(na * nb);
  }

  /** The Euclidean distance face-api's matcher uses (same person below about 0.6). */
  public static double euclidean(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return Math.sqrt(s);
  }
}
