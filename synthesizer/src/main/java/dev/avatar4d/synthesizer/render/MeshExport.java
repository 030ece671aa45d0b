package dev.avatar4d.synthesizer.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Iso-surface extraction from a density grid and PLY export.
 *
 * <p>The surface is extracted by marching cubes in its tetrahedral form: every cell is split into
 * the six tetrahedra of the Freudenthal (Kuhn) triangulation, which is conforming across cells, so
 * the mesh is watertight wherever the surface stays inside the grid, and needs no 256-case table
 * (whose ambiguous cases can leave holes). Vertices on shared grid edges are shared; triangles are
 * wound counter-clockwise seen from outside (low density).
 */
public final class MeshExport {

  /**
   * The six tetrahedra of a cell: corner offsets along the axis order (a, b, c) of a permutation.
   */
  private static final int[][] AXIS_ORDERS = {
    {0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}
  };

  private MeshExport() {}

  /**
   * An indexed triangle mesh.
   *
   * @param vertices x, y, z per vertex
   * @param triangles three vertex indices per triangle, counter-clockwise from outside
   */
  public record Mesh(float[] vertices, int[] triangles) {

    /** Number of vertices. */
    public int vertexCount() {
      return vertices.length / 3;
    }

    /** Number of triangles. */
    public int triangleCount() {
      return triangles.length / 3;
    }
  }

  /**
   * A regular grid of densities.
   *
   * @param values {@code nx·ny·nz} samples, x fastest: index {@code (z·ny + y)·nx + x}
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
          || origin.length != 3) {
        throw new IllegalArgumentException(
            "grid needs >= 2 samples per axis, nx·ny·nz values and a 3D origin");
      }
    }

    float at(int x, int y, int z) {
      return values[(z * ny + y) * nx + x];
    }
  }

  /**
   * Samples the raw density of triplanes on an {@code n³} grid spanning the triplane cube.
   *
   * @param planes {@code (1, 3, C, H, W)}
   * @param decoder the feature decoder (its second output is the raw density)
   * @param n samples per axis
   * @param boxWarp side of the triplane cube, centred on the origin
   * @return the grid, x fastest
   */
  public static DensityGrid densityGrid(
      NDArray planes, FeatureDecoder decoder, int n, float boxWarp) {
    float spacing = boxWarp / (n - 1);
    float start = -boxWarp / 2f;
    float[] values = new float[n * n * n];
    TriplaneSampler.Table table = TriplaneSampler.table(planes, boxWarp);
    int slab = n * n;
    for (int z = 0; z < n; z++) {
      try (NDManager scope = planes.getManager().newSubManager()) {
        float[] points = new float[slab * 3];
        for (int y = 0; y < n; y++) {
          for (int x = 0; x < n; x++) {
            int i = (y * n + x) * 3;
            points[i] = start + x * spacing;
            points[i + 1] = start + y * spacing;
            points[i + 2] = start + z * spacing;
          }
        }
        NDArray pts = scope.create(points, new Shape(1, slab, 3));
        NDArray density = decoder.decode(TriplaneSampler.sample(table, pts, 0)).get(1);
        System.arraycopy(density.toFloatArray(), 0, values, z * slab, slab);
      }
    }
    return new DensityGrid(values, n, n, n, new float[] {start, start, start}, spacing);
  }

  /** Extracts the surface where the density crosses {@code threshold}; "inside" is above it. */
  public static Mesh extract(DensityGrid grid, float threshold) {
    MeshBuilder mesh = new MeshBuilder(grid, threshold);
    int[] corner = new int[3];
    int[][] tet = new int[4][3];
    for (int z = 0; z < grid.nz() - 1; z++) {
      for (int y = 0; y < grid.ny() - 1; y++) {
        for (int x = 0; x < grid.nx() - 1; x++) {
          for (int[] order : AXIS_ORDERS) {
            corner[0] = x;
            corner[1] = y;
            corner[2] = z;
            tet[0] = corner.clone();
            for (int k = 0; k < 3; k++) {
              corner[order[k]]++;
              tet[k + 1] = corner.clone();
            }
            mesh.tetrahedron(tet);
          }
        }
      }
    }
    return mesh.build();
  }

