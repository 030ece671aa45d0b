package dev.avatar4d.faces.nn;

import ai.djl.ndarray.NDArray;

/** A depthwise 3×3 convolution (no bias) followed by a pointwise 1×1 one with bias. */
final class SeparableConv {

  private final NDArray depthwise;
  private final NDArray pointwise;
  private final NDArray bias;
  private final int channels;

  SeparableConv(Params p, String prefix, int in, int out) {
    this.channels = in;
    this.depthwise = p.depthwiseFilter(prefix + "/depthwise_filter", 3, in);
    this.pointwise = p.convFilter(prefix + "/pointwise_filter", 1, in, out);
    this.bias = p.vector(prefix + "/bias", out, false);
  }

  /** Applies it with TF's {@code 'same'} padding at {@code stride}. */
  NDArray apply(NDArray x, int stride) {
    try (NDArray d = TfOps.conv(x, depthwise, null, stride, TfOps.Padding.SAME, channels)) {
      return TfOps.conv(d, pointwise, bias, 1, TfOps.Padding.VALID, 1);
    }
  }
}
