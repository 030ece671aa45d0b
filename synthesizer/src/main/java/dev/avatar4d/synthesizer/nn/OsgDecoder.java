package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.render.FeatureDecoder;

/**
 * The NeRF MLP on plane-averaged features: one hidden layer with softplus, then separate heads for
 * raw density and for radiance features (sigmoid clamped to (-0.001, 1.001)).
 *
 * <p>Weights are stored with the StyleGAN equalised-learning-rate gain already applied, so this is
 * an ordinary MLP; the official importer multiplies by 1/sqrt(in) on import.
 */
public final class OsgDecoder extends Module implements FeatureDecoder {

  private final Dense net;
  private final Dense outSigma;
  private final Dense outRgb;

  /** Builds the decoder for {@code preset}. */
  public OsgDecoder(ModelPreset preset) {
    this.net =
        child(
            "net",
            new Dense(
                preset.triplane().planeChannels(),
                preset.render().decoderHidden(),
                Init.fanIn(),
                true));
    this.outSigma =
        child("out_sigma", new Dense(preset.render().decoderHidden(), 1, Init.constant(0f), true));
    this.outRgb =
        child(
            "out_rgb",
            new Dense(
                preset.render().decoderHidden(),
                preset.render().featureChannels(),
                Init.fanIn(),
                true));
  }

  @Override
  public NDList decode(NDArray features) {
    NDArray hidden = Ops.softplus(net.apply(features));
    NDArray rgb = Ops.sigmoid(outRgb.apply(hidden)).mul(1f + 2 * 0.001f).sub(0.001f);
    return new NDList(rgb, outSigma.apply(hidden));
  }

  @Override
  protected NDList run(NDList inputs) {
    return decode(inputs.singletonOrThrow());
  }
}
