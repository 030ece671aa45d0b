package dev.avatar4d.trainer.train;

import java.util.SplittableRandom;

/**
 * The random choices of one step come from a stream keyed by seed, stage and step number, so that a
 * resumed run draws exactly the samples the uninterrupted run would have drawn.
 */
final class StepRandom {

  private StepRandom() {}

  static SplittableRandom of(long seed, String stage, long step) {
    long mixed =
        seed * 0x9E3779B97F4A7C15L
            ^ stage.hashCode() * 0xC2B2AE3D27D4EB4FL
            ^ step * 0x165667B19E3779F9L;
    return new SplittableRandom(mixed);
  }
}
