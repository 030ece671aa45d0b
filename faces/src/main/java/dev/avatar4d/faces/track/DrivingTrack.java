package dev.avatar4d.faces.track;

import dev.avatar4d.faces.FaceObservation;
import dev.avatar4d.faces.align.CropGeometry;
import dev.avatar4d.faces.geom.Point;
import dev.avatar4d.faces.pose.HeadPose;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns per-frame face observations of a driving clip into one crop and pose per frame: a frame
 * without a face takes the values between its nearest neighbours with one (linearly, or the nearest
 * one at the clip's ends), then the crop scale and centre are smoothed with one-euro filters as the
 * official video tools do. Poses are not smoothed: they drive the render and should follow the
 * driver.
 */
public final class DrivingTrack {

  private DrivingTrack() {}

  /**
   * Tracks a clip.
   *
   * @param frames one observation per frame, empty where no face was found; at least one present
   * @throws IllegalArgumentException when no frame has a face
   */
  public static List<TrackedFrame> track(List<Optional<FaceObservation>> frames) {
    int n = frames.size();
    List<Integer> seen = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (frames.get(i).isPresent()) {
        seen.add(i);
      }
    }
    if (seen.isEmpty()) {
      throw new IllegalArgumentException("no frame of the clip has a face");
    }
    CropGeometry[] crops = new CropGeometry[n];
    HeadPose[] poses = new HeadPose[n];
    for (int i = 0; i < n; i++) {
      Optional<FaceObservation> own = frames.get(i);
      if (own.isPresent()) {
        crops[i] = own.get().crop();
        poses[i] = own.get().pose();
      } else {
        fillFromNeighbours(frames, seen, i, crops, poses);
      }
    }
    double[] scale = new double[n];
    double[] cx = new double[n];
    double[] cy = new double[n];
    for (int i = 0; i < n; i++) {
      scale[i] = crops[i].scale();
      cx[i] = crops[i].centre().x();
      cy[i] = crops[i].centre().y();
    }
    scale = OneEuroFilter.CROP_SCALE.apply(scale);
    cx = OneEuroFilter.CROP_CENTRE.apply(cx);
    cy = OneEuroFilter.CROP_CENTRE.apply(cy);
    List<TrackedFrame> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Optional<FaceObservation> own = frames.get(i);
      out.add(
          new TrackedFrame(
              new CropGeometry(scale[i], new Point(cx[i], cy[i])),
              poses[i],
              own.map(FaceObservation::landmarks).orElse(null),
              own.isEmpty()));
    }
    return out;
  }

  private static void fillFromNeighbours(
      List<Optional<FaceObservation>> frames,
      List<Integer> seen,
      int i,
      CropGeometry[] crops,
      HeadPose[] poses) {
    Integer before = null;
    Integer after = null;
    for (int s : seen) {
      if (s < i) {
        before = s;
      } else if (after == null) {
        after = s;
      }
    }
    FaceObservation a = frames.get(before != null ? before : after).orElseThrow();
    FaceObservation b = frames.get(after != null ? after : before).orElseThrow();
    double w = before == null || after == null ? 0 : (double) (i - before) / (after - before);
    crops[i] = CropGeometry.lerp(a.crop(), b.crop(), w);
    poses[i] = HeadPose.lerp(a.pose(), b.pose(), w);
  }
}
