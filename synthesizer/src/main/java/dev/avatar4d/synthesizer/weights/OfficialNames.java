package dev.avatar4d.synthesizer.weights;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name table from the official Portrait4D-v2 {@code G_ema} state dict (and PD-FGC's {@code
 * motion_model.pth}, exported under the {@code pdfgc.} prefix) to our parameter paths. The first
 * matching rule wins. Super-resolution weights and {@code w_avg} are not here: they are folded
 * together (see {@link OfficialCheckpointImporter}).
 */
final class OfficialNames {

  /** How a tensor is transformed on the way in. */
  enum Transform {
    /** Taken as is. */
    COPY,
    /** StyleGAN FullyConnectedLayer weight: multiplied by lr_mul/√in with lr_mul = 1. */
    FC_GAIN
  }

  /** One mapped name. */
  record Target(String path, Transform transform) {}

  private record Rule(Pattern official, Function<Matcher, String> ours, Transform transform) {}

  private static final String P = "(weight|bias)";
  private static final String BN = "(weight|bias|running_mean|running_var)";

  /** Keys we skip on purpose. */
  private static final List<Pattern> IGNORED =
      List.of(
          Pattern.compile("deformer\\..*"),
          Pattern.compile(".*num_batches_tracked"),
          Pattern.compile("superresolution\\..*\\.(noise_const|noise_strength|resample_filter)"),
          Pattern.compile("superresolution\\.block\\d\\.resample_filter"),
          Pattern.compile("pdfgc\\.(to_headpose|headpose_embed|mouth_embed)\\..*"));

