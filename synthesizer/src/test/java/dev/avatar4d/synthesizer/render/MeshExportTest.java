package dev.avatar4d.synthesizer.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.avatar4d.synthesizer.mesh.DensityGrid;
import dev.avatar4d.synthesizer.mesh.Mesh;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MeshExportTest {

  private static final float BOX = 1.3f;
  private static final double RADIUS = 0.4;
  private static final float[] RGB = {0.2f, 0.5f, 0.8f};

  /** Density is channel 0 of the features, the colour channels 1 to 3. */
  private static final FeatureDecoder DECODER =
      f -> new NDList(f.get("..., 1:4"), f.get("..., 0:1"));

  /**
   * Planes whose mean density is {@code level(σ) + r² − |p|²}: each plane holds {@code c − 1.5(a² +
   * b²)} of its two coordinates at its pixel centres (align_corners=false), and the three planes
   * cover every axis twice. Colour channels are constant.
   */
  private static NDArray ball(NDManager manager, int size) {
    float c = MeshExport.rawDensity(MeshExport.SURFACE_SIGMA) + (float) (RADIUS * RADIUS);
    float[] data = new float[3 * 4 * size * size];
    for (int plane = 0; plane < 3; plane++) {
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          double a = ((2.0 * x + 1) / size - 1) * BOX / 2;
          double b = ((2.0 * y + 1) / size - 1) * BOX / 2;
          int at = ((plane * 4) * size + y) * size + x;
          data[at] = (float) (c - 1.5 * (a * a + b * b));
          for (int k = 0; k < 3; k++) {
            data[at + (k + 1) * size * size] = RGB[k];
          }
        }
      }
    }
    return manager.create(data, new Shape(1, 3, 4, size, size));
  }

  @Test
  void theSurfaceLevelIsTheRawDensityWhoseSoftplusIsSigma() {
    float raw = MeshExport.rawDensity(10f);
    assertThat(Math.log1p(Math.exp(raw - 1))).isCloseTo(10.0, within(1e-5));
    assertThat(Math.log1p(Math.exp(MeshExport.rawDensity(0.5f) - 1))).isCloseTo(0.5, within(1e-6));
  }

  @Test
  void theDensityGridOfTriplanesIsTheDecodersDensityAtEachGridPoint() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray planes = manager.randomUniform(0f, 1f, new Shape(1, 3, 2, 8, 8));
      FeatureDecoder firstChannel = f -> new NDList(f, f.get("..., 0:1"));
      DensityGrid grid = MeshExport.densityGrid(planes, firstChannel, 5, 1.3f, () -> {});

      NDArray corner =
          manager.create(new float[] {-0.65f, 0f, 0.65f, 0.325f, -0.325f, 0f}, new Shape(1, 2, 3));
      float[] expected = TriplaneSampler.sample(planes, corner, 1.3f).get("..., 0").toFloatArray();
      assertThat(grid.at(0, 2, 4)).isCloseTo(expected[0], within(1e-6f));
      assertThat(grid.at(3, 1, 2)).isCloseTo(expected[1], within(1e-6f));
    }
  }

  @Test
  void aBallInTheTriplanesBecomesAClosedMeshOnItsRadiusColouredByTheRadianceFeatures() {
    try (NDManager manager = NDManager.newBaseManager()) {
      AtomicInteger checkpoints = new AtomicInteger();
      Mesh mesh =
          MeshExport.extract(ball(manager, 64), DECODER, 48, BOX, checkpoints::incrementAndGet);

      assertThat(mesh.triangleCount()).isGreaterThan(1000);
      float[] v = mesh.positions();
      for (int i = 0; i < v.length; i += 3) {
        double r = Math.sqrt(v[i] * v[i] + v[i + 1] * v[i + 1] + v[i + 2] * v[i + 2]);
        assertThat(r).isCloseTo(RADIUS, within(0.01));
      }
      float[] rgb = mesh.colors();
      for (int i = 0; i < rgb.length; i++) {
        assertThat(rgb[i]).isCloseTo(RGB[i % 3], within(1e-5f));
      }
      // One per chunk of grid points, per slice of cells and per chunk of vertices.
      assertThat(checkpoints.get()).isGreaterThan(48);
    }
  }

  @Test
  void triplanesWithNothingDenseGiveAnEmptyMesh() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray planes = manager.zeros(new Shape(1, 3, 4, 8, 8));

      Mesh mesh = MeshExport.extract(planes, DECODER, 16, BOX, () -> {});

      assertThat(mesh.isEmpty()).isTrue();
    }
  }
}
