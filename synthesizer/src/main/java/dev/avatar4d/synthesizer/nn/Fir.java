package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * StyleGAN2's separable FIR resampling with the [1,3,3,1] kernel, written as depthwise
 * convolutions. The kernel is symmetric, so correlation and convolution agree.
 */
public final class Fir {

  private static final float[] TAPS = {1, 3, 3, 1};

  private Fir() {}

  /** The normalised 4×4 kernel (outer product / 64) times {@code gain}, repeated per channel. */
  static NDArray kernel(NDArray like, long channels, float gain) {
    float[] k = new float[16];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        k[i * 4 + j] = TAPS[i] * TAPS[j] / 64f * gain;
      }
    }
    float[] all = new float[(int) (16 * channels)];
    for (int c = 0; c < channels; c++) {
      System.arraycopy(k, 0, all, c * 16, 16);
    }
    return like.getManager().create(all, new Shape(channels, 1, 4, 4));
  }

  /**
   * upfirdn2d.upsample2d: zero-insertion ×2, FIR with gain 4, output exactly 2H×2W (the engine has
   * no transposed convolution, so the zero insertion is explicit).
   */
  public static NDArray upsample2x(NDArray x) {
    long c = x.getShape().get(1);
    NDArray y =
        Conv2d.conv2d(
                zeroInsert(x),
                kernel(x, c, 4f),
                null,
                new Shape(1, 1),
                new Shape(2, 2),
                new Shape(1, 1),
                (int) c)
            .singletonOrThrow();
    return dropFirstRowAndColumn(y);
  }

  /**
   * A stride-2 transposed 3×3 convolution (output 2H+1) followed by the FIR with gain 4 and padding
   * 1 (output 2H), plus bias: StyleGAN2's up-conv.
   *
   * <p>Both steps are linear and shift-invariant, so they fuse into one 6×6 kernel K on the
   * zero-inserted input; splitting K into its four 3×3 polyphase components evaluates that on the
   * original resolution without multiplying by the inserted zeros (4× less work). Output pixel
   * (2p+py, 2q+px) takes phase kernel K[1−py::2, 1−px::2] around input pixel (p, q).
   *
   * @param weight the conv weight {@code (out, in, 3, 3)} in the official (non-transposed) layout
   * @param bias per-output-channel bias added after the filter
   */
  public static NDArray upConv(NDArray x, NDArray weight, NDArray bias) {
    Shape ws = weight.getShape();
    long out = ws.get(0);
    long in = ws.get(1);
    NDArray flipped = weight.flip(2, 3);
    flipped.attach(x.getManager());
    NDArray fused =
        Conv2d.conv2d(
                flipped.reshape(out * in, 1, 3, 3),
                kernel(x, 1, 4f),
                null,
                new Shape(1, 1),
                new Shape(3, 3),
                new Shape(1, 1),
                1)
            .singletonOrThrow()
            .reshape(out, in, 6, 6);
    NDList phases = new NDList();
    for (int py = 0; py < 2; py++) {
      for (int px = 0; px < 2; px++) {
        phases.add(fused.get(new NDIndex(":, :, " + (1 - py) + "::2, " + (1 - px) + "::2")));
      }
    }
    NDArray phaseWeight = NDArrays.concat(phases, 0);
    NDArray phaseBias =
        bias == null ? null : NDArrays.concat(new NDList(bias, bias, bias, bias), 0);
    if (phaseBias != null) {
      phaseBias.attach(x.getManager());
    }
    NDArray y =
        Conv2d.conv2d(
                x, phaseWeight, phaseBias, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
            .singletonOrThrow();
    Shape s = y.getShape();
    long b = s.get(0);
    long h = s.get(2);
    long w = s.get(3);
    return y.reshape(b, 2, 2, out, h, w).transpose(0, 3, 4, 1, 5, 2).reshape(b, out, 2 * h, 2 * w);
  }

  /** The unfused reference of {@link #upConv}: zero insertion, 3×3 correlation, FIR. */
  static NDArray upConvReference(NDArray x, NDArray weight, NDArray bias) {
    NDArray flipped = weight.flip(2, 3);
    flipped.attach(x.getManager());
    NDArray y =
        Conv2d.conv2d(
                zeroInsert(x), flipped, null, new Shape(1, 1), new Shape(2, 2), new Shape(1, 1), 1)
            .singletonOrThrow();
    y = dropFirstRowAndColumn(y);
    long c = y.getShape().get(1);
    return Conv2d.conv2d(
            y, kernel(y, c, 4f), bias, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), (int) c)
        .singletonOrThrow();
  }

  /**
   * {@code (B,C,H,W)} → {@code (B,C,2H,2W)} with x at odd positions and zeros before each value.
   */
  static NDArray zeroInsert(NDArray x) {
    Shape s = x.getShape();
    long b = s.get(0);
    long c = s.get(1);
    long h = s.get(2);
    long w = s.get(3);
    NDArray cols = NDArrays.stack(new NDList(x.zerosLike(), x), 4).reshape(b, c, h, 2 * w);
    return NDArrays.stack(new NDList(cols.zerosLike(), cols), 3).reshape(b, c, 2 * h, 2 * w);
  }

  private static NDArray dropFirstRowAndColumn(NDArray y) {
    return y.get(new NDIndex(":, :, 1:, 1:"));
  }
}
