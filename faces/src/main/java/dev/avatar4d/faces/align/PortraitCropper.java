package dev.avatar4d.faces.align;

import dev.avatar4d.faces.geom.Point;
import dev.avatar4d.faces.image.RgbImage;
import dev.avatar4d.faces.landmark.Landmarks68;
import java.util.ArrayList;
import java.util.List;

/**
 * Portrait4D's face crop (official {@code crop_images_portrait_model.py}, see {@code
 * portrait4d-v2.md} §1.1.1): the five alignment points are fitted by POS to a 3-D template, the
 * image is resized so that the face has the template's size and a square window is cut around the
 * fitted centre, replicating edge pixels where the window leaves the image.
 *
 * <p>The resize and the cut are one resampling here: each crop pixel samples the source bilinearly,
 * averaging a grid of taps when the source is shrunk (the official code uses Lanczos; both keep the
 * downscaled face free of aliasing).
 */
public final class PortraitCropper {

  /**
   * The five template points (left-eye centre, right-eye centre, nose tip, left and right mouth
   * corners), x right, y up, z towards the camera, with the official shifts z + 0.4 and y + 0.1.
   */
  static final double[][] TEMPLATE = {
    {-0.31148657, 0.19036078, 0.53377953},
    {0.30979887, 0.18972035, 0.53179526},
    {0.0032535, -0.14617933, 0.95244243},
    {-0.25216928, -0.4813392, 0.62405732},
    {0.2484662, -0.4812824, 0.62235769},
  };

  private final AlignmentConfig config;

  /** A cropper with these settings. */
  public PortraitCropper(AlignmentConfig config) {
    this.config = config;
  }

  /** The crop size in pixels. */
  public int size() {
    return config.size();
  }

  /** The POS fit of the five points of {@code landmarks} in an image {@code height} tall. */
  public static PosFit fit(Landmarks68 landmarks, int height) {
    List<Point> yUp = new ArrayList<>(5);
    for (Point p : landmarks.fivePoints()) {
      yUp.add(new Point(p.x(), height - 1 - p.y()));
    }
    return PosFit.fit(yUp, TEMPLATE);
  }

  /** The crop geometry of a face with these landmarks in an image {@code height} tall. */
  public CropGeometry geometry(Landmarks68 landmarks, int height) {
    PosFit fit = fit(landmarks, height);
    return new CropGeometry(
        config.factorAtSize() / fit.scale(), new Point(fit.tx(), height - 1 - fit.ty()));
  }

  /**
   * Cuts the crop of {@code geometry} out of {@code image}.
   *
   * @param landmarks the face's landmarks in source pixels, carried into the crop; {@code null}
   *     when the frame's face was not found and its geometry was interpolated
   */
  public AlignedFace crop(RgbImage image, CropGeometry geometry, Landmarks68 landmarks) {
    CropTransform t = geometry.window(image.width(), image.height(), config.size());
    RgbImage crop = resample(image, t);
    List<Point> inCrop = new ArrayList<>();
    List<Point> motion = new ArrayList<>();
    if (landmarks != null) {
      for (Point p : landmarks.points()) {
        inCrop.add(t.toCrop(p));
      }
      motion.add(t.toCrop(landmarks.mean(36, 41)));
      motion.add(t.toCrop(landmarks.mean(42, 47)));
      motion.add(t.toCrop(landmarks.innerMouthCentre()));
    }
    return new AlignedFace(crop, t, inCrop, motion);
  }

  private static RgbImage resample(RgbImage src, CropTransform t) {
    int n = t.size();
    // Shrinking by k: average ceil(k)² taps spread over the footprint of one crop pixel.
    int taps = (int) Math.max(1, Math.ceil(1 / Math.min(t.scaleX(), t.scaleY()) - 1e-9));
    float[] out = new float[n * n * 3];
    float[] acc = new float[3];
    for (int row = 0; row < n; row++) {
      for (int col = 0; col < n; col++) {
        acc[0] = acc[1] = acc[2] = 0;
        for (int ty = 0; ty < taps; ty++) {
          for (int tx = 0; tx < taps; tx++) {
            double cx = col - 0.5 + (tx + 0.5) / taps;
            double cy = row - 0.5 + (ty + 0.5) / taps;
            Point s = t.toSource(new Point(cx, cy));
            addBilinear(src, s.x(), s.y(), acc);
          }
        }
        int o = (row * n + col) * 3;
        float norm = 1f / (taps * taps);
        out[o] = acc[0] * norm;
        out[o + 1] = acc[1] * norm;
        out[o + 2] = acc[2] * norm;
      }
    }
    return new RgbImage(n, n, out);
  }

  /** Adds the bilinear sample at {@code (x, y)}, coordinates clamped to the image (edge pad). */
  private static void addBilinear(RgbImage src, double x, double y, float[] acc) {
    double cx = Math.min(Math.max(x, 0), src.width() - 1);
    double cy = Math.min(Math.max(y, 0), src.height() - 1);
    int x0 = (int) Math.floor(cx);
    int y0 = (int) Math.floor(cy);
    int x1 = Math.min(x0 + 1, src.width() - 1);
    int y1 = Math.min(y0 + 1, src.height() - 1);
    double fx = cx - x0;
    double fy = cy - y0;
    float[] d = src.data();
    int w = src.width();
    for (int c = 0; c < 3; c++) {
      double top = d[(y0 * w + x0) * 3 + c] * (1 - fx) + d[(y0 * w + x1) * 3 + c] * fx;
      double bottom = d[(y1 * w + x0) * 3 + c] * (1 - fx) + d[(y1 * w + x1) * 3 + c] * fx;
      acc[c] += (float) (top * (1 - fy) + bottom * fy);
    }
  }
}
