package dev.avatar4d.trainer.heads;

/**
 * Smooth 3D value noise in [0, 1] from a seed: the same seed and point always give the same value.
 */
final class ValueNoise {
  private final long seed;

  ValueNoise(long seed) {
    this.seed = seed;
  }

  double at(double x, double y, double z) {
    long x0 = (long) Math.floor(x);
    long y0 = (long) Math.floor(y);
    long z0 = (long) Math.floor(z);
    double fx = fade(x - x0);
    double fy = fade(y - y0);
    double fz = fade(z - z0);
    double v = 0;
    for (int dz = 0; dz <= 1; dz++) {
      for (int dy = 0; dy <= 1; dy++) {
        for (int dx = 0; dx <= 1; dx++) {
          double w = (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy) * (dz == 0 ? 1 - fz : fz);
          v += w * lattice(x0 + dx, y0 + dy, z0 + dz);
        }
      }
    }
    return v;
  }

  /** Two octaves, for texture that is neither blotchy nor grainy. */
  double fractal(double x, double y, double z) {
    return (2 * at(x, y, z) + at(2.03 * x + 17.1, 2.03 * y + 3.7, 2.03 * z + 11.3)) / 3;
  }

  private double lattice(long x, long y, long z) {
    long h =
        seed ^ (x * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL) ^ (z * 0x165667B19E3779F9L);
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    h ^= h >>> 31;
    return (h >>> 11) * 0x1.0p-53;
  }

  private static double fade(double t) {
    return t * t * (3 - 2 * t);
  }
}
