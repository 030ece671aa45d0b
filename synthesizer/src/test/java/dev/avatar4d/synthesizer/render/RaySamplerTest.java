package dev.avatar4d.synthesizer.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.camera.Cameras;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RaySamplerTest {

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void theRayThroughThePrincipalPointPassesThroughTheLookAtTarget() {
    float[] eye = {1.2f, 0.9f, 3.8f};
    float[] target = {0.05f, -0.1f, 0.2f};
    Camera camera = Cameras.lookAt(eye, target, new float[] {0f, 1f, 0f});
    int r = 5; // odd, so the centre pixel's centre is exactly (cx, cy) = (0.5, 0.5)

    Rays rays = RaySampler.sample(manager, List.of(camera), r, 1.3f);

    float[] d = rays.directions().get(0, (r * r) / 2).toFloatArray();
    float[] o = rays.origins().toFloatArray();
    double[] toTarget = {target[0] - o[0], target[1] - o[1], target[2] - o[2]};
    double t =
        Math.sqrt(
            toTarget[0] * toTarget[0] + toTarget[1] * toTarget[1] + toTarget[2] * toTarget[2]);
    for (int i = 0; i < 3; i++) {
      assertThat(o[i] + t * d[i]).isCloseTo(target[i], within(1e-5));
    }
  }

  @Test
  void imageRowsGoDownAndColumnsGoRightInOpenglAxes() {
    int r = 4;
    Rays rays = RaySampler.sample(manager, List.of(Cameras.orbit(0f, 0f)), r, 1.3f);

    float[] topLeft = rays.directions().get(0, 0).toFloatArray();
    float[] bottomRight = rays.directions().get(0, r * r - 1).toFloatArray();

    assertThat(topLeft[0]).isNegative();
    assertThat(topLeft[1]).isPositive();
    assertThat(bottomRight[0]).isPositive();
    assertThat(bottomRight[1]).isNegative();
    assertThat(topLeft[2]).isNegative();
    // pixel-centre offset 1.5/4 − 0.5 over the focal length, normalised
    double x = (0.5 / r - 0.5) / Cameras.OFFICIAL_FOCAL;
    assertThat((double) topLeft[0]).isCloseTo(x / Math.sqrt(2 * x * x + 1), within(1e-6));
  }

  @Test
  void directionsAreUnitLengthAndNearFarBracketTheBox() {
    Camera orbit = Cameras.orbit(40f, 10f, 3.9f, 12f);
    Rays rays = RaySampler.sample(manager, List.of(Cameras.front(), orbit), 6, 1.3f);
    // The orbit circles the pivot (0, 0.01, 0), so its depth of the world origin is not
    // exactly its radius: the auto-plane range is |t_z| ∓ 0.65 either way.
    float depth = Math.abs(orbit.originDepth());

    assertThat(rays.directions().getShape()).isEqualTo(new Shape(2, 36, 3));
    for (float norm : rays.directions().norm(new int[] {2}).toFloatArray()) {
      assertThat(norm).isCloseTo(1f, within(1e-6f));
    }
    assertThat(depth).isCloseTo(3.9f, within(0.01f));
    assertThat(rays.near().toFloatArray())
        .containsExactly(new float[] {3.55f, depth - 0.65f}, within(1e-5f));
    assertThat(rays.far().toFloatArray())
        .containsExactly(new float[] {4.85f, depth + 0.65f}, within(1e-5f));
  }
}
