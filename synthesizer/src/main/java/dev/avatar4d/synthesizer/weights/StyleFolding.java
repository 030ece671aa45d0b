package dev.avatar4d.synthesizer.weights;

/**
 * Folds a constant StyleGAN2 style into an ordinary convolution weight.
 *
 * <p>A modulated convolution scales input channel i of its weight by the style s_i (computed by an
 * equalised-learning-rate affine layer from w), optionally demodulates each output filter to unit
 * norm, and convolves. When w is the same constant for every input (EG3D inference passes w_avg), s
 * is a constant too, so W' = W·s (demodulated) can be computed once.
 */
public final class StyleFolding {

  private StyleFolding() {}

  /**
   * The style of an affine FullyConnectedLayer: s = A·w·(lrMul/√wDim) + b·lrMul, lrMul = 1.
   *
   * @param affineWeight row-major {@code (channels, wDim)}
   * @param affineBias {@code (channels)}
   * @param w the latent, {@code (wDim)}
   */
  public static float[] style(float[] affineWeight, float[] affineBias, float[] w) {
    int channels = affineBias.length;
    int wDim = w.length;
    if (affineWeight.length != channels * wDim) {
      throw new IllegalArgumentException(
          "affine weight has " + affineWeight.length + " values, expected " + channels * wDim);
    }
    double gain = 1.0 / Math.sqrt(wDim);
    float[] s = new float[channels];
    for (int c = 0; c < channels; c++) {
      double acc = 0;
      for (int j = 0; j < wDim; j++) {
        acc += affineWeight[c * wDim + j] * (double) w[j];
      }
      s[c] = (float) (acc * gain + affineBias[c]);
    }
    return s;
  }

  /**
   * Folds {@code style} (times {@code gain}) into {@code weight} {@code (out, in, k, k)}; with
   * {@code demodulate} each output filter is then divided by sqrt(Σ W'² + 1e-8).
   */
  public static float[] fold(
      float[] weight, int out, int in, float[] style, float gain, boolean demodulate) {
    if (style.length != in || weight.length % (out * in) != 0) {
      throw new IllegalArgumentException(
          "weight/style sizes do not match (" + out + "x" + in + ", style " + style.length + ")");
    }
    int taps = weight.length / (out * in);
    float[] folded = new float[weight.length];
    for (int o = 0; o < out; o++) {
      double sum = 0;
      for (int i = 0; i < in; i++) {
        float s = style[i] * gain;
        for (int t = 0; t < taps; t++) {
          int idx = (o * in + i) * taps + t;
          folded[idx] = weight[idx] * s;
          sum += (double) folded[idx] * folded[idx];
        }
      }
      if (demodulate) {
        float d = (float) (1.0 / Math.sqrt(sum + 1e-8));
        for (int idx = o * in * taps; idx < (o + 1) * in * taps; idx++) {
          folded[idx] *= d;
        }
      }
    }
    return folded;
  }
}
