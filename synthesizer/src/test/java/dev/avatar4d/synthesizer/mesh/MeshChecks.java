package dev.avatar4d.synthesizer.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Topology and geometry measures of a mesh, for the tests. */
final class MeshChecks {
  private MeshChecks() {}

  /**
   * Asserts that every edge has exactly two triangles, traversed once in each direction (a closed,
   * consistently wound surface), and returns the number of distinct edges.
   */
  static int assertClosedAndConsistentlyWound(Mesh mesh) {
    int[] t = mesh.triangles();
    long n = mesh.vertexCount();
    Set<Long> directed = new HashSet<>();
    Map<Long, Integer> undirected = new HashMap<>();
    for (int f = 0; f < mesh.triangleCount(); f++) {
      for (int k = 0; k < 3; k++) {
        long a = t[3 * f + k];
        long b = t[3 * f + (k + 1) % 3];
        assertThat(a).as("degenerate triangle %d", f).isNotEqualTo(b);
        assertThat(directed.add(a * n + b))
            .as("directed edge %d→%d used twice: inconsistent winding", a, b)
            .isTrue();
        undirected.merge(Math.min(a, b) * n + Math.max(a, b), 1, Integer::sum);
      }
    }
    assertThat(undirected.values()).as("triangles per edge").containsOnly(2);
    return undirected.size();
  }

  /** V − E + F. */
  static long eulerCharacteristic(Mesh mesh) {
    int edges = assertClosedAndConsistentlyWound(mesh);
    return (long) mesh.vertexCount() - edges + mesh.triangleCount();
  }

  /** Σ a · (b × c) / 6 over the triangles: the enclosed volume, positive when wound outwards. */
  static double signedVolume(Mesh mesh) {
    float[] v = mesh.positions();
    int[] t = mesh.triangles();
    double volume = 0;
    for (int f = 0; f < mesh.triangleCount(); f++) {
      int a = 3 * t[3 * f];
      int b = 3 * t[3 * f + 1];
      int c = 3 * t[3 * f + 2];
      volume +=
          (v[a] * ((double) v[b + 1] * v[c + 2] - (double) v[b + 2] * v[c + 1])
                  + v[a + 1] * ((double) v[b + 2] * v[c] - (double) v[b] * v[c + 2])
                  + v[a + 2] * ((double) v[b] * v[c + 1] - (double) v[b + 1] * v[c]))
              / 6.0;
    }
    return volume;
  }

  /** A grid of r − |p − centre| on [−0.5, 0.5]³ with {@code n} samples per axis. */
  static DensityGrid sphere(int n, double radius, double cx, double cy, double cz) {
    float spacing = 1f / (n - 1);
    float[] values = new float[n * n * n];
    for (int z = 0; z < n; z++) {
      for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
          double px = -0.5 + x * spacing - cx;
          double py = -0.5 + y * spacing - cy;
          double pz = -0.5 + z * spacing - cz;
          values[(z * n + y) * n + x] = (float) (radius - Math.sqrt(px * px + py * py + pz * pz));
        }
      }
    }
    return new DensityGrid(values, n, n, n, new float[] {-0.5f, -0.5f, -0.5f}, spacing);
  }
}
