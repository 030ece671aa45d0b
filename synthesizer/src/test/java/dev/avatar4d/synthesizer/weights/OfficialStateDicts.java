package dev.avatar4d.synthesizer.weights;

import dev.avatar4d.synthesizer.ModelPreset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Builds a synthetic state dict with the official module names (written from the official module
 * structure, independently of the importer's table) and random values.
 */
final class OfficialStateDicts {

  private final Map<String, SafeTensors.Tensor> dict = new LinkedHashMap<>();
  private final Random random = new Random(3);

  static Map<String, SafeTensors.Tensor> forPreset(ModelPreset p) {
    OfficialStateDicts b = new OfficialStateDicts();
    b.encoderGlobal(p);
    b.encoderDetail(p);
    b.encoderCanonical(p);
    b.triplaneDecoder(p);
    b.background(p);
    b.decoder(p);
    b.superResolution(p);
    b.pdfgc(p);
    return b.dict;
  }

  void put(String name, long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] v = new float[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian() * 0.1f;
    }
    dict.put(name, new SafeTensors.Tensor(shape, v));
  }

  private void conv(String name, long out, long in, long k, boolean bias) {
    put(name + ".weight", out, in, k, k);
    if (bias) {
      put(name + ".bias", out);
    }
  }

  private void linear(String name, long out, long in) {
    put(name + ".weight", out, in);
    put(name + ".bias", out);
  }

  private void norm(String name, long dim) {
    put(name + ".weight", dim);
    put(name + ".bias", dim);
  }

  private void batchNorm(String name, long dim) {
    norm(name, dim);
    put(name + ".running_mean", dim);
    put(name + ".running_var", dim);
    put(name + ".num_batches_tracked");
  }

  private void encoderGlobal(ModelPreset p) {
    String e = "encoder_global.encoder.";
    conv(e + "conv1", p.global().stemChannels(), 5, 7, false);
    long in = p.global().stemChannels();
    for (int l = 0; l < 4; l++) {
      long out = p.global().widths().get(l);
      for (int j = 0; j < p.global().depths().get(l); j++) {
        String b = e + "layer" + (l + 1) + "." + j + ".";
        conv(b + "conv1", out, j == 0 ? in : out, 3, false);
        conv(b + "conv2", out, out, 3, false);
        if (j == 0 && (l > 0 || in != out)) {
          conv(b + "downsample.0", out, in, 1, false);
        }
      }
      in = out;
    }
    long a = p.global().asppChannels();
    String d = "encoder_global.decoder.";
    conv(d + "0.convs.0.0", a, in, 1, false);
    for (int k = 1; k <= 3; k++) {
      conv(d + "0.convs." + k + ".0", a, in, 3, false);
    }
    conv(d + "0.convs.4.1", a, in, 1, false);
    conv(d + "0.project.0", a, 5 * a, 1, false);
    conv(d + "1", a, a, 3, false);
  }

  private void encoderDetail(ModelPreset p) {
    conv("encoder_detail.encoder.0", p.detail().stemChannels(), 5, 7, true);
    conv("encoder_detail.encoder.2", p.detail().channels(), p.detail().stemChannels(), 3, true);
    for (int i = 0; i < p.detail().layers(); i++) {
      conv(
          "encoder_detail.encoder." + (4 + 2 * i),
          p.detail().channels(),
          p.detail().channels(),
          3,
          true);
    }
  }

  private void blockCross(String b, long dim, long hidden) {
    norm(b + "norm1", dim);
    norm(b + "norm2", dim);
    norm(b + "norm3", dim);
    for (String attn : new String[] {"attn1", "attn2"}) {
      linear(b + attn + ".q", dim, dim);
      linear(b + attn + ".kv", 2 * dim, dim);
      linear(b + attn + ".proj", dim, dim);
    }
    mixFfn(b, dim, hidden);
  }

  private void mixFfn(String b, long dim, long hidden) {
    linear(b + "mlp.fc1", hidden, dim);
    put(b + "mlp.dwconv.dwconv.weight", hidden, 1, 3, 3);
    put(b + "mlp.dwconv.dwconv.bias", hidden);
    linear(b + "mlp.fc2", dim, hidden);
  }

  private void encoderCanonical(ModelPreset p) {
    String c = "encoder_canonical.";
    long dim = p.canonical().dim();
    long h = p.canonical().motionHidden();
    for (String maps : new String[] {"maps", "maps_neutral"}) {
      linear(c + maps + ".0", h, p.motion().codeDim());
      linear(c + maps + ".2", h, h);
    }
    linear(c + "proj_y", p.canonical().motionTokens() * dim, h);
    linear(c + "proj_y_neutral", p.canonical().motionTokens() * dim, h);
    conv(c + "patch_embed.proj", dim, p.global().asppChannels(), 3, true);
    norm(c + "patch_embed.norm", dim);
    for (int i = 0; i < p.canonical().blocks() / 2; i++) {
      blockCross(c + "trans_blocks_neutral." + i + ".", dim, dim * p.mlpRatio());
      blockCross(c + "trans_blocks_motion." + i + ".", dim, dim * p.mlpRatio());
    }
    conv(c + "convs.1", p.canonical().tailChannels(), dim / 4, 3, true);
    conv(c + "convs.4", p.canonical().tailChannels(), p.canonical().tailChannels(), 3, true);
    conv(c + "convs.6", p.detail().channels(), p.canonical().tailChannels(), 3, true);
  }

  private void triplaneDecoder(ModelPreset p) {
    String g = "generator_triplane.";
    long in = 2L * p.detail().channels();
    for (int i = 0; i < 2; i++) {
      conv(g + "convs1." + 2 * i, p.triplane().convs1().get(i), in, 3, true);
      in = p.triplane().convs1().get(i);
    }
    long dim = p.triplane().dim();
    conv(g + "patch_embed.proj", dim, in, 3, true);
    norm(g + "patch_embed.norm", dim);
    for (int i = 0; i < p.triplane().blocks(); i++) {
      String b = g + "trans_blocks." + i + ".";
      norm(b + "norm1", dim);
      norm(b + "norm2", dim);
      linear(b + "attn.q", dim, dim);
      linear(b + "attn.kv", 2 * dim, dim);
      linear(b + "attn.proj", dim, dim);
      conv(b + "attn.sr", dim, dim, p.triplane().reduction(), true);
      norm(b + "attn.norm", dim);
      mixFfn(b, dim, dim * p.mlpRatio());
    }
    in = dim / 4 + p.detail().channels();
    for (int i = 0; i < 3; i++) {
      conv(g + "convs2." + 2 * i, p.triplane().convs2().get(i), in, 3, true);
      in = p.triplane().convs2().get(i);
    }
    conv(g + "conv_last", p.triplane().stackedChannels(), in, 3, true);
  }

  private void background(ModelPreset p) {
    var w = p.background().widths();
    conv("background.input_conv.0", w.get(0), 5, 3, true);
    for (int i = 0; i < 3; i++) {
      conv("background.down_conv_" + (i + 1) + ".0", w.get(i), w.get(i), 3, true);
      conv("background.down_conv_" + (i + 1) + ".2.op", w.get(i + 1), w.get(i), 3, true);
    }
    conv("background.middle.0", w.get(3), w.get(3), 3, true);
    long[][] ups = {
      {2L * w.get(3), w.get(2)},
      {2L * w.get(2), w.get(1)},
      {2L * w.get(1), w.get(0)},
      {2L * w.get(0), w.get(0)}
    };
    for (int i = 0; i < 4; i++) {
      conv("background.up_conv_" + (i + 1) + ".0", ups[i][1], ups[i][0], 3, true);
      conv("background.up_conv_" + (i + 1) + ".2.conv", ups[i][1], ups[i][1], 3, true);
    }
    conv("background.out_conv", p.render().featureChannels(), w.get(0), 3, true);
  }

  private void decoder(ModelPreset p) {
    linear("decoder.net.0", p.render().decoderHidden(), p.triplane().planeChannels());
    linear("decoder.out_sigma", 1, p.render().decoderHidden());
    linear("decoder.out_rgb", p.render().featureChannels(), p.render().decoderHidden());
  }

  private void superResolution(ModelPreset p) {
    put("w_avg", 512);
    long[][] io = {
      {p.render().featureChannels(), p.superResolution().channels().get(0)},
      {p.superResolution().channels().get(0), p.superResolution().channels().get(1)}
    };
    for (int b = 0; b < 2; b++) {
      String s = "superresolution.block" + b + ".";
      long in = io[b][0];
      long out = io[b][1];
      modulated(
          s + "conv0",
          out,
          in,
          3,
          b == 0 ? 2 * p.render().resolution() : 4 * p.render().resolution());
      modulated(
          s + "conv1",
          out,
          out,
          3,
          b == 0 ? 2 * p.render().resolution() : 4 * p.render().resolution());
      put(s + "torgb.weight", 3, out, 1, 1);
      put(s + "torgb.bias", 3);
      linear(s + "torgb.affine", out, 512);
      put(s + "resample_filter", 4, 4);
    }
  }

  private void modulated(String name, long out, long in, long k, long res) {
    put(name + ".weight", out, in, k, k);
    put(name + ".bias", out);
    linear(name + ".affine", in, 512);
    put(name + ".noise_strength");
    put(name + ".noise_const", res, res);
    put(name + ".resample_filter", 4, 4);
  }

  private void fanBlock(String b, long in, long out) {
    batchNorm(b + "bn1", in);
    conv(b + "conv1", out / 2, in, 3, false);
    batchNorm(b + "bn2", out / 2);
    conv(b + "conv2", out / 4, out / 2, 3, false);
    batchNorm(b + "bn3", out / 4);
    conv(b + "conv3", out / 4, out / 4, 3, false);
    if (in != out) {
      batchNorm(b + "downsample.0", in);
      conv(b + "downsample.2", out, in, 1, false);
    }
  }

  private void hourglass(String prefix, int level, long c) {
    fanBlock(prefix + "b1_" + level + ".", c, c);
    fanBlock(prefix + "b2_" + level + ".", c, c);
    if (level > 1) {
      hourglass(prefix, level - 1, c);
    } else {
      fanBlock(prefix + "b2_plus_" + level + ".", c, c);
    }
    fanBlock(prefix + "b3_" + level + ".", c, c);
  }

  private void pdfgc(ModelPreset p) {
    long c = p.motion().fanChannels();
    long f = p.motion().featureDim();
    String m = "pdfgc.model.";
    conv(m + "conv1", c / 4, 3, 7, true);
    batchNorm(m + "bn1", c / 4);
    fanBlock(m + "conv2.", c / 4, c / 2);
    fanBlock(m + "conv3.", c / 2, c / 2);
    fanBlock(m + "conv4.", c / 2, c);
    hourglass(m + "m0.", p.motion().fanDepth(), c);
    fanBlock(m + "top_m_0.", c, c);
    conv(m + "conv_last0", c, c, 1, true);
    batchNorm(m + "bn_end0", c);
    conv(m + "l0", 68, c, 1, true);
    batchNorm(m + "bn5", 68);
    conv(m + "conv6", 1, 68, 3, true);
    linear(m + "fc", f, 28 * 28);
    for (String head : new String[] {"mouth", "headpose", "eye", "emo"}) {
      linear("pdfgc.to_" + head + ".0", f, f);
      batchNorm("pdfgc.to_" + head + ".2", f);
      linear("pdfgc.to_" + head + ".3", f, f);
    }
    linear("pdfgc.mouth_embed.1", f - 12, f);
    linear("pdfgc.headpose_embed.1", 6, f);
    linear("pdfgc.eye_embed.1", p.motion().eyeDim(), f);
    linear("pdfgc.emo_embed.1", p.motion().emotionDim(), f);
  }
}
