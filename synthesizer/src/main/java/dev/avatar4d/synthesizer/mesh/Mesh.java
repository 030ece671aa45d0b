package dev.avatar4d.synthesizer.mesh;

import java.util.Objects;

/**
 * An indexed triangle mesh with optional vertex colours.
 *
 * @param positions x, y, z per vertex
 * @param colors r, g, b per vertex in [0, 1] as displayed (sRGB), or null for none
 * @param triangles three vertex indices per triangle, counter-clockwise seen from outside
 */
public record Mesh(float[] positions, float[] colors, int[] triangles) {

  /** Checks that the arrays fit together. */
  public Mesh {
    Objects.requireNonNull(positions, "positions");
    Objects.requireNonNull(triangles, "triangles");
    if (positions.length % 3 != 0 || triangles.length % 3 != 0) {
      throw new IllegalArgumentException("positions and triangles come in threes");
    }
    if (colors != null && colors.length != positions.length) {
      throw new IllegalArgumentException("one colour per vertex");
    }
  }

  /** Number of vertices. */
  public int vertexCount() {
    return positions.length / 3;
  }

  /** Number of triangles. */
  public int triangleCount() {
    return triangles.length / 3;
  }

  /** Whether the mesh has no triangles. */
  public boolean isEmpty() {
    return triangles.length == 0;
  }

  /** The same mesh with these vertex colours. */
  public Mesh withColors(float[] rgb) {
    return new Mesh(positions, rgb, triangles);
  }

  /**
   * Unit vertex normals: the area-weighted sum of the adjacent triangles' normals ((b − a) × (c −
   * a) is twice the area), pointing outwards; (0, 0, 1) where those cancel.
   */
  public float[] normals() {
    double[] sum = new double[positions.length];
    float[] p = positions;
    for (int t = 0; t < triangles.length; t += 3) {
      int a = 3 * triangles[t];
      int b = 3 * triangles[t + 1];
      int c = 3 * triangles[t + 2];
      double ux = p[b] - p[a];
      double uy = p[b + 1] - p[a + 1];
      double uz = p[b + 2] - p[a + 2];
      double vx = p[c] - p[a];
      double vy = p[c + 1] - p[a + 1];
      double vz = p[c + 2] - p[a + 2];
      double nx = uy * vz - uz * vy;
      double ny = uz * vx - ux * vz;
      double nz = ux * vy - uy * vx;
      for (int corner : new int[] {a, b, c}) {
        sum[corner] += nx;
        sum[corner + 1] += ny;
        sum[corner + 2] += nz;
      }
    }
    float[] normals = new float[positions.length];
    for (int i = 0; i < normals.length; i += 3) {
      double length =
          Math.sqrt(sum[i] * sum[i] + sum[i + 1] * sum[i + 1] + sum[i + 2] * sum[i + 2]);
      if (length > 1e-20) {
        normals[i] = (float) (sum[i] / length);
        normals[i + 1] = (float) (sum[i + 1] / length);
        normals[i + 2] = (float) (sum[i + 2] / length);
      } else {
        normals[i + 2] = 1f;
      }
    }
    return normals;
  }
}
