package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import dev.avatar4d.synthesizer.ModelPreset;

/**
 * EG3D's "DC" super-resolution (two StyleGAN2 skip blocks, ×4 overall) with its constant styles
 * folded into ordinary convolutions. Official inference feeds the same w (= w_avg) to every
 * modulated layer, so each layer's style is a constant and W·s, demodulated, is a plain weight; see
 * {@code weights.StyleFolding}. Noise is off, as in official inference; activations are clamped to
 * ±256 like the official configuration.
 */
public final class SuperResolution extends Module {

  private static final float LRELU_GAIN = (float) Math.sqrt(2);

  /** The official SR runs with conv_clamp = 256 (sr_num_fp16_res > 0), in fp32 as well. */
  private static final float CLAMP = 256f;

  private final SynthesisBlock block0;
  private final SynthesisBlock block1;
  private final int inputResolution;

  /** Builds the network for {@code preset}. */
  public SuperResolution(ModelPreset preset) {
    this.inputResolution = preset.render().resolution();
    this.block0 =
        child(
            "block0",
            new SynthesisBlock(
                preset.render().featureChannels(), preset.superResolution().channels().get(0)));
    this.block1 =
        child(
            "block1",
            new SynthesisBlock(
                preset.superResolution().channels().get(0),
                preset.superResolution().channels().get(1)));
  }

  /**
   * @param rgb raw render {@code (N, 3, R, R)} in about [-1, 1]
   * @param features composited feature image {@code (N, Cf, R, R)} (×2−1)
   * @return the super-resolved image {@code (N, 3, 4R, 4R)}, about [-1, 1]
   */
  public NDArray apply(NDArray rgb, NDArray features) {
    if (rgb.getShape().get(3) != inputResolution) {
      // Official code resizes with antialiasing; inputs here always come at render size.
      rgb = Resample.bilinear(rgb, inputResolution, inputResolution, false);
      features = Resample.bilinear(features, inputResolution, inputResolution, false);
    }
    NDList out = block0.apply(features, rgb);
    return block1.apply(out.get(0), out.get(1)).get(1);
  }

  /** Inputs: rgb, features. */
  @Override
  protected NDList run(NDList inputs) {
    return new NDList(apply(inputs.get(0), inputs.get(1)));
  }

  /**
   * Number of parameters the folding removed relative to the official layout: each modulated
   * layer's style affine (w_dim × C_in weights + C_in biases), with w_dim = 512.
   */
  public static long foldedStyleParameters(ModelPreset preset) {
    int wDim = 512;
    long total = 0;
    int[] ins = {
      preset.render().featureChannels(),
      preset.superResolution().channels().get(0),
      preset.superResolution().channels().get(0),
      preset.superResolution().channels().get(0),
      preset.superResolution().channels().get(1),
      preset.superResolution().channels().get(1)
    };
    for (int in : ins) {
      total += (long) wDim * in + in;
    }
    return total;
  }

  /** One skip-architecture block: up-conv, conv, ToRGB added to the FIR-upsampled RGB. */
  public static final class SynthesisBlock extends Module {
    private final UpConv conv0;
    private final Conv conv1;
    private final Conv torgb;

    SynthesisBlock(int in, int out) {
      this.conv0 = child("conv0", new UpConv(in, out));
      this.conv1 = child("conv1", Conv.of(out, out, 3).init(Init.demodulated()).build());
      this.torgb = child("torgb", Conv.of(out, 3, 1).padding(0).init(Init.fanIn()).build());
    }

    /** Inputs x {@code (N, in, H, W)}, img {@code (N, 3, H, W)}; returns x and img at 2H×2W. */
    NDList apply(NDArray x, NDArray img) {
      x = Ops.leakyRelu(conv0.apply(x), 0.2f).mul(LRELU_GAIN).clip(-CLAMP, CLAMP);
      x = Ops.leakyRelu(conv1.apply(x), 0.2f).mul(LRELU_GAIN).clip(-CLAMP, CLAMP);
      NDArray rgb = Fir.upsample2x(img).add(torgb.apply(x).clip(-CLAMP, CLAMP));
      return new NDList(x, rgb);
    }

    @Override
    protected NDList run(NDList inputs) {
      return apply(inputs.get(0), inputs.get(1));
    }
  }

  /**
   * A folded StyleGAN2 up-convolution: weight {@code (out, in, 3, 3)} and bias, see {@link
   * Fir#upConv}.
   */
  public static final class UpConv extends Module {
    private final Parameter weight;
    private final Parameter bias;

    UpConv(int in, int out) {
      this.weight = param("weight", Init.demodulated(), out, in, 3, 3);
      this.bias = param("bias", Init.constant(0f), out);
    }

    /** {@code (N, in, H, W)} → {@code (N, out, 2H, 2W)}, before the activation. */
    public NDArray apply(NDArray x) {
      return Fir.upConv(x, value(weight), value(bias));
    }

    @Override
    protected NDList run(NDList inputs) {
      return new NDList(apply(inputs.singletonOrThrow()));
    }
  }
}
