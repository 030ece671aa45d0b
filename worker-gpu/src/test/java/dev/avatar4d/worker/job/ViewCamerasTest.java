package dev.avatar4d.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.avatar4d.protocol.ViewPresets;
import dev.avatar4d.protocol.ViewSpec;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.camera.Cameras;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewCamerasTest {

  @Test
  void theApisDefaultFrontViewIsTheOfficialFrontCameraTheModelWasTrainedOn() {
    List<ViewSpec> front = ViewPresets.expand("front", "views[0]");

    Camera camera = ViewCameras.of(front.get(0));

    // fov 12 gives focal 4.757182; the official files say 4.7572 (a 11.99995° field of view).
    assertThat(camera.toArray25()).containsExactly(Cameras.front().toArray25(), within(1e-4f));
  }

  @Test
  void aViewsFovIsItsTrueFieldOfView() {
    Camera wide = ViewCameras.of(new ViewSpec("wide", 0, 0, ViewSpec.DEFAULT_RADIUS, 24));

    double focal = wide.intrinsics()[0];
    assertThat(Math.toDegrees(2 * Math.atan(0.5 / focal))).isCloseTo(24.0, within(1e-3));
  }

  @Test
  void theMiddleViewOfAnOddOrbitIsTheFrontCamera() {
    List<ViewSpec> orbit = ViewPresets.expand("orbit:5", "views[0]");

    assertThat(ViewCameras.of(orbit.get(2)).toArray25())
        .containsExactly(Cameras.front().toArray25(), within(1e-4f));
    assertThat(ViewCameras.of(orbit.get(0)).position()[0]).isNegative();
  }
}
