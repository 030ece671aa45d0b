package dev.avatar4d.synthesizer.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.avatar4d.synthesizer.mesh.DensityGrid;
import dev.avatar4d.synthesizer.mesh.MarchingCubes;
import dev.avatar4d.synthesizer.mesh.Mesh;
import java.util.Arrays;

/**
 * The head's surface from triplanes: the decoder's density sampled on a regular grid over the
 * triplane cube, marching cubes at {@link #SURFACE_SIGMA} ({@link MarchingCubes}, the surface
 * closed at the cube's border), and vertex colours from the radiance field at each vertex.
 *
 * <p>Colours are the first three channels of the decoder's feature output, which the volume
 * renderer composites into the low-resolution image before super-resolution: already in [0, 1] (the
 * renderer maps them to [−1, 1] for the super-resolution network), so they are the colours the head
 * has before super-resolution sharpens it.
 *
 * <p>Points go through the sampler and decoder in chunks of about {@link #POINTS_PER_CHUNK}, each
 * in its own manager scope, with a checkpoint (a cancellation check) between chunks.
 */
public final class MeshExport {

  /**
   * Volume density σ (the renderer's {@code softplus(raw − 1)}) at the surface. EG3D-family shape
   * extraction uses 10: with the lite model's 1.3-unit cube, σ = 10 keeps 1 − e^(−10·0.01) ≈ 10% of
   * the light per hundredth of a unit, well inside the opaque head.
   */
  public static final float SURFACE_SIGMA = 10f;

  static final int POINTS_PER_CHUNK = 1 << 16;

  private MeshExport() {}

  /**
   * The surface of {@code planes} with vertex colours.
   *
   * @param planes {@code (1, 3, C, H, W)}
   * @param decoder the feature decoder
   * @param gridSize samples per axis, at least 2
   * @param boxWarp side of the triplane cube, centred on the origin
   * @param checkpoint run between chunks of work (a cancellation check); may throw
   * @return the mesh in world coordinates (the renderer's OpenGL axes: +y up, the front camera on
   *     +z), counter-clockwise seen from outside; empty when no sample is dense enough
   */
  public static Mesh extract(
      NDArray planes, FeatureDecoder decoder, int gridSize, float boxWarp, Runnable checkpoint) {
    float level = rawDensity(SURFACE_SIGMA);
    TriplaneSampler.Table table = TriplaneSampler.table(planes, boxWarp);
    DensityGrid grid = densityGrid(table, planes, decoder, gridSize, checkpoint);
    Mesh mesh = MarchingCubes.extract(grid.closedAt(level), level, checkpoint);
    if (mesh.isEmpty()) {
      return mesh;
    }
    return mesh.withColors(colors(table, planes, decoder, mesh.positions(), checkpoint));
  }

  /** The decoder's raw density output whose σ = softplus(raw − 1) is {@code sigma}. */
  static float rawDensity(float sigma) {
    // softplus⁻¹(σ) = log(e^σ − 1), written to stay exact for small and large σ.
    return (float) (1 + sigma + Math.log(-Math.expm1(-sigma)));
  }

  /**
   * Samples the raw density of triplanes on an {@code n³} grid spanning the triplane cube.
   *
   * @param planes {@code (1, 3, C, H, W)}
   * @param decoder the feature decoder (its second output is the raw density)
   * @param n samples per axis
   * @param boxWarp side of the triplane cube, centred on the origin
   * @param checkpoint run between chunks
   * @return the grid, x fastest
   */
  public static DensityGrid densityGrid(
      NDArray planes, FeatureDecoder decoder, int n, float boxWarp, Runnable checkpoint) {
    return densityGrid(TriplaneSampler.table(planes, boxWarp), planes, decoder, n, checkpoint);
  }

  private static DensityGrid densityGrid(
      TriplaneSampler.Table table,
      NDArray planes,
      FeatureDecoder decoder,
      int n,
      Runnable checkpoint) {
    float boxWarp = table.boxWarp();
    float spacing = boxWarp / (n - 1);
    float start = -boxWarp / 2f;
    float[] values = new float[n * n * n];
    int slab = n * n;
    int slabsPerChunk = Math.max(1, POINTS_PER_CHUNK / slab);
    for (int z0 = 0; z0 < n; z0 += slabsPerChunk) {
      checkpoint.run();
      int slabs = Math.min(slabsPerChunk, n - z0);
      float[] points = new float[slabs * slab * 3];
      int i = 0;
      for (int z = z0; z < z0 + slabs; z++) {
        for (int y = 0; y < n; y++) {
          for (int x = 0; x < n; x++) {
            points[i++] = start + x * spacing;
            points[i++] = start + y * spacing;
            points[i++] = start + z * spacing;
          }
        }
      }
      float[] density = decode(table, planes, decoder, points, 1);
      System.arraycopy(density, 0, values, z0 * slab, density.length);
    }
    return new DensityGrid(values, n, n, n, new float[] {start, start, start}, spacing);
  }

  /**
   * The radiance colour at each point: the decoder's first three feature channels, clamped to [0,
   * 1].
   *
   * @param positions x, y, z per point
   * @return r, g, b per point
   */
  private static float[] colors(
      TriplaneSampler.Table table,
      NDArray planes,
      FeatureDecoder decoder,
      float[] positions,
      Runnable checkpoint) {
    float[] rgb = new float[positions.length];
    int chunk = 3 * POINTS_PER_CHUNK;
    for (int first = 0; first < positions.length; first += chunk) {
      checkpoint.run();
      int end = Math.min(positions.length, first + chunk);
      float[] points = Arrays.copyOfRange(positions, first, end);
      float[] out = decode(table, planes, decoder, points, 0);
      for (int i = 0; i < out.length; i++) {
        float c = out[i];
        rgb[first + i] = Float.isNaN(c) ? 0f : Math.max(0f, Math.min(1f, c));
      }
    }
    return rgb;
  }

  /**
   * Decodes {@code points} (x, y, z each) in a scope of their own; {@code output} 0 gives the first
   * three feature channels per point, 1 the raw density.
   */
  private static float[] decode(
      TriplaneSampler.Table table,
      NDArray planes,
      FeatureDecoder decoder,
      float[] points,
      int output) {
    int count = points.length / 3;
    try (NDManager scope = planes.getManager().newSubManager()) {
      // As in the volume renderer: with the table borrowed, every intermediate of the sampler
      // lands in this scope and is freed with it.
      table.rows().tempAttach(scope);
      NDArray pts = scope.create(points, new Shape(1, count, 3));
      NDArray decoded = decoder.decode(TriplaneSampler.sample(table, pts, 0)).get(output);
      return (output == 0 ? decoded.get("..., 0:3") : decoded).toFloatArray();
    }
  }
}
