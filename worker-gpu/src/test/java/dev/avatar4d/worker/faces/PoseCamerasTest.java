package dev.avatar4d.worker.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.avatar4d.faces.pose.HeadPose;
import dev.avatar4d.protocol.PoseMode;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.camera.Cameras;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoseCamerasTest {

  @Test
  void aHeadTurnedWithItsNoseToTheImageRightIsSeenAsFromACameraOrbitedTheOtherWay() {
    double[] head = new HeadPose(30, 0, 0).rotation();

    Camera posed = PoseCameras.posed(List.of(Cameras.front()), head).get(0);

    assertSameCamera(posed, Cameras.orbit(-30, 0));
  }

  @Test
  void aHeadTippedNoseDownIsSeenAsFromACameraAbove() {
    double[] head = new HeadPose(0, 20, 0).rotation();

    Camera posed = PoseCameras.posed(List.of(Cameras.front()), head).get(0);

    assertSameCamera(posed, Cameras.orbit(0, 20));
  }

  @Test
  void drivingTakesTheFramesWholePoseSourceTheSourcesAndFixedNone() {
    HeadPose source = new HeadPose(-10, 5, 2);
    HeadPose frame = new HeadPose(25, -8, 4);

    assertThat(PoseCameras.headRotation(PoseMode.DRIVING, source, frame))
        .containsExactly(frame.rotation(), within(1e-12));
    assertThat(PoseCameras.headRotation(PoseMode.SOURCE, source, frame))
        .containsExactly(source.rotation(), within(1e-12));
    assertThat(PoseCameras.headRotation(PoseMode.FIXED, source, frame))
        .containsExactly(HeadPose.FRONTAL.rotation(), within(1e-12));
  }

  private static void assertSameCamera(Camera actual, Camera expected) {
    assertThat(actual.cam2world()).containsExactly(expected.cam2world(), within(1e-5f));
    assertThat(actual.intrinsics()).containsExactly(expected.intrinsics(), within(1e-6f));
  }
}
