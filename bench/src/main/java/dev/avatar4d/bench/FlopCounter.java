package dev.avatar4d.bench;

import dev.avatar4d.synthesizer.ModelPreset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Analytic floating-point operation counts of the Portrait4D-v2 stages, derived from a {@link
 * ModelPreset} and the layer structure of {@code dev.avatar4d.synthesizer.nn}.
 *
 * <p>Counted: convolutions {@code 2·Cin·Cout·k²·Hout·Wout/groups}, linear layers {@code 2·in·out}
 * per token, attention {@code QKᵀ} and {@code AV} ({@code 2·Nq·Nk·dim} each), the per-sample
 * decoder MLP and the 12 bilinear taps per sample of the triplane lookup, and the super-resolution
 * convolutions (an up-convolution counts as a 3×3 convolution at its output resolution, which is
 * what its polyphase form executes). Biases, activations, normalisation, pooling, softmax,
 * resampling and compositing are left out: they are a few operations per element and do not change
 * the order of magnitude.
 */
public final class FlopCounter {

  /** PD-FGC's heatmap count, fixed by its architecture. */
  private static final int LANDMARKS = 68;

  private final ModelPreset p;

  /** A counter for {@code preset}. */
  public FlopCounter(ModelPreset preset) {
    this.p = preset;
  }

  /** Once per source image: global, detail and background encoders plus the source motion code. */
  public Map<String, Double> sourceEncoding() {
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("global encoder", globalEncoder());
    parts.put("detail encoder", detailEncoder());
    parts.put("background encoder", backgroundEncoder());
    parts.put("motion encoder", motionEncoder());
    return parts;
  }

  /** Once per driving frame: the driving motion code, then the canonical and triplane decoders. */
  public Map<String, Double> perFrame() {
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("motion encoder", motionEncoder());
    parts.put("canonical encoder", canonicalEncoder());
    parts.put("triplane decoder", triplaneDecoder());
    return parts;
  }

  /** Once per rendered view: volume rendering and super-resolution. */
  public Map<String, Double> perView() {
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("render", render());
    parts.put("super-resolution", superResolution());
    return parts;
  }

