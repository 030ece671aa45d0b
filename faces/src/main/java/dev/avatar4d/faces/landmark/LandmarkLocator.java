package dev.avatar4d.faces.landmark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.avatar4d.faces.geom.Box;
import dev.avatar4d.faces.geom.PixelRect;
import dev.avatar4d.faces.geom.Point;
import dev.avatar4d.faces.image.RgbImage;
import dev.avatar4d.faces.image.TfImageOps;
import dev.avatar4d.faces.nn.FaceLandmark68Net;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Places the 68 landmarks in a face box, as face-api does: the box is clipped to the image and
 * floored, cut out, zero-padded to a centred square, resized to 112² and regressed.
 *
 * <p>One deliberate difference: face-api adds the unclipped, unfloored box corner to the points
 * while they are relative to the floored, clipped cut-out; here they are placed relative to the
 * cut-out itself (face-api's points are off by the fractional part of the box corner, under 1 px,
 * and by more where the box leaves the image).
 */
public final class LandmarkLocator {

  private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

  private final NDManager manager;
  private final FaceLandmark68Net net;

  /** A locator running {@code net}, whose arrays live in {@code manager}. */
  public LandmarkLocator(NDManager manager, FaceLandmark68Net net) {
    this.manager = manager;
    this.net = net;
  }

  /** The landmarks in {@code box}; empty when the box holds no pixel of the image. */
  public Optional<Landmarks68> locate(RgbImage image, Box box) {
    PixelRect r = box.clipToImage(image.width(), image.height());
    if (r.isEmpty()) {
      return Optional.empty();
    }
    RgbImage face = TfImageOps.crop(image, r.x(), r.y(), r.width(), r.height());
    int n = FaceLandmark68Net.INPUT;
    RgbImage input = TfImageOps.resizeBilinear(TfImageOps.padToSquare(face, true), n, n);
    float[] rel;
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = scope.create(TfImageOps.normalisedChw(input, MEAN_RGB), new Shape(1, 3, n, n));
      rel = net.forward(x).toFloatArray();
    }
    // Undo the centred padding in the 112² frame, then scale to the cut-out (face-api's
    // postProcess).
    double s = (double) n / Math.max(r.width(), r.height());
    double w = r.width() * s;
    double h = r.height() * s;
    double padX = w < h ? Math.abs(w - h) / 2 : 0;
    double padY = h < w ? Math.abs(w - h) / 2 : 0;
    List<Point> points = new ArrayList<>(68);
    for (int i = 0; i < 68; i++) {
      double px = (rel[2 * i] * n - padX) / w;
      double py = (rel[2 * i + 1] * n - padY) / h;
      points.add(new Point(px * r.width() + r.x(), py * r.height() + r.y()));
    }
    return Optional.of(new Landmarks68(points));
  }
}
