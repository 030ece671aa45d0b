package dev.avatar4d.synthesizer;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open a {@link Portrait4DSynthesizer}.
 *
 * @param preset preset name, see {@link ModelPreset#byName(String)}
 * @param weights our own weights file (see {@code weights.WeightsFile}); empty means seeded random
 *     initialisation, i.e. an untrained model
 * @param seed seed of the random initialisation (ignored for parameters the weights file sets)
 * @param device "auto" (GPU when the engine sees one), "cpu" or "gpu"
 */
public record SynthesizerConfig(String preset, Optional<Path> weights, long seed, String device) {

  /** Default preset: the CPU-friendly one. */
  public static final String DEFAULT_PRESET = "lite";

  /** Default initialisation seed. */
  public static final long DEFAULT_SEED = 42L;

  /** Default device preference. */
  public static final String DEFAULT_DEVICE = "auto";

  /** Accepted device preferences. */
  public static final List<String> DEVICES = List.of("auto", "cpu", "gpu");

  /** Validates and normalises the fields. */
  public SynthesizerConfig {
    preset = ModelPreset.byName(Objects.requireNonNull(preset, "preset")).name();
    weights = Objects.requireNonNull(weights, "weights (use Optional.empty())");
    device = Objects.requireNonNull(device, "device").trim().toLowerCase(Locale.ROOT);
    if (!DEVICES.contains(device)) {
      throw new IllegalArgumentException(
          "unknown device preference '" + device + "'; allowed values: " + DEVICES);
    }
  }

  /** lite, no weights, seed 42, auto device. */
  public static SynthesizerConfig defaults() {
    return new SynthesizerConfig(DEFAULT_PRESET, Optional.empty(), DEFAULT_SEED, DEFAULT_DEVICE);
  }

  /** A copy with another preset. */
  public SynthesizerConfig withPreset(String name) {
    return new SynthesizerConfig(name, weights, seed, device);
  }

  /** A copy loading {@code path}. */
  public SynthesizerConfig withWeights(Path path) {
    return new SynthesizerConfig(preset, Optional.of(path), seed, device);
  }

  /** A copy with another seed. */
  public SynthesizerConfig withSeed(long value) {
    return new SynthesizerConfig(preset, weights, value, device);
  }

  /** A copy with another device preference. */
  public SynthesizerConfig withDevice(String value) {
    return new SynthesizerConfig(preset, weights, seed, value);
  }
}
