package dev.avatar4d.synthesizer.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MarchingCubesTest {

  private static final double RADIUS = 0.3;
  private static final int N = 40;

  private final Mesh sphere = MarchingCubes.extract(MeshChecks.sphere(N, RADIUS, 0, 0, 0), 0f);

  @Test
  void everyVertexOfASphereLiesOnItsRadius() {
    assertThat(sphere.triangleCount()).isGreaterThan(1000);
    float[] v = sphere.positions();
    for (int i = 0; i < sphere.vertexCount(); i++) {
      double r =
          Math.sqrt(
              v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2]);
      assertThat(r).isCloseTo(RADIUS, within(2e-3));
    }
  }

  @Test
  void aSphereBecomesAClosedTwoManifoldWithEulerCharacteristicTwo() {
    assertThat(MeshChecks.eulerCharacteristic(sphere)).isEqualTo(2);
  }

  @Test
  void trianglesFaceOutwardsAndEncloseTheSphereVolume() {
    double expected = 4.0 / 3.0 * Math.PI * Math.pow(RADIUS, 3);
    assertThat(MeshChecks.signedVolume(sphere))
        .isPositive()
        .isCloseTo(expected, within(0.02 * expected));
  }

  @Test
  void cellsShareTheVertexOfTheirCommonEdge() {
    Set<String> distinct = new HashSet<>();
    float[] v = sphere.positions();
    for (int i = 0; i < sphere.vertexCount(); i++) {
      distinct.add(v[3 * i] + "," + v[3 * i + 1] + "," + v[3 * i + 2]);
    }
    assertThat(distinct).hasSize(sphere.vertexCount());
    // On a closed triangle mesh of genus 0, V = F/2 + 2: only true when cells share vertices.
    assertThat(sphere.vertexCount()).isEqualTo(sphere.triangleCount() / 2 + 2);
  }

  @Test
  void randomFieldsFullOfAmbiguousFacesStillGiveClosedConsistentlyWoundSurfaces() {
    Random random = new Random(7);
    for (int round = 0; round < 20; round++) {
      int n = 10;
      float[] values = new float[n * n * n];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) random.nextGaussian();
      }
      DensityGrid grid = new DensityGrid(values, n, n, n, new float[] {0, 0, 0}, 0.1f);

      Mesh mesh = MarchingCubes.extract(grid.closedAt(0f), 0f);

      assertThat(mesh.triangleCount()).isGreaterThan(100);
      MeshChecks.assertClosedAndConsistentlyWound(mesh);
    }
  }

  @Test
  void aSurfaceCutByTheGridBorderIsClosedJustOutsideIt() {
    // A sphere centred on the grid's +x face: half of it lies outside the grid.
    DensityGrid grid = MeshChecks.sphere(N, RADIUS, 0.5, 0, 0);

    Mesh open = MarchingCubes.extract(grid, 0f);
    Mesh closed = MarchingCubes.extract(grid.closedAt(0f), 0f);

    assertThatThrownBy(() -> MeshChecks.assertClosedAndConsistentlyWound(open))
        .isInstanceOf(AssertionError.class);
    assertThat(MeshChecks.eulerCharacteristic(closed)).isEqualTo(2);
    // The half ball plus the slab between the border and the closing cap half a spacing outside.
    double expected =
        2.0 / 3.0 * Math.PI * Math.pow(RADIUS, 3) + Math.PI * RADIUS * RADIUS * grid.spacing() / 2;
    assertThat(MeshChecks.signedVolume(closed)).isCloseTo(expected, within(0.02 * expected));
  }

  @Test
  void nothingDenseEnoughGivesAnEmptyMesh() {
    Mesh mesh = MarchingCubes.extract(MeshChecks.sphere(8, RADIUS, 0, 0, 0), 1f);

    assertThat(mesh.isEmpty()).isTrue();
    assertThat(mesh.vertexCount()).isZero();
  }

  @Test
  void theCheckpointRunsOncePerSliceAndCanStopTheExtraction() {
    AtomicInteger calls = new AtomicInteger();
    MarchingCubes.extract(MeshChecks.sphere(12, RADIUS, 0, 0, 0), 0f, calls::incrementAndGet);
    assertThat(calls).hasValue(11);

    assertThatThrownBy(
            () ->
                MarchingCubes.extract(
                    MeshChecks.sphere(12, RADIUS, 0, 0, 0),
                    0f,
                    () -> {
                      throw new IllegalStateException("canceled");
                    }))
        .hasMessage("canceled");
  }
}