  private static final List<Rule> RULES =
      List.of(
          // Global encoder: smp ResNet-34 (BatchNorm removed) + DeepLabV3 head.
          rule("encoder_global\\.encoder\\.conv1\\.weight", m -> "encoder_global.stem.weight"),
          rule(
              "encoder_global\\.encoder\\.layer(\\d)\\.(\\d+)\\.(conv[12])\\.weight",
              m ->
                  "encoder_global.layers."
                      + (num(m, 1) - 1)
                      + "."
                      + m.group(2)
                      + "."
                      + m.group(3)
                      + ".weight"),
          rule(
              "encoder_global\\.encoder\\.layer(\\d)\\.(\\d+)\\.downsample\\.0\\.weight",
              m ->
                  "encoder_global.layers."
                      + (num(m, 1) - 1)
                      + "."
                      + m.group(2)
                      + ".downsample.weight"),
          rule(
              "encoder_global\\.decoder\\.0\\.convs\\.0\\.0\\.weight",
              m -> "encoder_global.aspp.branch1x1.weight"),
          rule(
              "encoder_global\\.decoder\\.0\\.convs\\.([123])\\.0\\.weight",
              m -> "encoder_global.aspp.atrous." + (num(m, 1) - 1) + ".weight"),
          rule(
              "encoder_global\\.decoder\\.0\\.convs\\.4\\.1\\.weight",
              m -> "encoder_global.aspp.pooling.weight"),
          rule(
              "encoder_global\\.decoder\\.0\\.project\\.0\\.weight",
              m -> "encoder_global.aspp.project.weight"),
          rule("encoder_global\\.decoder\\.1\\.weight", m -> "encoder_global.head.weight"),
          // Detail encoder: Sequential of conv/LReLU pairs.
          rule(
              "encoder_detail\\.encoder\\.(\\d+)\\." + P,
              m -> "encoder_detail.convs." + num(m, 1) / 2 + "." + m.group(2)),
          // Canonical encoder.
          rule(
              "encoder_canonical\\.maps_neutral\\.(\\d+)\\." + P,
              m -> "encoder_canonical.maps_source." + num(m, 1) / 2 + "." + m.group(2)),
          rule(
              "encoder_canonical\\.maps\\.(\\d+)\\." + P,
              m -> "encoder_canonical.maps_driving." + num(m, 1) / 2 + "." + m.group(2)),
          rule(
              "encoder_canonical\\.proj_y_neutral\\." + P,
              m -> "encoder_canonical.tokens_source." + m.group(1)),
          rule(
              "encoder_canonical\\.proj_y\\." + P,
              m -> "encoder_canonical.tokens_driving." + m.group(1)),
          rule(
              "encoder_canonical\\.patch_embed\\.(proj|norm)\\." + P,
              m -> "encoder_canonical.patch_embed." + m.group(1) + "." + m.group(2)),
          rule(
              "encoder_canonical\\.trans_blocks_neutral\\.(\\d+)\\.(.+)",
              m -> "encoder_canonical.blocks_source." + m.group(1) + "." + block(m.group(2))),
          rule(
              "encoder_canonical\\.trans_blocks_motion\\.(\\d+)\\.(.+)",
              m -> "encoder_canonical.blocks_driving." + m.group(1) + "." + block(m.group(2))),
          rule(
              "encoder_canonical\\.convs\\.(1|4|6)\\." + P,
              m ->
                  "encoder_canonical.tail."
                      + List.of("1", "4", "6").indexOf(m.group(1))
                      + "."
                      + m.group(2)),
          // Triplane decoder.
          rule(
              "generator_triplane\\.convs1\\.(\\d+)\\." + P,
              m -> "generator_triplane.convs1." + num(m, 1) / 2 + "." + m.group(2)),
          rule(
              "generator_triplane\\.patch_embed\\.(proj|norm)\\." + P,
              m -> "generator_triplane.patch_embed." + m.group(1) + "." + m.group(2)),
          rule(
              "generator_triplane\\.trans_blocks\\.(\\d+)\\.(.+)",
              m -> "generator_triplane.blocks." + m.group(1) + "." + block(m.group(2))),
          rule(
              "generator_triplane\\.convs2\\.(\\d+)\\." + P,
              m -> "generator_triplane.convs2." + num(m, 1) / 2 + "." + m.group(2)),
          rule(
              "generator_triplane\\.conv_last\\." + P,
              m -> "generator_triplane.conv_last." + m.group(1)),
          // Background UNet (Downsample.op / Upsample.conv from the openai UNet helpers).
          rule("background\\.input_conv\\.0\\." + P, m -> "background.input_conv." + m.group(1)),
          rule(
              "background\\.down_conv_(\\d)\\.0\\." + P,
              m -> "background.downs." + (num(m, 1) - 1) + ".conv." + m.group(2)),
          rule(
              "background\\.down_conv_(\\d)\\.2\\.op\\." + P,
              m -> "background.downs." + (num(m, 1) - 1) + ".down." + m.group(2)),
          rule("background\\.middle\\.0\\." + P, m -> "background.middle." + m.group(1)),
          rule(
              "background\\.up_conv_(\\d)\\.0\\." + P,
              m -> "background.ups." + (num(m, 1) - 1) + ".conv." + m.group(2)),
          rule(
              "background\\.up_conv_(\\d)\\.2\\.conv\\." + P,
              m -> "background.ups." + (num(m, 1) - 1) + ".up." + m.group(2)),
          rule("background\\.out_conv\\." + P, m -> "background.out_conv." + m.group(1)),
          // OSG decoder: StyleGAN FullyConnectedLayers (weight gain 1/√in, bias gain 1).
          new Rule(
              Pattern.compile("decoder\\.net\\.0\\.weight"),
              m -> "decoder.net.weight",
              Transform.FC_GAIN),
          rule("decoder\\.net\\.0\\.bias", m -> "decoder.net.bias"),
          new Rule(
              Pattern.compile("decoder\\.(out_sigma|out_rgb)\\.weight"),
              m -> "decoder." + m.group(1) + ".weight",
              Transform.FC_GAIN),
          rule("decoder\\.(out_sigma|out_rgb)\\.bias", m -> "decoder." + m.group(1) + ".bias"),
          // PD-FGC motion encoder.
          rule(
              "pdfgc\\.model\\.(.+)",
              m ->
                  "motion_encoder.fan."
                      + m.group(1)
                          .replace("downsample.0.", "downsample_bn.")
                          .replace("downsample.2.", "downsample_conv.")),
          rule(
              "pdfgc\\.to_(eye|emo|mouth)\\.(0|2|3)\\." + BN,
              m ->
                  "motion_encoder."
                      + head(m.group(1))
                      + "."
                      + List.of("fc1", "", "bn", "fc2").get(num(m, 2))
                      + "."
                      + m.group(3)),
          rule(
              "pdfgc\\.(eye|emo)_embed\\.1\\." + P,
              m -> "motion_encoder." + head(m.group(1)) + ".embed." + m.group(2)));

  private OfficialNames() {}

  private static Rule rule(String regex, Function<Matcher, String> ours) {
    return new Rule(Pattern.compile(regex), ours, Transform.COPY);
  }

  private static int num(Matcher m, int group) {
    return Integer.parseInt(m.group(group));
  }

  /** Inside a transformer block only Mix-FFN's doubly nested depthwise conv is renamed. */
  private static String block(String rest) {
    return rest.replace("mlp.dwconv.dwconv.", "mlp.dwconv.");
  }

  private static String head(String official) {
    return official.equals("emo") ? "emotion" : official;
  }

  /** Drops DataParallel's {@code module.} wrapper inside the PD-FGC namespace. */
  static String normalise(String key) {
    return key.startsWith("pdfgc.module.")
        ? "pdfgc." + key.substring("pdfgc.module.".length())
        : key;
  }

  /** Whether {@code key} is skipped on purpose. */
  static boolean ignored(String key) {
    return IGNORED.stream().anyMatch(p -> p.matcher(key).matches());
  }

  /** Our path and transform for an official key, if a rule covers it. */
  static Optional<Target> map(String key) {
    for (Rule r : RULES) {
      Matcher m = r.official().matcher(key);
      if (m.matches()) {
        return Optional.of(new Target(r.ours().apply(m), r.transform()));
      }
    }
    return Optional.empty();
  }
}
