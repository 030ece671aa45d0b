package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Stateless tensor helpers shared by the blocks, written from plain NDArray ops. */
public final class Ops {

  private static final float SQRT_HALF = (float) Math.sqrt(0.5);

  private Ops() {}

  /** Leaky ReLU with the given negative slope. */
  public static NDArray leakyRelu(NDArray x, float slope) {
    return x.maximum(x.mul(slope));
  }

  /** ReLU. */
  public static NDArray relu(NDArray x) {
    return x.maximum(0f);
  }

  /** GELU with the exact erf form (PyTorch's default), not the tanh approximation. */
  public static NDArray gelu(NDArray x) {
    return x.mul(x.mul(SQRT_HALF).erf().add(1f)).mul(0.5f);
  }

  /** Numerically stable softplus: max(x,0) + log1p(exp(-|x|)). */
  public static NDArray softplus(NDArray x) {
    return x.maximum(0f).add(x.abs().neg().exp().add(1f).log());
  }

  /**
   * Logistic sigmoid, the engine's own op: building it as 1/(1+exp(−x)) gave the same values but a
   * NaN gradient once x &lt; −88 (exp overflows, then 0·∞), which poisoned training.
   */
  public static NDArray sigmoid(NDArray x) {
    return ai.djl.nn.Activation.sigmoid(x);
  }

  /**
   * Appends two coordinate channels to {@code (B, C, H, W)}: x then y, each {@code linspace(-1, 1)}
   * across width and height respectively.
   */
  public static NDArray addCoord(NDArray image) {
    Shape s = image.getShape();
    long b = s.get(0);
    long h = s.get(2);
    long w = s.get(3);
    NDManager m = image.getManager();
    NDArray xs = m.linspace(-1f, 1f, (int) w).reshape(1, 1, 1, w).broadcast(b, 1, h, w);
    NDArray ys = m.linspace(-1f, 1f, (int) h).reshape(1, 1, h, 1).broadcast(b, 1, h, w);
    return NDArrays.concat(
        new ai.djl.ndarray.NDList(
            image, xs.toDevice(image.getDevice(), false), ys.toDevice(image.getDevice(), false)),
        1);
  }

  /** PixelShuffle: {@code (B, C·r², H, W)} to {@code (B, C, H·r, W·r)}. */
  public static NDArray pixelShuffle(NDArray x, int r) {
    Shape s = x.getShape();
    long b = s.get(0);
    long c = s.get(1) / ((long) r * r);
    long h = s.get(2);
    long w = s.get(3);
    return x.reshape(b, c, r, r, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(b, c, h * r, w * r);
  }

  /** Nearest-neighbour ×2 upsampling of {@code (B, C, H, W)}. */
  public static NDArray nearest2x(NDArray x) {
    return x.repeat(2, 2).repeat(3, 2);
  }

  /** Tokens {@code (B, H·W, C)} to a feature map {@code (B, C, H, W)}. */
  public static NDArray tokensToMap(NDArray tokens, long h, long w) {
    Shape s = tokens.getShape();
    return tokens.transpose(0, 2, 1).reshape(s.get(0), s.get(2), h, w);
  }

  /** A feature map {@code (B, C, H, W)} to tokens {@code (B, H·W, C)}. */
  public static NDArray mapToTokens(NDArray map) {
    Shape s = map.getShape();
    return map.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(0, 2, 1);
  }

  /** Concatenates along the channel axis. */
  public static NDArray catChannels(NDArray... parts) {
    return NDArrays.concat(new ai.djl.ndarray.NDList(parts), 1);
  }
}
