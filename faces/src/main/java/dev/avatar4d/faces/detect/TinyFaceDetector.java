package dev.avatar4d.faces.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.avatar4d.faces.geom.Box;
import dev.avatar4d.faces.image.RgbImage;
import dev.avatar4d.faces.image.TfImageOps;
import dev.avatar4d.faces.nn.TinyFaceDetectorNet;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds faces with the tiny face detector and decodes its grid as face-api does.
 *
 * <p>The image is zero-padded at the bottom or right to a square, resized to the input size,
 * centred on the training mean colour and divided by 255. Each grid cell's five anchors give a box:
 * centre {@code (cell + σ(tx, ty)) / grid}, size {@code anchor · exp(tw, th) / grid}, score {@code
 * σ(to)}.
 */
public final class TinyFaceDetector {

  private static final float[] MEAN_RGB = {117.001f, 114.697f, 97.404f};
  private static final double[][] ANCHORS = {
    {1.603231, 2.094468},
    {6.041143, 7.080126},
    {2.882459, 3.518061},
    {4.266906, 5.178857},
    {9.041765, 10.66308},
  };

  private final NDManager manager;
  private final TinyFaceDetectorNet net;

  /** A detector running {@code net}, whose arrays live in {@code manager}. */
  public TinyFaceDetector(NDManager manager, TinyFaceDetectorNet net) {
    this.manager = manager;
    this.net = net;
  }

  /** All faces above the config's threshold, after non-maximum suppression, best first. */
  public List<Detection> detect(RgbImage image, DetectorConfig config) {
    int size = config.inputSize();
    RgbImage square = TfImageOps.padToSquare(image, false);
    RgbImage input = TfImageOps.resizeBilinear(square, size, size);
    float[] grid;
    int cells;
    try (NDManager scope = manager.newSubManager()) {
      NDArray x =
          scope.create(TfImageOps.normalisedChw(input, MEAN_RGB), new Shape(1, 3, size, size));
      NDArray out = net.forward(x);
      cells = (int) out.getShape().get(2);
      grid = out.toFloatArray();
    }
    return NonMaxSuppression.apply(
        decode(grid, cells, image.width(), image.height(), size, config.scoreThreshold()),
        config.iouThreshold());
  }

  private static List<Detection> decode(
      float[] grid, int cells, int width, int height, int inputSize, double threshold) {
    double scale = (double) inputSize / Math.max(width, height);
    // The image fills only part of the padded square: these map square units to image units.
    double fx = inputSize / (double) Math.round(width * scale);
    double fy = inputSize / (double) Math.round(height * scale);
    int plane = cells * cells;
    List<Detection> out = new ArrayList<>();
    for (int row = 0; row < cells; row++) {
      for (int col = 0; col < cells; col++) {
        for (int a = 0; a < TinyFaceDetectorNet.ANCHORS; a++) {
          int base = a * TinyFaceDetectorNet.BOX_ENCODING * plane + row * cells + col;
          double score = sigmoid(grid[base + 4 * plane]);
          if (score <= threshold) {
            continue;
          }
          double cx = (col + sigmoid(grid[base])) / cells * fx;
          double cy = (row + sigmoid(grid[base + plane])) / cells * fy;
          double w = Math.exp(grid[base + 2 * plane]) * ANCHORS[a][0] / cells * fx;
          double h = Math.exp(grid[base + 3 * plane]) * ANCHORS[a][1] / cells * fy;
          Box box = new Box((cx - w / 2) * width, (cy - h / 2) * height, w * width, h * height);
          out.add(new Detection(box, score));
        }
      }
    }
    return out;
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }
}
