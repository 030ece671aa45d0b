package dev.avatar4d.protocol;

import java.util.Objects;

/**
 * Which model rendered a job: preset, the SHA-256 of the exact weights, whether those weights are
 * trained, and the device it ran on. Untrained (seeded random) weights are always labelled so.
 */
public record ModelStamp(String preset, String weightsSha256, boolean trained, String device) {
  public ModelStamp {
    Objects.requireNonNull(preset, "preset");
    Objects.requireNonNull(weightsSha256, "weightsSha256");
    Objects.requireNonNull(device, "device");
  }
}
