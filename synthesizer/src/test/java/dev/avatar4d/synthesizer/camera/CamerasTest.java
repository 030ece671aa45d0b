package dev.avatar4d.synthesizer.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CamerasTest {

  private static final float[] IDENTITY3 = {1, 0, 0, 0, 1, 0, 0, 0, 1};

  @Test
  void theFrontalOrbitCameraSitsOnPlusZWithTheIdentityRotation() {
    Camera camera = Cameras.orbit(0f, 0f, 4.2f, 12f);

    assertThat(rotation(camera)).containsExactly(IDENTITY3, within(1e-6f));
    assertThat(camera.position()).containsExactly(new float[] {0f, 0.01f, 4.2f}, within(1e-6f));
    assertThat(camera.originDepth()).isCloseTo(-4.2f, within(1e-6f));
  }

  @Test
  void theDefaultOrbitCameraIsTheOfficialFrontCamera() {
    Camera orbit = Cameras.orbit(0f, 0f, Cameras.DEFAULT_RADIUS, Cameras.DEFAULT_FOV_DEG);

    assertThat(orbit.toArray25()).containsExactly(Cameras.front().toArray25(), within(1e-4f));
    assertThat(Cameras.DEFAULT_FOV_DEG).isCloseTo(12f, within(0.01f));
  }

  @Test
  void frontIsTheOfficialDefaultCamera() {
    float[] c = Cameras.front().toArray25();

    assertThat(c)
        .containsExactly(
            new float[] {
              1, 0, 0, 0, 0, 1, 0, 0.01f, 0, 0, 1, 4.2f, 0, 0, 0, 1, 4.7572f, 0, 0.5f, 0, 4.7572f,
              0.5f, 0, 0, 1
            },
            within(1e-6f));
  }

  @Test
  void lookAtGivesAnOrthonormalRightHandedRotationWhoseMinusZPointsAtTheTarget() {
    float[] eye = {1.5f, -0.7f, 3.1f};
    float[] target = {0.1f, 0.2f, -0.3f};
    Camera camera = Cameras.lookAt(eye, target, new float[] {0f, 1f, 0f});
    float[] r = rotation(camera);

    float[][] cols = {{r[0], r[3], r[6]}, {r[1], r[4], r[7]}, {r[2], r[5], r[8]}};
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertThat(dot(cols[i], cols[j])).isCloseTo(i == j ? 1f : 0f, within(1e-5f));
      }
    }
    assertThat(cross(cols[0], cols[1])).containsExactly(cols[2], within(1e-5f));
    float[] toTarget =
        normalize(new float[] {target[0] - eye[0], target[1] - eye[1], target[2] - eye[2]});
    assertThat(dot(cols[2], toTarget)).isCloseTo(-1f, within(1e-5f));
    assertThat(cols[1][1]).isPositive();
  }

  @Test
  void positiveYawMovesTheCameraToPlusXAndPositivePitchMovesItUp() {
    Camera right = Cameras.orbit(90f, 0f);
    Camera up = Cameras.orbit(0f, 30f);

    assertThat(right.position()).containsExactly(new float[] {4.2f, 0.01f, 0f}, within(1e-5f));
    assertThat(up.position()[1]).isCloseTo(2.11f, within(1e-5f));
    assertThat(up.position()[2])
        .isCloseTo((float) (4.2 * Math.cos(Math.toRadians(30))), within(1e-5f));
  }

  @Test
  void aFieldOfViewIsTheTrueAngleTheImageSpans() {
    float[] k = Cameras.intrinsicsFromFov(12f);

    assertThat(k)
        .containsExactly(new float[] {k[0], 0, 0.5f, 0, k[0], 0.5f, 0, 0, 1}, within(1e-6f));
    // The half-width of the normalised image (0.5) seen at the focal distance spans fov / 2.
    assertThat(Math.toDegrees(2 * Math.atan(0.5 / k[0]))).isCloseTo(12.0, within(1e-4));
    assertThat(k[0]).isCloseTo(Cameras.OFFICIAL_FOCAL, within(1e-3f));
  }

  @Test
  void theOfficialHelpersFovIsNominalByAFactorOfRootTwo() {
    float[] k = Cameras.intrinsicsFromOfficialFov(18.837f);

    double focal = 1 / (Math.tan(Math.toRadians(18.837) / 2) * 1.414);
    assertThat((double) k[0]).isCloseTo(focal, within(1e-5));
    assertThat(Cameras.intrinsicsFromOfficialFov(12f)[0] / Cameras.intrinsicsFromFov(12f)[0])
        .isCloseTo(1.414f, within(0.01f));
  }

  @Test
  void orbitPathSpreadsYawOverAFullTurnAtConstantRadius() {
    List<Camera> path = Cameras.orbitPath(8, 10f, 4f, 12f);

    assertThat(path).hasSize(8);
    assertThat(path.get(0).position()[0]).isCloseTo(0f, within(1e-5f));
    assertThat(path.get(2).position()[0])
        .isCloseTo((float) (4 * Math.cos(Math.toRadians(10))), within(1e-5f));
    for (Camera c : path) {
      float[] p = c.position();
      assertThat(norm(new float[] {p[0], p[1] - Cameras.PIVOT_HEIGHT, p[2]}))
          .isCloseTo(4f, within(1e-5f));
    }
  }

  @Test
  void yawPitchGridIsRowMajorWithPitchRowsFromTopToBottom() {
    List<Camera> grid = Cameras.yawPitchGrid(3, 30f, 2, 20f, 4.2f, 12f);

    assertThat(grid).hasSize(6);
    assertThat(grid.get(0).position()[0]).isNegative();
    assertThat(grid.get(0).position()[1]).isPositive();
    assertThat(grid.get(1).position()[0]).isCloseTo(0f, within(1e-5f));
    assertThat(grid.get(5).position()[0]).isPositive();
    assertThat(grid.get(5).position()[1]).isNegative();
  }

  @Test
  void aCameraRoundTripsThroughIts25NumberVector() {
    Camera camera = Cameras.orbit(17f, -8f, 3.9f, 14f);

    assertThat(Camera.fromArray25(camera.toArray25())).isEqualTo(camera);
  }

  @Test
  void invalidMatricesAreRejected() {
    float[] c = Cameras.front().toArray25();
    c[15] = 2f;
    assertThatThrownBy(() -> Camera.fromArray25(c)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Camera(new float[15], IDENTITY3))
        .isInstanceOf(IllegalArgumentException.class);
    float[] k = Cameras.front().intrinsics();
    k[0] = Float.NaN;
    assertThatThrownBy(() -> new Camera(Cameras.front().cam2world(), k))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cameras.orbit(0f, 90f)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theCameraIsImmutable() {
    Camera camera = Cameras.front();
    camera.cam2world()[3] = 99f;

    assertThat(camera.position()[0]).isZero();
  }

  private static float[] rotation(Camera c) {
    float[] m = c.cam2world();
    return new float[] {m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]};
  }

  private static float dot(float[] a, float[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  private static float[] cross(float[] a, float[] b) {
    return new float[] {
      a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
    };
  }

  private static float norm(float[] a) {
    return (float) Math.sqrt(dot(a, a));
  }

  private static float[] normalize(float[] a) {
    float n = norm(a);
    return new float[] {a[0] / n, a[1] / n, a[2] / n};
  }
}
