package dev.avatar4d.faces.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.avatar4d.faces.weights.NamedTensor;
import java.util.Map;

/**
 * face-api's 68-point landmark regressor on a 112² face.
 *
 * <p>Four densely connected blocks (32, 64, 128, 256 channels), each halving the resolution: the
 * block's first convolution (plain 3×3 in the first block, separable elsewhere) has stride 2, and
 * each following separable convolution sees the ReLU of the sum of all earlier outputs of the
 * block. A 7×7 average pool and one dense layer give 136 values: (x, y) of each point relative to
 * the padded square input.
 */
public final class FaceLandmark68Net {

  /** The square input side. */
  public static final int INPUT = 112;

  private static final int[] WIDTHS = {32, 64, 128, 256};

  private final NDArray stem;
  private final NDArray stemBias;
  private final SeparableConv[][] blocks = new SeparableConv[4][];
  private final NDArray fc;
  private final NDArray fcBias;

  /** Builds the network from the tensors of {@code face_landmark_68_model}. */
  public FaceLandmark68Net(NDManager manager, Map<String, NamedTensor> weights) {
    Params p = new Params(manager, weights);
    stem = p.convFilter("dense0/conv0/filters", 3, 3, WIDTHS[0]);
    stemBias = p.vector("dense0/conv0/bias", WIDTHS[0], true);
    for (int b = 0; b < 4; b++) {
      int in = b == 0 ? WIDTHS[0] : WIDTHS[b - 1];
      int w = WIDTHS[b];
      blocks[b] = new SeparableConv[4];
      for (int c = b == 0 ? 1 : 0; c < 4; c++) {
        blocks[b][c] = new SeparableConv(p, "dense" + b + "/conv" + c, c == 0 ? in : w, w);
      }
    }
    fc = p.matrix("fc/weights", 256, 136);
    fcBias = p.vector("fc/bias", 136, false);
    p.requireAllUsed();
  }

  /** Runs {@code (1, 3, 112, 112)} normalised pixels to {@code (1, 136)} relative coordinates. */
  public NDArray forward(NDArray x) {
    NDArray out = x;
    for (int b = 0; b < 4; b++) {
      out = denseBlock(out, b);
    }
    out = TfOps.avgPoolValid(out, 7, 2);
    return out.reshape(1, 256).matMul(fc).add(fcBias);
  }

  private NDArray denseBlock(NDArray x, int b) {
    NDArray first =
        b == 0
            ? TfOps.conv(x, stem, null, 2, TfOps.Padding.SAME, 1).add(stemBias)
            : blocks[b][0].apply(x, 2);
    NDArray sum = first.maximum(0f);
    NDArray acc = sum;
    for (int c = 1; c < 4; c++) {
      NDArray next = blocks[b][c].apply(sum, 1);
      acc = acc.add(next);
      sum = acc.maximum(0f);
    }
    return sum;
  }
}
