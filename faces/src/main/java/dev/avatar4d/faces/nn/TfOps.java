package dev.avatar4d.faces.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;

/**
 * TensorFlow's convolution and pooling semantics on NCHW arrays of the PyTorch engine.
 *
 * <p>TF's {@code 'same'} padding puts the odd pixel of padding after (bottom/right), which
 * PyTorch's symmetric padding cannot say; such cases are padded explicitly first.
 */
final class TfOps {

  private TfOps() {}

  /** TF padding modes. */
  enum Padding {
    SAME,
    VALID
  }

  /** A convolution, {@code weight} in PyTorch layout {@code (out, in/groups, k, k)}. */
  static NDArray conv(
      NDArray x, NDArray weight, NDArray bias, int stride, Padding padding, int groups) {
    int k = (int) weight.getShape().get(2);
    NDArray in = x;
    int sym = 0;
    if (padding == Padding.SAME) {
      int[] ph = samePads(x.getShape().get(2), k, stride);
      int[] pw = samePads(x.getShape().get(3), k, stride);
      if (ph[0] == ph[1] && pw[0] == pw[1] && ph[0] == pw[0]) {
        sym = ph[0];
      } else {
        in = x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), 0);
      }
    }
    NDArray out =
        Conv2d.conv2d(
                in,
                weight,
                bias,
                new Shape(stride, stride),
                new Shape(sym, sym),
                new Shape(1, 1),
                groups)
            .singletonOrThrow();
    if (in != x) {
      in.close();
    }
    return out;
  }

  /** Max pooling; with {@code SAME} the padded cells never win. */
  static NDArray maxPool(NDArray x, int k, int stride, Padding padding) {
    NDArray in = x;
    if (padding == Padding.SAME) {
      int[] ph = samePads(x.getShape().get(2), k, stride);
      int[] pw = samePads(x.getShape().get(3), k, stride);
      if (ph[0] + ph[1] + pw[0] + pw[1] > 0) {
        in = x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), Double.NEGATIVE_INFINITY);
      }
    }
    NDArray out =
        Pool.maxPool2d(in, new Shape(k, k), new Shape(stride, stride), new Shape(0, 0), false);
    if (in != x) {
      in.close();
    }
    return out;
  }

  /** Average pooling with {@code VALID} padding. */
  static NDArray avgPoolValid(NDArray x, int k, int stride) {
    return Pool.avgPool2d(
        x, new Shape(k, k), new Shape(stride, stride), new Shape(0, 0), false, true);
  }

  /** TF.js's leaky ReLU of the tiny detector, slope 0.1. */
  static NDArray leaky(NDArray x) {
    return x.maximum(x.mul(0.1f));
  }

  /** {@code [before, after]} of TF's {@code 'same'} padding along one axis. */
  static int[] samePads(long in, int k, int stride) {
    long out = (in + stride - 1) / stride;
    long total = Math.max((out - 1) * stride + k - in, 0);
    int before = (int) (total / 2);
    return new int[] {before, (int) total - before};
  }
}
