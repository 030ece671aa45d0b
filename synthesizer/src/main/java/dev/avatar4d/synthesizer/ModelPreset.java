package dev.avatar4d.synthesizer;

import java.util.List;
import java.util.Locale;

/**
 * Every size of the Portrait4D-v2 network Ψ and its motion encoder, as one immutable value.
 *
 * <p>{@link #full()} reproduces the paper (≈224.8M parameters in Ψ); {@link #lite()} is a small,
 * CPU-friendly configuration of the same architecture. Both run through the same code; a preset
 * never selects a different code path.
 *
 * @param name preset name, as accepted by {@link #byName(String)}
 * @param inputSize side of the square source/driving image fed to the encoders
 * @param globalStemChannels channels of the global encoder's 7×7 stem
 * @param globalWidths output channels of the four ResNet-34 stages
 * @param globalDepths basic blocks per ResNet stage (ResNet-34: 3, 4, 6, 3)
 * @param asppChannels channels of every ASPP branch and of F_g
 * @param asppRates the three atrous rates of the ASPP head
 * @param detailStemChannels channels of the detail encoder's 7×7 stem
 * @param detailChannels channels of F_d (and of F_c, which is concatenated with it)
 * @param detailLayers number of 3×3 convolutions after the detail encoder's stem
 * @param canonicalDim token dimension of the canonical encoder's transformer
 * @param canonicalHeads attention heads of the canonical encoder
 * @param canonicalBlocks cross-attention blocks; the first half attends to the source motion,
 *     the second half to the driving motion
 * @param motionTokens number of motion tokens each motion embedding is projected to
 * @param motionHidden width of the two-layer motion mapping MLPs
 * @param canonicalTailChannels channels of the canonical encoder's convolutional tail
 * @param triplaneConvs1 output channels of the two convolutions before the triplane transformer
 * @param triplaneDim token dimension of the triplane decoder's transformer
 * @param triplaneHeads attention heads of the triplane decoder
 * @param triplaneBlocks transformer blocks of the triplane decoder
 * @param triplaneReduction spatial-reduction ratio of the triplane decoder's attention
 * @param triplaneConvs2 output channels of the convolutions after the triplane transformer
 * @param planeChannels channels of each of the three planes
 * @param mlpRatio hidden-width ratio of every Mix-FFN
 * @param backgroundWidths channels of the background UNet's four resolution levels
 * @param decoderHidden hidden width of the OSG decoder
 * @param featureChannels channels rendered per ray (first three are RGB); also the background's
 *     output channels and the super-resolution input
 * @param renderResolution side of the volume-rendered image
 * @param stratifiedSamples coarse samples per ray
 * @param importanceSamples fine samples per ray
 * @param boxWarp side of the triplane cube
 * @param srChannels output channels of the two super-resolution blocks
 * @param outputResolution side of the super-resolved image (four times the render resolution)
 * @param fanChannels channels of the PD-FGC hourglass
 * @param fanDepth depth of the PD-FGC hourglass
 * @param motionFeatureDim width of the PD-FGC feature and of each head (the mouth code)
 * @param motionEyeDim eye code size
 * @param motionEmotionDim emotion code size
 * @param motionCropSize side of the aligned face crop fed to PD-FGC
 */
