package dev.avatar4d.faces.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.avatar4d.faces.FaceObservation;
import dev.avatar4d.faces.align.CropGeometry;
import dev.avatar4d.faces.detect.Detection;
import dev.avatar4d.faces.geom.Box;
import dev.avatar4d.faces.geom.Point;
import dev.avatar4d.faces.landmark.Landmarks68;
import dev.avatar4d.faces.pose.HeadPose;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DrivingTrackTest {

  @Test
  void aFrameWithoutAFaceTakesThePoseHalfWayBetweenItsNeighbours() {
    List<TrackedFrame> track =
        DrivingTrack.track(List.of(face(0, 100), Optional.empty(), face(20, 100)));
    assertTrue(track.get(1).interpolated());
    assertNull(track.get(1).landmarks());
    assertEquals(10, track.get(1).pose().yawDeg(), 1e-9);
    assertFalse(track.get(2).interpolated());
  }

  @Test
  void framesBeforeTheFirstFaceTakeTheFirstFacesValues() {
    List<TrackedFrame> track = DrivingTrack.track(List.of(Optional.empty(), face(15, 140)));
    assertEquals(15, track.get(0).pose().yawDeg(), 1e-9);
    assertEquals(140, track.get(0).crop().centre().x(), 1e-9);
  }

  @Test
  void theCropCentreIsSmoothedButThePoseIsNot() {
    List<TrackedFrame> track = DrivingTrack.track(List.of(face(0, 100), face(30, 101)));
    assertEquals(30, track.get(1).pose().yawDeg(), 1e-9);
    double x = track.get(1).crop().centre().x();
    assertTrue(x > 100 && x < 101, "smoothed centre " + x);
  }

  @Test
  void aClipWithoutAnyFaceIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> DrivingTrack.track(List.of(Optional.empty(), Optional.empty())));
  }

  private static Optional<FaceObservation> face(double yaw, double centreX) {
    Landmarks68 lm = new Landmarks68(Collections.nCopies(68, new Point(centreX, 100)));
    return Optional.of(
        new FaceObservation(
            new Detection(new Box(centreX - 20, 80, 40, 40), 0.9),
            lm,
            new HeadPose(yaw, 0, 0),
            new CropGeometry(2, new Point(centreX, 100)),
            false));
  }
}
