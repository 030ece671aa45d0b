package dev.avatar4d.synthesizer.mesh;

import java.util.Arrays;

/**
 * Marching cubes over a {@link DensityGrid} with the 256-case table of {@link CubeCases}: samples
 * above the level are inside. Each crossed grid edge gets one vertex, placed by linear
 * interpolation and shared by every cell around the edge; triangles wind counter-clockwise seen
 * from outside. Where the surface stays inside the grid it is closed and every edge has exactly two
 * triangles ({@link DensityGrid#closedAt} makes that so at the border too).
 *
 * <p>Vertex ids are kept for two z levels of edges at a time, so memory beyond the mesh itself
 * grows with one slice of the grid, not its volume.
 */
public final class MarchingCubes {

  private MarchingCubes() {}

  /**
   * The surface where {@code grid} crosses {@code level}; NaN samples count as outside.
   *
   * @param checkpoint run once per z slice of cells (a cancellation check); may throw
   */
  public static Mesh extract(DensityGrid grid, float level, Runnable checkpoint) {
    return new Extraction(grid, level).run(checkpoint);
  }

  /** {@link #extract(DensityGrid, float, Runnable)} without checkpoints. */
  public static Mesh extract(DensityGrid grid, float level) {
    return extract(grid, level, () -> {});
  }

  private static final class Extraction {
    private final DensityGrid grid;
    private final float level;
    private final int nx;
    private final int ny;
    private final int slice;

    /** Vertex ids of x- and y-edges at z levels z (slot z % 2), and of z-edges from z to z + 1. */
    private final int[][] xEdges;

    private final int[][] yEdges;
    private final int[] zEdges;
    private float[] positions = new float[3 * 4096];
    private int vertexCount;
    private int[] triangles = new int[3 * 8192];
    private int triangleCount;

    Extraction(DensityGrid grid, float level) {
      this.grid = grid;
      this.level = level;
      this.nx = grid.nx();
      this.ny = grid.ny();
      this.slice = nx * ny;
      this.xEdges = new int[][] {filled(slice), filled(slice)};
      this.yEdges = new int[][] {filled(slice), filled(slice)};
      this.zEdges = filled(slice);
    }

    Mesh run(Runnable checkpoint) {
      int[] cornerIndex = new int[8];
      int[] edgeVertex = new int[CubeCases.EDGES];
      for (int z = 0; z < grid.nz() - 1; z++) {
        checkpoint.run();
        // Level z + 1 reuses the slot of level z − 1, whose edges no cell needs any more.
        Arrays.fill(xEdges[(z + 1) % 2], -1);
        Arrays.fill(yEdges[(z + 1) % 2], -1);
        Arrays.fill(zEdges, -1);
        for (int y = 0; y < ny - 1; y++) {
          for (int x = 0; x < nx - 1; x++) {
            int mask = 0;
            for (int c = 0; c < 8; c++) {
              int index = ((z + (c >> 2 & 1)) * ny + y + (c >> 1 & 1)) * nx + x + (c & 1);
              cornerIndex[c] = index;
              if (grid.values()[index] > level) {
                mask |= 1 << c;
              }
            }
            int[] cells = CubeCases.triangles(mask);
            if (cells.length == 0) {
              continue;
            }
            Arrays.fill(edgeVertex, -1);
            for (int i = 0; i < cells.length; i += 3) {
              int a = vertex(cells[i], x, y, z, cornerIndex, edgeVertex);
              int b = vertex(cells[i + 1], x, y, z, cornerIndex, edgeVertex);
              int c = vertex(cells[i + 2], x, y, z, cornerIndex, edgeVertex);
              addTriangle(a, b, c);
            }
          }
        }
      }
      return new Mesh(
          Arrays.copyOf(positions, 3 * vertexCount),
          null,
          Arrays.copyOf(triangles, 3 * triangleCount));
    }

    /** The vertex on cell edge {@code e} of cell (x, y, z), made once per grid edge. */
    private int vertex(int e, int x, int y, int z, int[] cornerIndex, int[] edgeVertex) {
      if (edgeVertex[e] >= 0) {
        return edgeVertex[e];
      }
      int start = CubeCases.edgeStart(e);
      int sx = x + (start & 1);
      int sy = y + (start >> 1 & 1);
      int sz = z + (start >> 2 & 1);
      int axis = CubeCases.edgeAxis(e);
      int[] ids = axis == 0 ? xEdges[sz % 2] : axis == 1 ? yEdges[sz % 2] : zEdges;
      int at = sy * nx + sx;
      if (ids[at] < 0) {
        ids[at] =
            newVertex(cornerIndex[start], cornerIndex[CubeCases.edgeEnd(e)], sx, sy, sz, axis);
      }
      edgeVertex[e] = ids[at];
      return ids[at];
    }

    private int newVertex(int from, int to, int sx, int sy, int sz, int axis) {
      float a = grid.values()[from];
      float b = grid.values()[to];
      // A NaN end counts as outside and gives no slope to interpolate: take the edge's middle.
      float t = Float.isFinite(a) && Float.isFinite(b) ? (level - a) / (b - a) : 0.5f;
      t = Math.max(0f, Math.min(1f, t));
      if (3 * vertexCount + 3 > positions.length) {
        positions = Arrays.copyOf(positions, positions.length * 2);
      }
      float[] o = grid.origin();
      float s = grid.spacing();
      int p = 3 * vertexCount;
      positions[p] = o[0] + (sx + (axis == 0 ? t : 0f)) * s;
      positions[p + 1] = o[1] + (sy + (axis == 1 ? t : 0f)) * s;
      positions[p + 2] = o[2] + (sz + (axis == 2 ? t : 0f)) * s;
      return vertexCount++;
    }

    private void addTriangle(int a, int b, int c) {
      if (3 * triangleCount + 3 > triangles.length) {
        triangles = Arrays.copyOf(triangles, triangles.length * 2);
      }
      int t = 3 * triangleCount++;
      triangles[t] = a;
      triangles[t + 1] = b;
      triangles[t + 2] = c;
    }

    private static int[] filled(int n) {
      int[] ids = new int[n];
      Arrays.fill(ids, -1);
      return ids;
    }
  }
}