public record ModelPreset(
        String name,
        int inputSize,
        int globalStemChannels,
        List<Integer> globalWidths,
        List<Integer> globalDepths,
        int asppChannels,
        List<Integer> asppRates,
        int detailStemChannels,
        int detailChannels,
        int detailLayers,
        int canonicalDim,
        int canonicalHeads,
        int canonicalBlocks,
        int motionTokens,
        int motionHidden,
        int canonicalTailChannels,
        List<Integer> triplaneConvs1,
        int triplaneDim,
        int triplaneHeads,
        int triplaneBlocks,
        int triplaneReduction,
        List<Integer> triplaneConvs2,
        int planeChannels,
        int mlpRatio,
        List<Integer> backgroundWidths,
        int decoderHidden,
        int featureChannels,
        int renderResolution,
        int stratifiedSamples,
        int importanceSamples,
        float boxWarp,
        List<Integer> srChannels,
        int outputResolution,
        int fanChannels,
        int fanDepth,
        int motionFeatureDim,
        int motionEyeDim,
        int motionEmotionDim,
        int motionCropSize) {

    /** Names accepted by {@link #byName(String)}. */
    public static final List<String> NAMES = List.of("full", "lite");

    /** Validates and defensively copies every field. */
    public ModelPreset {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("preset name must not be blank");
        }
        globalWidths = exactly(4, "globalWidths", globalWidths);
        globalDepths = exactly(4, "globalDepths", globalDepths);
        asppRates = exactly(3, "asppRates", asppRates);
        triplaneConvs1 = exactly(2, "triplaneConvs1", triplaneConvs1);
        triplaneConvs2 = exactly(3, "triplaneConvs2", triplaneConvs2);
        backgroundWidths = exactly(4, "backgroundWidths", backgroundWidths);
        srChannels = exactly(2, "srChannels", srChannels);
        positive("inputSize", inputSize);
        if (inputSize % 32 != 0) {
            throw new IllegalArgumentException("inputSize must be a multiple of 32, got " + inputSize);
        }
        positive("globalStemChannels", globalStemChannels);
        positive("asppChannels", asppChannels);
        positive("detailStemChannels", detailStemChannels);
        positive("detailChannels", detailChannels);
        positive("detailLayers", detailLayers);
        divisible("canonicalDim", canonicalDim, "canonicalHeads", canonicalHeads);
        divisible("canonicalDim", canonicalDim, "4 (pixel shuffle)", 4);
        if (canonicalDim / 4 != asppChannels) {
            throw new IllegalArgumentException(
                    "canonicalDim / 4 must equal asppChannels (the tail's pixel shuffle returns to F_g"
                            + " width), got " + canonicalDim + " and " + asppChannels);
        }
        if (canonicalBlocks < 2 || canonicalBlocks % 2 != 0) {
            throw new IllegalArgumentException(
                    "canonicalBlocks must be even and >= 2, got " + canonicalBlocks);
        }
        positive("motionTokens", motionTokens);
        positive("motionHidden", motionHidden);
        positive("canonicalTailChannels", canonicalTailChannels);
        divisible("triplaneDim", triplaneDim, "triplaneHeads", triplaneHeads);
        divisible("triplaneDim", triplaneDim, "4 (pixel shuffle)", 4);
        positive("triplaneBlocks", triplaneBlocks);
        positive("triplaneReduction", triplaneReduction);
        positive("planeChannels", planeChannels);
        positive("mlpRatio", mlpRatio);
        positive("decoderHidden", decoderHidden);
        if (featureChannels < 3) {
            throw new IllegalArgumentException("featureChannels must be >= 3, got " + featureChannels);
        }
        positive("renderResolution", renderResolution);
        if (stratifiedSamples < 4) {
            throw new IllegalArgumentException("stratifiedSamples must be >= 4, got " + stratifiedSamples);
        }
        if (importanceSamples < 0) {
            throw new IllegalArgumentException("importanceSamples must be >= 0, got " + importanceSamples);
        }
        if (!(boxWarp > 0f)) {
            throw new IllegalArgumentException("boxWarp must be positive, got " + boxWarp);
        }
        if (outputResolution != 4 * renderResolution) {
            throw new IllegalArgumentException(
                    "outputResolution must be 4 x renderResolution (two x2 SR blocks), got "
                            + outputResolution + " for render " + renderResolution);
        }
        divisible("fanChannels", fanChannels, "4", 4);
        positive("fanDepth", fanDepth);
        positive("motionFeatureDim", motionFeatureDim);
        positive("motionEyeDim", motionEyeDim);
        positive("motionEmotionDim", motionEmotionDim);
        if (motionCropSize != 224) {
            throw new IllegalArgumentException(
                    "motionCropSize must be 224 (PD-FGC's 28x28 heatmap head), got " + motionCropSize);
        }
        for (List<Integer> l :
                List.of(globalWidths, globalDepths, asppRates, triplaneConvs1, triplaneConvs2,
                        backgroundWidths, srChannels)) {
            l.forEach(v -> positive("list entry", v));
        }
    }

    /** The paper's configuration (Portrait4D-v2 official checkpoint layout). */
    public static ModelPreset full() {
        return new ModelPreset(
                "full", 512,
                64, List.of(64, 128, 256, 512), List.of(3, 4, 6, 3), 256, List.of(12, 24, 36),
                64, 96, 3,
                1024, 4, 8, 64, 512, 128,
                List.of(256, 128), 1024, 2, 1, 2, List.of(256, 128, 128), 32, 2,
                List.of(64, 128, 256, 512),
                64, 32,
                128, 48, 48, 1.3f,
                List.of(256, 128), 512,
                256, 4, 512, 6, 30, 224);
    }

    /** A small configuration: 256² input, 64² render with 24+24 samples, 256² output. */
    public static ModelPreset lite() {
        return new ModelPreset(
                "lite", 256,
                16, List.of(16, 32, 64, 128), List.of(1, 1, 1, 1), 64, List.of(6, 12, 18),
                16, 32, 2,
                256, 2, 2, 16, 128, 32,
                List.of(64, 32), 128, 2, 1, 2, List.of(64, 32, 32), 16, 2,
                List.of(16, 32, 64, 128),
                32, 16,
                64, 24, 24, 1.3f,
                List.of(64, 32), 256,
                64, 4, 128, 6, 30, 224);
    }

    /**
     * A tiny configuration matching the PyTorch reference's parity fixtures
     * ({@code tools/reference}); for tests, not selectable by name.
     */
    public static ModelPreset parityTiny() {
        return new ModelPreset(
                "parityTiny", 32,
                8, List.of(8, 12, 16, 24), List.of(1, 1, 1, 1), 8, List.of(1, 2, 3),
                8, 8, 3,
                32, 2, 2, 4, 16, 8,
                List.of(16, 8), 16, 2, 1, 2, List.of(16, 8, 8), 4, 2,
                List.of(4, 8, 8, 16),
                8, 8,
                8, 8, 8, 1.3f,
                List.of(8, 8), 32,
                8, 1, 12, 4, 4, 224);
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
            default -> throw new IllegalArgumentException(
                    "unknown model preset '" + name + "'; allowed values: " + NAMES);
        };
    }

    /** Size of the motion embedding: eye + emotion + mouth (548 in the paper). */
    public int motionDim() {
        return motionEyeDim + motionEmotionDim + motionFeatureDim;
    }

    /** Side of the triplanes (and of F_d, F_c): half the input size. */
    public int triplaneResolution() {
        return inputSize / 2;
    }

    /** Side of F_g: the global encoder has output stride 8. */
    public int globalFeatureResolution() {
        return inputSize / 8;
    }

    /** Channels of the stacked planes, 3 × planeChannels. */
    public int triplaneChannels() {
        return 3 * planeChannels;
    }

    private static List<Integer> exactly(int n, String field, List<Integer> values) {
        if (values == null || values.size() != n) {
            throw new IllegalArgumentException(field + " must have exactly " + n + " entries, got " + values);
        }
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
}
