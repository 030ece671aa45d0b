package dev.avatar4d.synthesizer.mesh;

/**
 * A regular grid of scalar samples (densities), x fastest.
 *
 * @param values {@code nx·ny·nz} samples at index {@code (z·ny + y)·nx + x}
 * @param nx samples along x
 * @param ny samples along y
 * @param nz samples along z
 * @param origin world position of sample (0, 0, 0)
 * @param spacing distance between neighbouring samples
 */
public record DensityGrid(float[] values, int nx, int ny, int nz, float[] origin, float spacing) {

  /** Checks the sizes. */
  public DensityGrid {
    if (nx < 2
        || ny < 2
        || nz < 2
        || values.length != (long) nx * ny * nz
        || origin.length != 3
        || !(spacing > 0)) {
      throw new IllegalArgumentException(
          "grid needs >= 2 samples per axis, nx·ny·nz values, a 3D origin and a positive spacing");
    }
  }

  /** The sample at grid position (x, y, z). */
  public float at(int x, int y, int z) {
    return values[(z * ny + y) * nx + x];
  }

  /**
   * This grid with one more layer of samples on every side, all below {@code level}: each new
   * sample mirrors its nearest original sample about the level ({@code min(v, 2·level − v)}), so a
   * surface that reaches the border closes half a spacing outside it instead of staying open.
   */
  public DensityGrid closedAt(float level) {
    int px = nx + 2;
    int py = ny + 2;
    int pz = nz + 2;
    float[] padded = new float[px * py * pz];
    for (int z = 0; z < pz; z++) {
      int sz = Math.min(nz - 1, Math.max(0, z - 1));
      for (int y = 0; y < py; y++) {
        int sy = Math.min(ny - 1, Math.max(0, y - 1));
        for (int x = 0; x < px; x++) {
          int sx = Math.min(nx - 1, Math.max(0, x - 1));
          float v = at(sx, sy, sz);
          boolean border = x == 0 || y == 0 || z == 0 || x == px - 1 || y == py - 1 || z == pz - 1;
          padded[(z * py + y) * px + x] = border ? Math.min(v, 2 * level - v) : v;
        }
      }
    }
    float[] start = {origin[0] - spacing, origin[1] - spacing, origin[2] - spacing};
    return new DensityGrid(padded, px, py, pz, start, spacing);
  }
}
