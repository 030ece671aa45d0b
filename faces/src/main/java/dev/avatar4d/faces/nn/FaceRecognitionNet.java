package dev.avatar4d.faces.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.avatar4d.faces.weights.NamedTensor;
import java.util.Map;

/**
 * face-api's face descriptor: a ResNet-34-like network (dlib's face recognition architecture) on a
 * 150² face giving a 128-d vector.
 *
 * <p>Every convolution is followed by a per-channel affine "scale" layer (folded batch norm). A 7×7
 * stride-2 convolution and a 3×3 max pool, then residual stages of 32 (×3), 64 (down + 3), 128
 * (down + 2) and 256 (down + 2 + one more down) channels. A "down" block convolves with stride 2
 * unpadded; its shortcut is a 2×2 average pool, zero-extended in channels when the width doubles
 * and the residual branch zero-padded by a row and a column when the pooled grid is larger. A
 * global mean and a 256×128 matrix (no bias) end it.
 */
public final class FaceRecognitionNet {

  /** The square input side. */
  public static final int INPUT = 150;

  /** The descriptor length. */
  public static final int DESCRIPTOR = 128;

  private final ConvScale stem;
  private final Residual[] blocks;
  private final NDArray fc;

  /** Builds the network from the tensors of {@code face_recognition_model}. */
  public FaceRecognitionNet(NDManager manager, Map<String, NamedTensor> weights) {
    Params p = new Params(manager, weights);
    stem = new ConvScale(p, "conv32_down", 7, 3, 32);
    blocks =
        new Residual[] {
          new Residual(p, "conv32_1", 32, 32, false),
          new Residual(p, "conv32_2", 32, 32, false),
          new Residual(p, "conv32_3", 32, 32, false),
          new Residual(p, "conv64_down", 32, 64, true),
          new Residual(p, "conv64_1", 64, 64, false),
          new Residual(p, "conv64_2", 64, 64, false),
          new Residual(p, "conv64_3", 64, 64, false),
          new Residual(p, "conv128_down", 64, 128, true),
          new Residual(p, "conv128_1", 128, 128, false),
          new Residual(p, "conv128_2", 128, 128, false),
          new Residual(p, "conv256_down", 128, 256, true),
          new Residual(p, "conv256_1", 256, 256, false),
          new Residual(p, "conv256_2", 256, 256, false),
          new Residual(p, "conv256_down_out", 256, 256, true),
        };
    fc = p.matrix("fc", 256, DESCRIPTOR);
    p.requireAllUsed();
  }

  /** Runs {@code (1, 3, 150, 150)} normalised pixels to a {@code (1, 128)} descriptor. */
  public NDArray forward(NDArray x) {
    NDArray out = stem.apply(x, 2, TfOps.Padding.VALID).maximum(0f);
    out = TfOps.maxPool(out, 3, 2, TfOps.Padding.VALID);
    for (Residual r : blocks) {
      out = r.apply(out);
    }
    return out.reshape(1, 256, -1).mean(new int[] {2}).matMul(fc);
  }

  /** A convolution with bias and a per-channel affine "scale" layer. */
  private static final class ConvScale {
    private final NDArray filters;
    private final NDArray bias;
    private final NDArray scale;
    private final NDArray shift;

    ConvScale(Params p, String prefix, int k, int in, int out) {
      filters = p.convFilter(prefix + "/conv/filters", k, in, out);
      bias = p.vector(prefix + "/conv/bias", out, false);
      scale = p.vector(prefix + "/scale/weights", out, true);
      shift = p.vector(prefix + "/scale/biases", out, true);
    }

    NDArray apply(NDArray x, int stride, TfOps.Padding padding) {
      return TfOps.conv(x, filters, bias, stride, padding, 1).mul(scale).add(shift);
    }
  }

  private static final class Residual {
    private final ConvScale conv1;
    private final ConvScale conv2;
    private final boolean down;

    Residual(Params p, String prefix, int in, int out, boolean down) {
      conv1 = new ConvScale(p, prefix + "/conv1", 3, in, out);
      conv2 = new ConvScale(p, prefix + "/conv2", 3, out, out);
      this.down = down;
    }

    NDArray apply(NDArray x) {
      NDArray out =
          down
              ? conv1.apply(x, 2, TfOps.Padding.VALID).maximum(0f)
              : conv1.apply(x, 1, TfOps.Padding.SAME).maximum(0f);
      out = conv2.apply(out, 1, TfOps.Padding.SAME);
      NDArray shortcut = x;
      if (down) {
        shortcut = TfOps.avgPoolValid(x, 2, 2);
        long grid = shortcut.getShape().get(2);
        if (out.getShape().get(2) != grid) {
          out = out.pad(new ai.djl.ndarray.types.Shape(0, 1, 0, 1), 0);
        }
        long missing = out.getShape().get(1) - shortcut.getShape().get(1);
        if (missing > 0) {
          shortcut = shortcut.concat(shortcut.zerosLike(), 1);
        }
      }
      return out.add(shortcut).maximum(0f);
    }
  }
}
