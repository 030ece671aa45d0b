package dev.avatar4d.synthesizer;

/**
 * What model a synthesizer runs.
 *
 * @param preset preset name
 * @param weightsSha256 SHA-256 of the weights file, or {@code untrained-seed-<seed>}
 * @param trained whether weights were loaded
 * @param device where the model runs: {@code cpu} or {@code gpu:N}
 * @param outputResolution side of the super-resolved image
 * @param renderResolution side of the volume-rendered image (depth and opacity maps)
 */
public record ModelInfo(
    String preset,
    String weightsSha256,
    boolean trained,
    String device,
    int outputResolution,
    int renderResolution) {}
