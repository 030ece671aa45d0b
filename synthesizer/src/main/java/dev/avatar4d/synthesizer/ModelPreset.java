package dev.avatar4d.synthesizer;

import java.util.List;
import java.util.Locale;

/**
 * Every size of the Portrait4D-v2 network Ψ and its motion encoder, as one immutable value made of
 * one size record per sub-network, so each block reads only its own sizes.
 *
 * <p>{@link #full()} reproduces the paper (≈224.8M parameters in Ψ); {@link #lite()} is a small,
 * CPU-friendly configuration of the same architecture. Both run through the same code; a preset
 * never selects a different code path. {@link #builder} names every size (the presets below read as
 * lists of settings); the sizes that must agree across sub-networks are checked here.
 *
 * @param name preset name, as accepted by {@link #byName(String)}
 * @param inputSize side of the square source/driving image fed to the encoders
 * @param mlpRatio hidden-width ratio of every Mix-FFN (canonical encoder and triplane decoder)
 */
public record ModelPreset(
    String name,
    int inputSize,
    int mlpRatio,
    GlobalEncoderSize global,
    DetailEncoderSize detail,
    CanonicalEncoderSize canonical,
    TriplaneDecoderSize triplane,
    BackgroundSize background,
    RenderSize render,
    SuperResolutionSize superResolution,
    MotionEncoderSize motion) {

  /** Names accepted by {@link #byName(String)}. */
  public static final List<String> NAMES = List.of("full", "lite");

  /**
   * The global encoder: a ResNet-34-style trunk with an ASPP head.
   *
   * @param stemChannels channels of the 7×7 stem
   * @param widths output channels of the four ResNet stages
   * @param depths basic blocks per ResNet stage (ResNet-34: 3, 4, 6, 3)
   * @param asppChannels channels of every ASPP branch and of F_g
   * @param asppRates the three atrous rates of the ASPP head
   */
  public record GlobalEncoderSize(
      int stemChannels,
      List<Integer> widths,
      List<Integer> depths,
      int asppChannels,
      List<Integer> asppRates) {
    /** Validates and copies. */
    public GlobalEncoderSize {
      widths = exactly(4, "globalWidths", widths);
      depths = exactly(4, "globalDepths", depths);
      asppRates = exactly(3, "asppRates", asppRates);
      positive("globalStemChannels", stemChannels);
      positive("asppChannels", asppChannels);
    }
  }

  /**
   * The detail encoder.
   *
   * @param stemChannels channels of the 7×7 stem
   * @param channels channels of F_d (and of F_c, which is concatenated with it)
   * @param layers number of 3×3 convolutions after the stem
   */
  public record DetailEncoderSize(int stemChannels, int channels, int layers) {
    /** Validates. */
    public DetailEncoderSize {
      positive("detailStemChannels", stemChannels);
      positive("detailChannels", channels);
      positive("detailLayers", layers);
    }
  }

  /**
   * The canonical encoder: the transformer with motion cross-attention.
   *
   * @param dim token dimension
   * @param heads attention heads
   * @param blocks cross-attention blocks; the first half attends to the source motion, the second
   *     half to the driving motion
   * @param motionTokens number of motion tokens each motion embedding is projected to
   * @param motionHidden width of the two-layer motion mapping MLPs
   * @param tailChannels channels of the convolutional tail
   */
  public record CanonicalEncoderSize(
      int dim, int heads, int blocks, int motionTokens, int motionHidden, int tailChannels) {
    /** Validates. */
    public CanonicalEncoderSize {
      divisible("canonicalDim", dim, "canonicalHeads", heads);
      divisible("canonicalDim", dim, "4 (pixel shuffle)", 4);
      if (blocks < 2 || blocks % 2 != 0) {
        throw new IllegalArgumentException("canonicalBlocks must be even and >= 2, got " + blocks);
      }
      positive("motionTokens", motionTokens);
      positive("motionHidden", motionHidden);
      positive("canonicalTailChannels", tailChannels);
    }
  }

  /**
   * The triplane decoder.
   *
   * @param convs1 output channels of the two convolutions before the transformer
   * @param dim token dimension of the transformer
   * @param heads attention heads
   * @param blocks transformer blocks
   * @param reduction spatial-reduction ratio of the attention
   * @param convs2 output channels of the convolutions after the transformer
   * @param planeChannels channels of each of the three planes
   */
  public record TriplaneDecoderSize(
      List<Integer> convs1,
      int dim,
      int heads,
      int blocks,
      int reduction,
      List<Integer> convs2,
      int planeChannels) {
    /** Validates and copies. */
    public TriplaneDecoderSize {
      convs1 = exactly(2, "triplaneConvs1", convs1);
      divisible("triplaneDim", dim, "triplaneHeads", heads);
      divisible("triplaneDim", dim, "4 (pixel shuffle)", 4);
      positive("triplaneBlocks", blocks);
      positive("triplaneReduction", reduction);
      convs2 = exactly(3, "triplaneConvs2", convs2);
      positive("planeChannels", planeChannels);
    }

    /** Channels of the stacked planes, 3 × planeChannels. */
    public int stackedChannels() {
      return 3 * planeChannels;
    }
  }

  /**
   * The background UNet.
   *
   * @param widths channels of its four resolution levels
   */
  public record BackgroundSize(List<Integer> widths) {
    /** Validates and copies. */
    public BackgroundSize {
      widths = exactly(4, "backgroundWidths", widths);
    }
  }

  /**
   * The OSG decoder and the volume renderer.
   *
   * @param decoderHidden hidden width of the OSG decoder
   * @param featureChannels channels rendered per ray (first three are RGB); also the background's
   *     output channels and the super-resolution input
   * @param resolution side of the volume-rendered image
   * @param stratifiedSamples coarse samples per ray
   * @param importanceSamples fine samples per ray
   * @param boxWarp side of the triplane cube
   */
  public record RenderSize(
      int decoderHidden,
      int featureChannels,
      int resolution,
      int stratifiedSamples,
      int importanceSamples,
      float boxWarp) {
    /** Validates. */
    public RenderSize {
      positive("decoderHidden", decoderHidden);
      if (featureChannels < 3) {
        throw new IllegalArgumentException("featureChannels must be >= 3, got " + featureChannels);
      }
      positive("renderResolution", resolution);
      if (stratifiedSamples < 4) {
        throw new IllegalArgumentException(
            "stratifiedSamples must be >= 4, got " + stratifiedSamples);
      }
      if (importanceSamples < 0) {
        throw new IllegalArgumentException(
            "importanceSamples must be >= 0, got " + importanceSamples);
      }
      if (!(boxWarp > 0f)) {
        throw new IllegalArgumentException("boxWarp must be positive, got " + boxWarp);
      }
    }
  }

  /**
   * The super-resolution module.
   *
   * @param channels output channels of the two super-resolution blocks
   * @param outputResolution side of the super-resolved image (four times the render resolution)
   */
  public record SuperResolutionSize(List<Integer> channels, int outputResolution) {
    /** Validates and copies. */
    public SuperResolutionSize {
      channels = exactly(2, "srChannels", channels);
      positive("outputResolution", outputResolution);
    }
  }

  /**
   * The motion encoder (PD-FGC).
   *
   * @param fanChannels channels of the hourglass
   * @param fanDepth depth of the hourglass
   * @param featureDim width of the feature and of each head (the mouth code)
   * @param eyeDim eye code size
   * @param emotionDim emotion code size
   * @param cropSize side of the aligned face crop it is fed
   */
  public record MotionEncoderSize(
      int fanChannels, int fanDepth, int featureDim, int eyeDim, int emotionDim, int cropSize) {
    /** Validates. */
    public MotionEncoderSize {
      divisible("fanChannels", fanChannels, "4", 4);
      positive("fanDepth", fanDepth);
      positive("motionFeatureDim", featureDim);
      positive("motionEyeDim", eyeDim);
      positive("motionEmotionDim", emotionDim);
      if (cropSize != 224) {
        throw new IllegalArgumentException(
            "motionCropSize must be 224 (PD-FGC's 28x28 heatmap head), got " + cropSize);
      }
    }

    /** Size of the motion embedding: eye + emotion + mouth (548 in the paper). */
    public int codeDim() {
      return eyeDim + emotionDim + featureDim;
    }
  }

  /** Checks the sizes that must agree across sub-networks. */
  public ModelPreset {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("preset name must not be blank");
    }
    positive("inputSize", inputSize);
    if (inputSize % 32 != 0) {
      throw new IllegalArgumentException("inputSize must be a multiple of 32, got " + inputSize);
    }
    positive("mlpRatio", mlpRatio);
    if (canonical.dim() / 4 != global.asppChannels()) {
      throw new IllegalArgumentException(
          "canonicalDim / 4 must equal asppChannels (the tail's pixel shuffle returns to F_g"
              + " width), got "
              + canonical.dim()
              + " and "
              + global.asppChannels());
    }
    if (superResolution.outputResolution() != 4 * render.resolution()) {
      throw new IllegalArgumentException(
          "outputResolution must be 4 x renderResolution (two x2 SR blocks), got "
              + superResolution.outputResolution()
              + " for render "
              + render.resolution());
    }
  }

  /** The paper's configuration (Portrait4D-v2 official checkpoint layout). */
  public static ModelPreset full() {
    return builder("full")
        // input and global encoder
        .inputSize(512)
        .globalStemChannels(64)
        .globalWidths(64, 128, 256, 512)
        .globalDepths(3, 4, 6, 3)
        .asppChannels(256)
        .asppRates(12, 24, 36)
        // detail encoder
        .detailStemChannels(64)
        .detailChannels(96)
        .detailLayers(3)
        // canonical encoder
        .canonicalDim(1024)
        .canonicalHeads(4)
        .canonicalBlocks(8)
        .motionTokens(64)
        .motionHidden(512)
        .canonicalTailChannels(128)
        // triplane decoder
        .triplaneConvs1(256, 128)
        .triplaneDim(1024)
        .triplaneHeads(2)
        .triplaneBlocks(1)
        .triplaneReduction(2)
        .triplaneConvs2(256, 128, 128)
        .planeChannels(32)
        .mlpRatio(2)
        // background, OSG decoder, renderer
        .backgroundWidths(64, 128, 256, 512)
        .decoderHidden(64)
        .featureChannels(32)
        .renderResolution(128)
        .stratifiedSamples(48)
        .importanceSamples(48)
        .boxWarp(1.3f)
        // super-resolution
        .srChannels(256, 128)
        .outputResolution(512)
        // motion encoder (PD-FGC)
        .fanChannels(256)
        .fanDepth(4)
        .motionFeatureDim(512)
        .motionEyeDim(6)
        .motionEmotionDim(30)
        .motionCropSize(224)
        .build();
  }

  /** A small configuration: 256² input, 64² render with 24+24 samples, 256² output. */
  public static ModelPreset lite() {
    return builder("lite")
        // input and global encoder
        .inputSize(256)
        .globalStemChannels(16)
        .globalWidths(16, 32, 64, 128)
        .globalDepths(1, 1, 1, 1)
        .asppChannels(64)
        .asppRates(6, 12, 18)
        // detail encoder
        .detailStemChannels(16)
        .detailChannels(32)
        .detailLayers(2)
        // canonical encoder
        .canonicalDim(256)
        .canonicalHeads(2)
        .canonicalBlocks(2)
        .motionTokens(16)
        .motionHidden(128)
        .canonicalTailChannels(32)
        // triplane decoder
        .triplaneConvs1(64, 32)
        .triplaneDim(128)
        .triplaneHeads(2)
        .triplaneBlocks(1)
        .triplaneReduction(2)
        .triplaneConvs2(64, 32, 32)
        .planeChannels(16)
        .mlpRatio(2)
        // background, OSG decoder, renderer
        .backgroundWidths(16, 32, 64, 128)
        .decoderHidden(32)
        .featureChannels(16)
        .renderResolution(64)
        .stratifiedSamples(24)
        .importanceSamples(24)
        .boxWarp(1.3f)
        // super-resolution
        .srChannels(64, 32)
        .outputResolution(256)
        // motion encoder (PD-FGC)
        .fanChannels(64)
        .fanDepth(4)
        .motionFeatureDim(128)
        .motionEyeDim(6)
        .motionEmotionDim(30)
        .motionCropSize(224)
        .build();
  }

  /**
   * A tiny configuration matching the PyTorch reference's parity fixtures ({@code
   * tools/reference}); for tests, not selectable by name.
   */
  public static ModelPreset parityTiny() {
    return builder("parityTiny")
        // input and global encoder
        .inputSize(32)
        .globalStemChannels(8)
        .globalWidths(8, 12, 16, 24)
        .globalDepths(1, 1, 1, 1)
        .asppChannels(8)
        .asppRates(1, 2, 3)
        // detail encoder
        .detailStemChannels(8)
        .detailChannels(8)
        .detailLayers(3)
        // canonical encoder
        .canonicalDim(32)
        .canonicalHeads(2)
        .canonicalBlocks(2)
        .motionTokens(4)
        .motionHidden(16)
        .canonicalTailChannels(8)
        // triplane decoder
        .triplaneConvs1(16, 8)
        .triplaneDim(16)
        .triplaneHeads(2)
        .triplaneBlocks(1)
        .triplaneReduction(2)
        .triplaneConvs2(16, 8, 8)
        .planeChannels(4)
        .mlpRatio(2)
        // background, OSG decoder, renderer
        .backgroundWidths(4, 8, 8, 16)
        .decoderHidden(8)
        .featureChannels(8)
        .renderResolution(8)
        .stratifiedSamples(8)
        .importanceSamples(8)
        .boxWarp(1.3f)
        // super-resolution
        .srChannels(8, 8)
        .outputResolution(32)
        // motion encoder (PD-FGC)
        .fanChannels(8)
        .fanDepth(1)
        .motionFeatureDim(12)
        .motionEyeDim(4)
        .motionEmotionDim(4)
        .motionCropSize(224)
        .build();
  }

  /**
   * Looks a preset up by name (case-insensitive).
   *
   * @throws IllegalArgumentException naming the allowed values when {@code name} is unknown
   */
  public static ModelPreset byName(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (key) {
      case "full" -> full();
      case "lite" -> lite();
      default ->
          throw new IllegalArgumentException(
              "unknown model preset '" + name + "'; allowed values: " + NAMES);
    };
  }

  /** Side of the triplanes (and of F_d, F_c): half the input size. */
  public int triplaneResolution() {
    return inputSize / 2;
  }

  /** Side of F_g: the global encoder has output stride 8. */
  public int globalFeatureResolution() {
    return inputSize / 8;
  }

  /** A builder holding this preset's sizes, to derive a variant (e.g. in a test). */
  public Builder toBuilder() {
    return builder(name)
        .inputSize(inputSize)
        .globalStemChannels(global.stemChannels())
        .globalWidths(global.widths().toArray(Integer[]::new))
        .globalDepths(global.depths().toArray(Integer[]::new))
        .asppChannels(global.asppChannels())
        .asppRates(global.asppRates().toArray(Integer[]::new))
        .detailStemChannels(detail.stemChannels())
        .detailChannels(detail.channels())
        .detailLayers(detail.layers())
        .canonicalDim(canonical.dim())
        .canonicalHeads(canonical.heads())
        .canonicalBlocks(canonical.blocks())
        .motionTokens(canonical.motionTokens())
        .motionHidden(canonical.motionHidden())
        .canonicalTailChannels(canonical.tailChannels())
        .triplaneConvs1(triplane.convs1().toArray(Integer[]::new))
        .triplaneDim(triplane.dim())
        .triplaneHeads(triplane.heads())
        .triplaneBlocks(triplane.blocks())
        .triplaneReduction(triplane.reduction())
        .triplaneConvs2(triplane.convs2().toArray(Integer[]::new))
        .planeChannels(triplane.planeChannels())
        .mlpRatio(mlpRatio)
        .backgroundWidths(background.widths().toArray(Integer[]::new))
        .decoderHidden(render.decoderHidden())
        .featureChannels(render.featureChannels())
        .renderResolution(render.resolution())
        .stratifiedSamples(render.stratifiedSamples())
        .importanceSamples(render.importanceSamples())
        .boxWarp(render.boxWarp())
        .srChannels(superResolution.channels().toArray(Integer[]::new))
        .outputResolution(superResolution.outputResolution())
        .fanChannels(motion.fanChannels())
        .fanDepth(motion.fanDepth())
        .motionFeatureDim(motion.featureDim())
        .motionEyeDim(motion.eyeDim())
        .motionEmotionDim(motion.emotionDim())
        .motionCropSize(motion.cropSize());
  }

  private static List<Integer> exactly(int n, String field, List<Integer> values) {
    if (values == null || values.size() != n) {
      throw new IllegalArgumentException(
          field + " must have exactly " + n + " entries, got " + values);
    }
    values.forEach(v -> positive(field + " entry", v));
    return List.copyOf(values);
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
  }

  private static void divisible(String field, int value, String byName, int by) {
    positive(field, value);
    positive(byName, by);
    if (value % by != 0) {
      throw new IllegalArgumentException(field + " (" + value + ") must be divisible by " + byName);
    }
  }

  /** A builder naming every size, so that presets read as a list of settings, not positions. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Collects the sizes of a preset by name; {@link #build()} validates them. */
  public static final class Builder {
    private final String name;
    private int inputSize;
    private int globalStemChannels;
    private List<Integer> globalWidths;
    private List<Integer> globalDepths;
    private int asppChannels;
    private List<Integer> asppRates;
    private int detailStemChannels;
    private int detailChannels;
    private int detailLayers;
    private int canonicalDim;
    private int canonicalHeads;
    private int canonicalBlocks;
    private int motionTokens;
    private int motionHidden;
    private int canonicalTailChannels;
    private List<Integer> triplaneConvs1;
    private int triplaneDim;
    private int triplaneHeads;
    private int triplaneBlocks;
    private int triplaneReduction;
    private List<Integer> triplaneConvs2;
    private int planeChannels;
    private int mlpRatio;
    private List<Integer> backgroundWidths;
    private int decoderHidden;
    private int featureChannels;
    private int renderResolution;
    private int stratifiedSamples;
    private int importanceSamples;
    private float boxWarp;
    private List<Integer> srChannels;
    private int outputResolution;
    private int fanChannels;
    private int fanDepth;
    private int motionFeatureDim;
    private int motionEyeDim;
    private int motionEmotionDim;
    private int motionCropSize;

    private Builder(String name) {
      this.name = name;
    }

    public Builder inputSize(int value) {
      this.inputSize = value;
      return this;
    }

    public Builder globalStemChannels(int value) {
      this.globalStemChannels = value;
      return this;
    }

    public Builder globalWidths(Integer... values) {
      this.globalWidths = List.of(values);
      return this;
    }

    public Builder globalDepths(Integer... values) {
      this.globalDepths = List.of(values);
      return this;
    }

    public Builder asppChannels(int value) {
      this.asppChannels = value;
      return this;
    }

    public Builder asppRates(Integer... values) {
      this.asppRates = List.of(values);
      return this;
    }

    public Builder detailStemChannels(int value) {
      this.detailStemChannels = value;
      return this;
    }

    public Builder detailChannels(int value) {
      this.detailChannels = value;
      return this;
    }

    public Builder detailLayers(int value) {
      this.detailLayers = value;
      return this;
    }

    public Builder canonicalDim(int value) {
      this.canonicalDim = value;
      return this;
    }

    public Builder canonicalHeads(int value) {
      this.canonicalHeads = value;
      return this;
    }

    public Builder canonicalBlocks(int value) {
      this.canonicalBlocks = value;
      return this;
    }

    public Builder motionTokens(int value) {
      this.motionTokens = value;
      return this;
    }

    public Builder motionHidden(int value) {
      this.motionHidden = value;
      return this;
    }

    public Builder canonicalTailChannels(int value) {
      this.canonicalTailChannels = value;
      return this;
    }

    public Builder triplaneConvs1(Integer... values) {
      this.triplaneConvs1 = List.of(values);
      return this;
    }

    public Builder triplaneDim(int value) {
      this.triplaneDim = value;
      return this;
    }

    public Builder triplaneHeads(int value) {
      this.triplaneHeads = value;
      return this;
    }

    public Builder triplaneBlocks(int value) {
      this.triplaneBlocks = value;
      return this;
    }

    public Builder triplaneReduction(int value) {
      this.triplaneReduction = value;
      return this;
    }

    public Builder triplaneConvs2(Integer... values) {
      this.triplaneConvs2 = List.of(values);
      return this;
    }

    public Builder planeChannels(int value) {
      this.planeChannels = value;
      return this;
    }

    public Builder mlpRatio(int value) {
      this.mlpRatio = value;
      return this;
    }

    public Builder backgroundWidths(Integer... values) {
      this.backgroundWidths = List.of(values);
      return this;
    }

    public Builder decoderHidden(int value) {
      this.decoderHidden = value;
      return this;
    }

    public Builder featureChannels(int value) {
      this.featureChannels = value;
      return this;
    }

    public Builder renderResolution(int value) {
      this.renderResolution = value;
      return this;
    }

    public Builder stratifiedSamples(int value) {
      this.stratifiedSamples = value;
      return this;
    }

    public Builder importanceSamples(int value) {
      this.importanceSamples = value;
      return this;
    }

    public Builder boxWarp(float value) {
      this.boxWarp = value;
      return this;
    }

    public Builder srChannels(Integer... values) {
      this.srChannels = List.of(values);
      return this;
    }

    public Builder outputResolution(int value) {
      this.outputResolution = value;
      return this;
    }

    public Builder fanChannels(int value) {
      this.fanChannels = value;
      return this;
    }

    public Builder fanDepth(int value) {
      this.fanDepth = value;
      return this;
    }

    public Builder motionFeatureDim(int value) {
      this.motionFeatureDim = value;
      return this;
    }

    public Builder motionEyeDim(int value) {
      this.motionEyeDim = value;
      return this;
    }

    public Builder motionEmotionDim(int value) {
      this.motionEmotionDim = value;
      return this;
    }

    public Builder motionCropSize(int value) {
      this.motionCropSize = value;
      return this;
    }

    /** The preset; throws {@link IllegalArgumentException} naming the first bad size. */
    public ModelPreset build() {
      return new ModelPreset(
          name,
          inputSize,
          mlpRatio,
          new GlobalEncoderSize(
              globalStemChannels, globalWidths, globalDepths, asppChannels, asppRates),
          new DetailEncoderSize(detailStemChannels, detailChannels, detailLayers),
          new CanonicalEncoderSize(
              canonicalDim,
              canonicalHeads,
              canonicalBlocks,
              motionTokens,
              motionHidden,
              canonicalTailChannels),
          new TriplaneDecoderSize(
              triplaneConvs1,
              triplaneDim,
              triplaneHeads,
              triplaneBlocks,
              triplaneReduction,
              triplaneConvs2,
              planeChannels),
          new BackgroundSize(backgroundWidths),
          new RenderSize(
              decoderHidden,
              featureChannels,
              renderResolution,
              stratifiedSamples,
              importanceSamples,
              boxWarp),
          new SuperResolutionSize(srChannels, outputResolution),
          new MotionEncoderSize(
              fanChannels,
              fanDepth,
              motionFeatureDim,
              motionEyeDim,
              motionEmotionDim,
              motionCropSize));
    }
  }
}
