package dev.avatar4d.synthesizer.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeshExportTest {

  private static final float RADIUS = 0.3f;
  private static final int N = 40;

  /** Density r − |x| on [−0.5, 0.5]³: positive inside a sphere of radius r. */
  private static MeshExport.DensityGrid sphere() {
    float spacing = 1f / (N - 1);
    float[] values = new float[N * N * N];
    for (int z = 0; z < N; z++) {
      for (int y = 0; y < N; y++) {
        for (int x = 0; x < N; x++) {
          double px = -0.5 + x * spacing;
          double py = -0.5 + y * spacing;
          double pz = -0.5 + z * spacing;
          values[(z * N + y) * N + x] = (float) (RADIUS - Math.sqrt(px * px + py * py + pz * pz));
        }
      }
    }
    return new MeshExport.DensityGrid(values, N, N, N, new float[] {-0.5f, -0.5f, -0.5f}, spacing);
  }

  @Test
  void everyVertexOfASphereLiesOnItsRadius() {
    MeshExport.Mesh mesh = MeshExport.extract(sphere(), 0f);

    assertThat(mesh.triangleCount()).isGreaterThan(1000);
    float[] v = mesh.vertices();
    for (int i = 0; i < mesh.vertexCount(); i++) {
      double r =
          Math.sqrt(
              v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2]);
      assertThat(r).isCloseTo(RADIUS, within(2e-3));
    }
  }

  @Test
  void aSphereBecomesAClosedConsistentlyOrientedSurfaceOfGenusZero() {
    MeshExport.Mesh mesh = MeshExport.extract(sphere(), 0f);
    int[] t = mesh.triangles();

    Set<Long> directed = new HashSet<>();
    Map<Long, Integer> undirected = new HashMap<>();
    long n = mesh.vertexCount();
    for (int f = 0; f < mesh.triangleCount(); f++) {
      for (int k = 0; k < 3; k++) {
        int a = t[3 * f + k];
        int b = t[3 * f + (k + 1) % 3];
        assertThat(directed.add(a * n + b))
            .as("directed edge used twice: inconsistent winding")
            .isTrue();
        undirected.merge(Math.min(a, b) * n + Math.max(a, b), 1, Integer::sum);
      }
    }
    assertThat(undirected.values())
        .as("every edge shared by exactly two triangles")
        .containsOnly(2);
    long euler = mesh.vertexCount() - undirected.size() + mesh.triangleCount();
    assertThat(euler).isEqualTo(2);
  }

  @Test
  void trianglesFaceOutwardsAndEncloseTheSphereVolume() {
    MeshExport.Mesh mesh = MeshExport.extract(sphere(), 0f);
    float[] v = mesh.vertices();
    int[] t = mesh.triangles();
    double volume = 0;
    for (int f = 0; f < mesh.triangleCount(); f++) {
      int a = 3 * t[3 * f];
      int b = 3 * t[3 * f + 1];
      int c = 3 * t[3 * f + 2];
      // Signed volume of the tetrahedron (origin, a, b, c): a · (b × c) / 6.
      volume +=
          (v[a] * (v[b + 1] * v[c + 2] - v[b + 2] * v[c + 1])
                  + v[a + 1] * (v[b + 2] * v[c] - v[b] * v[c + 2])
                  + v[a + 2] * (v[b] * v[c + 1] - v[b + 1] * v[c]))
              / 6.0;
    }
    assertThat(volume).isCloseTo(4.0 / 3.0 * Math.PI * Math.pow(RADIUS, 3), within(0.02 * 0.1131));
  }

  @Test
  void thePlyFileHasAHeaderCountingTheMeshAndBinaryFaces() throws IOException {
    MeshExport.Mesh mesh = MeshExport.extract(sphere(), 0f);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    MeshExport.writePly(mesh, bytes);
    byte[] data = bytes.toByteArray();

    String text = new String(data, StandardCharsets.US_ASCII);
    int end = text.indexOf("end_header\n") + "end_header\n".length();
    String header = text.substring(0, end);
    assertThat(header)
        .startsWith("ply\nformat binary_little_endian 1.0\n")
        .contains("element vertex " + mesh.vertexCount() + "\n")
        .contains("element face " + mesh.triangleCount() + "\n");
    assertThat(data.length - end).isEqualTo(12 * mesh.vertexCount() + 13 * mesh.triangleCount());
    ByteBuffer body = ByteBuffer.wrap(data, end, data.length - end).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(body.getFloat()).isEqualTo(mesh.vertices()[0]);
    body.position(end + 12 * mesh.vertexCount());
    assertThat(body.get()).isEqualTo((byte) 3);
    assertThat(body.getInt()).isEqualTo(mesh.triangles()[0]);
  }

  @Test
  void theDensityGridOfTriplanesIsTheDecodersDensityAtEachGridPoint() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray planes = manager.randomUniform(0f, 1f, new Shape(1, 3, 2, 8, 8));
      // Density = first feature channel, so the grid must equal a direct triplane lookup.
      FeatureDecoder firstChannel = f -> new NDList(f, f.get("..., 0:1"));
      MeshExport.DensityGrid grid = MeshExport.densityGrid(planes, firstChannel, 5, 1.3f);

      NDArray corner =
          manager.create(new float[] {-0.65f, 0f, 0.65f, 0.325f, -0.325f, 0f}, new Shape(1, 2, 3));
      float[] expected = TriplaneSampler.sample(planes, corner, 1.3f).get("..., 0").toFloatArray();
      assertThat(grid.at(0, 2, 4)).isCloseTo(expected[0], within(1e-6f));
      assertThat(grid.at(3, 1, 2)).isCloseTo(expected[1], within(1e-6f));
    }
  }
}
