package dev.avatar4d.faces.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.avatar4d.faces.weights.NamedTensor;
import java.util.Map;

/**
 * The tiny face detector: a Tiny-YOLOv2 body built from depthwise-separable convolutions.
 *
 * <p>Layout (from face-api's published architecture): a plain 3×3 convolution without padding to 16
 * channels, then five separable 3×3 stages doubling the width to 512, each stage followed by a 2×2
 * max pool ('same'; stride 2, the last stride 1), all with leaky ReLU (0.1); then a 1×1 convolution
 * to 5 anchors × (x, y, w, h, objectness). An input of {@code s²} gives an {@code (s/32)²} grid.
 */
public final class TinyFaceDetectorNet {

  /** Anchors per grid cell. */
  public static final int ANCHORS = 5;

  /** Values per anchor: x, y, w, h, objectness (one class, so no class scores). */
  public static final int BOX_ENCODING = 5;

  private static final int[] WIDTHS = {16, 32, 64, 128, 256, 512};

  private final NDArray conv0;
  private final NDArray bias0;
  private final SeparableConv[] stages = new SeparableConv[5];
  private final NDArray head;
  private final NDArray headBias;

  /** Builds the network from the tensors of {@code tiny_face_detector_model}. */
  public TinyFaceDetectorNet(NDManager manager, Map<String, NamedTensor> weights) {
    Params p = new Params(manager, weights);
    conv0 = p.convFilter("conv0/filters", 3, 3, WIDTHS[0]);
    bias0 = p.vector("conv0/bias", WIDTHS[0], false);
    for (int i = 0; i < stages.length; i++) {
      stages[i] = new SeparableConv(p, "conv" + (i + 1), WIDTHS[i], WIDTHS[i + 1]);
    }
    head = p.convFilter("conv8/filters", 1, 512, ANCHORS * BOX_ENCODING);
    headBias = p.vector("conv8/bias", ANCHORS * BOX_ENCODING, false);
    p.requireAllUsed();
  }

  /**
   * Runs the network on {@code (1, 3, s, s)} normalised pixels.
   *
   * @return {@code (1, 25, s/32, s/32)}; channel {@code a · 5 + k} is value {@code k} of anchor
   *     {@code a}
   */
  public NDArray forward(NDArray x) {
    NDArray out = TfOps.leaky(TfOps.conv(x, conv0, bias0, 1, TfOps.Padding.VALID, 1));
    out = TfOps.maxPool(out, 2, 2, TfOps.Padding.SAME);
    for (int i = 0; i < stages.length; i++) {
      out = TfOps.leaky(stages[i].apply(out, 1));
      out = TfOps.maxPool(out, 2, i == stages.length - 1 ? 1 : 2, TfOps.Padding.SAME);
    }
    return TfOps.conv(out, head, headBias, 1, TfOps.Padding.VALID, 1);
  }
}