  /** The sum of a stage's parts. */
  public static double total(Map<String, Double> parts) {
    return parts.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** ResNet-34 body (output stride 8, dilated stages 3-4) and the DeepLabV3 head. */
  double globalEncoder() {
    int s = p.inputSize();
    int stem = p.global().stemChannels();
    double flops = conv(5, stem, 7, s / 2);
    List<Integer> widths = p.global().widths();
    int[] res = {s / 4, s / 8, s / 8, s / 8};
    int in = stem;
    for (int stage = 0; stage < 4; stage++) {
      int out = widths.get(stage);
      for (int i = 0; i < p.global().depths().get(stage); i++) {
        flops += conv(in, out, 3, res[stage]) + conv(out, out, 3, res[stage]);
        if (i == 0 && (stage > 0 || in != out)) {
          flops += conv(in, out, 1, res[stage]);
        }
        in = out;
      }
    }
    int a = p.global().asppChannels();
    int r = s / 8;
    flops +=
        conv(in, a, 1, r) + p.global().asppRates().size() * conv(in, a, 3, r) + conv(in, a, 1, 1);
    flops += conv((2 + p.global().asppRates().size()) * a, a, 1, r) + conv(a, a, 3, r);
    return flops;
  }

  double detailEncoder() {
    int r = p.inputSize() / 2;
    int c = p.detail().channels();
    return conv(5, p.detail().stemChannels(), 7, r)
        + conv(p.detail().stemChannels(), c, 3, r)
        + p.detail().layers() * conv(c, c, 3, r);
  }

  /** UNet with three stride-2 downs and four nearest-×2 ups, output at the input resolution. */
  double backgroundEncoder() {
    int s = p.inputSize();
    List<Integer> w = p.background().widths();
    double flops = conv(5, w.get(0), 3, s / 2);
    int r = s / 2;
    for (int i = 0; i < 3; i++) {
      flops += conv(w.get(i), w.get(i), 3, r) + conv(w.get(i), w.get(i + 1), 3, r / 2);
      r /= 2;
    }
    flops += conv(w.get(3), w.get(3), 3, r);
    int[][] ups = {
      {2 * w.get(3), w.get(2)},
      {2 * w.get(2), w.get(1)},
      {2 * w.get(1), w.get(0)},
      {2 * w.get(0), w.get(0)}
    };
    for (int[] up : ups) {
      flops += conv(up[0], up[1], 3, r) + conv(up[1], up[1], 3, 2 * r);
      r *= 2;
    }
    return flops + conv(w.get(0), p.render().featureChannels(), 3, r);
  }

  /** PD-FGC: the FAN trunk on the 224² crop, its 28² heatmap head and the three motion heads. */
  double motionEncoder() {
    int c = p.motion().fanChannels();
    int half = p.motion().cropSize() / 2;
    int quarter = half / 2;
    double flops = conv(3, c / 4, 7, half) + fanBlock(c / 4, c / 2, half);
    flops += fanBlock(c / 2, c / 2, quarter) + fanBlock(c / 2, c, quarter);
    flops += hourGlass(p.motion().fanDepth(), c, quarter) + fanBlock(c, c, quarter);
    flops +=
        conv(c, c, 1, quarter)
            + conv(c, LANDMARKS, 1, quarter)
            + conv(LANDMARKS, 1, 3, quarter / 2);
    int f = p.motion().featureDim();
    flops += linear((quarter / 2) * (quarter / 2), f, 1);
    flops +=
        3 * 2 * linear(f, f, 1)
            + linear(f, p.motion().eyeDim(), 1)
            + linear(f, p.motion().emotionDim(), 1);
    return flops;
  }

  /** Motion token mappings, patch embedding, cross/self-attention blocks and the conv tail. */
  double canonicalEncoder() {
    int d = p.canonical().dim();
    int side = p.inputSize() / 16;
    long tokens = (long) side * side;
    int t = p.canonical().motionTokens();
    double flops =
        2
            * (linear(p.motion().codeDim(), p.canonical().motionHidden(), 1)
                + linear(p.canonical().motionHidden(), p.canonical().motionHidden(), 1)
                + linear(p.canonical().motionHidden(), (long) t * d, 1));
    flops += conv(p.global().asppChannels(), d, 3, side);
    for (int i = 0; i < p.canonical().blocks(); i++) {
      flops += attention(d, tokens, t) + attention(d, tokens, tokens) + mixFfn(d, side);
    }
    int tail = p.canonical().tailChannels();
    flops +=
        conv(d / 4, tail, 3, p.inputSize() / 4)
            + conv(tail, tail, 3, p.inputSize() / 2)
            + conv(tail, p.detail().channels(), 3, p.inputSize() / 2);
    return flops;
  }

  /** Convolutions around one efficient-attention transformer at a quarter of the input size. */
  double triplaneDecoder() {
    int r = p.inputSize() / 2;
    int dc = p.detail().channels();
    double flops = 0;
    int in = 2 * dc;
    for (int out : p.triplane().convs1()) {
      flops += conv(in, out, 3, r);
      in = out;
    }
    int d = p.triplane().dim();
    int side = r / 2;
    long tokens = (long) side * side;
    flops += conv(in, d, 3, side);
    int reduced = side / p.triplane().reduction();
    for (int i = 0; i < p.triplane().blocks(); i++) {
      flops += conv(d, d, p.triplane().reduction(), reduced);
      flops += attention(d, tokens, (long) reduced * reduced) + mixFfn(d, side);
    }
    in = d / 4 + dc;
    for (int out : p.triplane().convs2()) {
      flops += conv(in, out, 3, r);
      in = out;
    }
    return flops + conv(in, p.triplane().stackedChannels(), 3, r);
  }

  /** Triplane lookups (12 taps) and the decoder MLP at every coarse and fine sample. */
  double render() {
    long rays = (long) p.render().resolution() * p.render().resolution();
    long samples = rays * (p.render().stratifiedSamples() + p.render().importanceSamples());
    int c = p.triplane().planeChannels();
    int h = p.render().decoderHidden();
    double perSample = 2.0 * 12 * c + 2.0 * (c * h + h + h * p.render().featureChannels());
    return samples * perSample;
  }

  /** Two StyleGAN2 synthesis blocks, each ×2: up-conv, conv, toRGB, FIR upsampling of the image. */
  double superResolution() {
    int r = p.render().resolution();
    int in = p.render().featureChannels();
    double flops = 0;
    for (int out : p.superResolution().channels()) {
      r *= 2;
      flops += conv(in, out, 3, r) + conv(out, out, 3, r) + conv(out, 3, 1, r);
      flops += 2.0 * 3 * 16 * r * r;
      in = out;
    }
    return flops;
  }

  private double fanBlock(int in, int out, int r) {
    double flops =
        conv(in, out / 2, 3, r) + conv(out / 2, out / 4, 3, r) + conv(out / 4, out / 4, 3, r);
    return in != out ? flops + conv(in, out, 1, r) : flops;
  }

  private double hourGlass(int level, int c, int r) {
    double flops = fanBlock(c, c, r) + 2 * fanBlock(c, c, r / 2);
    return flops + (level > 1 ? hourGlass(level - 1, c, r / 2) : fanBlock(c, c, r / 2));
  }

  /** q on the queries, kv on the context, QKᵀ and AV over all heads, output projection. */
  private static double attention(int dim, long queries, long keys) {
    return linear(dim, dim, queries)
        + linear(dim, 2L * dim, keys)
        + 4.0 * queries * keys * dim
        + linear(dim, dim, queries);
  }

  /** fc1, 3×3 depthwise conv, fc2 on a side×side token map. */
  private double mixFfn(int dim, int side) {
    long hidden = (long) dim * p.mlpRatio();
    long tokens = (long) side * side;
    return linear(dim, hidden, tokens) + 2.0 * hidden * 9 * tokens + linear(hidden, dim, tokens);
  }

  private static double conv(int in, int out, int k, int outSide) {
    return 2.0 * in * out * k * k * outSide * (double) outSide;
  }

  private static double linear(long in, long out, long tokens) {
    return 2.0 * in * out * tokens;
  }
}