  /** Writes a binary little-endian PLY: float x, y, z vertices and uchar-counted int faces. */
  public static void writePly(Mesh mesh, OutputStream out) throws IOException {
    BufferedOutputStream buffered = new BufferedOutputStream(out);
    String header =
        "ply\nformat binary_little_endian 1.0\ncomment Avatar4D density iso-surface\n"
            + "element vertex "
            + mesh.vertexCount()
            + "\nproperty float x\nproperty float y\n"
            + "property float z\nelement face "
            + mesh.triangleCount()
            + "\nproperty list uchar int vertex_indices\nend_header\n";
    buffered.write(header.getBytes(StandardCharsets.US_ASCII));
    ByteBuffer vertices =
        ByteBuffer.allocate(mesh.vertices().length * 4).order(ByteOrder.LITTLE_ENDIAN);
    vertices.asFloatBuffer().put(mesh.vertices());
    buffered.write(vertices.array());
    ByteBuffer face = ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN);
    for (int t = 0; t < mesh.triangleCount(); t++) {
      face.clear();
      face.put((byte) 3)
          .putInt(mesh.triangles()[3 * t])
          .putInt(mesh.triangles()[3 * t + 1])
          .putInt(mesh.triangles()[3 * t + 2]);
      buffered.write(face.array());
    }
    buffered.flush();
  }

  /** Accumulates shared edge vertices and oriented triangles. */
  private static final class MeshBuilder {
    private final DensityGrid grid;
    private final float threshold;
    private final Map<Long, Integer> edgeVertices = new HashMap<>();
    private float[] vertices = new float[3 * 1024];
    private int vertexCount;
    private int[] triangles = new int[3 * 1024];
    private int triangleCount;

    MeshBuilder(DensityGrid grid, float threshold) {
      this.grid = grid;
      this.threshold = threshold;
    }

    void tetrahedron(int[][] corners) {
      int[] inside = new int[4];
      int[] outside = new int[4];
      int in = 0;
      int out = 0;
      for (int i = 0; i < 4; i++) {
        if (value(corners[i]) > threshold) {
          inside[in++] = i;
        } else {
          outside[out++] = i;
        }
      }
      if (in == 0 || out == 0) {
        return;
      }
      float[] away = direction(corners, inside, in, outside, out);
      if (in == 1 || out == 1) {
        // One corner separated from the other three: a single triangle on its three edges.
        boolean single = in == 1;
        int lone = single ? inside[0] : outside[0];
        int[] others = single ? outside : inside;
        triangle(
            vertex(corners[lone], corners[others[0]]),
            vertex(corners[lone], corners[others[1]]),
            vertex(corners[lone], corners[others[2]]),
            away);
      } else {
        // Two against two: the four crossed edges bound a quad, split along a diagonal.
        int a = vertex(corners[inside[0]], corners[outside[0]]);
        int b = vertex(corners[inside[0]], corners[outside[1]]);
        int c = vertex(corners[inside[1]], corners[outside[1]]);
        int d = vertex(corners[inside[1]], corners[outside[0]]);
        triangle(a, b, c, away);
        triangle(a, c, d, away);
      }
    }

    /** From the mean inside corner to the mean outside corner: the outward direction. */
    private static float[] direction(
        int[][] corners, int[] inside, int in, int[] outside, int out) {
      float[] d = new float[3];
      for (int k = 0; k < 3; k++) {
        float mi = 0;
        float mo = 0;
        for (int i = 0; i < in; i++) {
          mi += corners[inside[i]][k];
        }
        for (int i = 0; i < out; i++) {
          mo += corners[outside[i]][k];
        }
        d[k] = mo / out - mi / in;
      }
      return d;
    }

    private float value(int[] p) {
      return grid.at(p[0], p[1], p[2]);
    }

    /** The crossing on grid edge p–q, created once per edge. */
    private int vertex(int[] p, int[] q) {
      long ip = index(p);
      long iq = index(q);
      long key = Math.min(ip, iq) * ((long) grid.nx() * grid.ny() * grid.nz()) + Math.max(ip, iq);
      Integer known = edgeVertices.get(key);
      if (known != null) {
        return known;
      }
      float vp = value(p);
      float vq = value(q);
      float t = (threshold - vp) / (vq - vp);
      if (vertexCount * 3 + 3 > vertices.length) {
        vertices = Arrays.copyOf(vertices, vertices.length * 2);
      }
      for (int k = 0; k < 3; k++) {
        float gp = p[k] + t * (q[k] - p[k]);
        vertices[vertexCount * 3 + k] = grid.origin()[k] + gp * grid.spacing();
      }
      edgeVertices.put(key, vertexCount);
      return vertexCount++;
    }

    private long index(int[] p) {
      return ((long) p[2] * grid.ny() + p[1]) * grid.nx() + p[0];
    }

    private void triangle(int a, int b, int c, float[] away) {
      if (a == b || b == c || a == c) {
        return;
      }
      float[] n = normal(a, b, c);
      if (n[0] * away[0] + n[1] * away[1] + n[2] * away[2] < 0) {
        int swap = b;
        b = c;
        c = swap;
      }
      if (triangleCount * 3 + 3 > triangles.length) {
        triangles = Arrays.copyOf(triangles, triangles.length * 2);
      }
      triangles[triangleCount * 3] = a;
      triangles[triangleCount * 3 + 1] = b;
      triangles[triangleCount * 3 + 2] = c;
      triangleCount++;
    }

    private float[] normal(int a, int b, int c) {
      float[] u = new float[3];
      float[] v = new float[3];
      for (int k = 0; k < 3; k++) {
        u[k] = vertices[b * 3 + k] - vertices[a * 3 + k];
        v[k] = vertices[c * 3 + k] - vertices[a * 3 + k];
      }
      return new float[] {
        u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]
      };
    }

    Mesh build() {
      return new Mesh(
          Arrays.copyOf(vertices, vertexCount * 3), Arrays.copyOf(triangles, triangleCount * 3));
    }
  }
}
