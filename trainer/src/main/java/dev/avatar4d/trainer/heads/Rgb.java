package dev.avatar4d.trainer.heads;

import java.util.SplittableRandom;

/** A colour with linear components in [0, 1]. */
public record Rgb(double r, double g, double b) {

  /** Validates the range. */
  public Rgb {
    if (!(r >= 0 && r <= 1 && g >= 0 && g <= 1 && b >= 0 && b <= 1)) {
      throw new IllegalArgumentException(
          "colour components must lie in [0, 1]: " + r + ", " + g + ", " + b);
    }
  }

  /** {@code (1 − t)·this + t·other}. */
  public Rgb mix(Rgb other, double t) {
    return new Rgb(r + (other.r - r) * t, g + (other.g - g) * t, b + (other.b - b) * t);
  }

  /** This colour times {@code f}, clamped to [0, 1]. */
  public Rgb scale(double f) {
    return new Rgb(clamp(r * f), clamp(g * f), clamp(b * f));
  }

  Rgb jitter(SplittableRandom rng, double amount) {
    return new Rgb(
        clamp(r + amount * (2 * rng.nextDouble() - 1)),
        clamp(g + amount * (2 * rng.nextDouble() - 1)),
        clamp(b + amount * (2 * rng.nextDouble() - 1)));
  }

  static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
