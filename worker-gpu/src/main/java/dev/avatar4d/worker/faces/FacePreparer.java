package dev.avatar4d.worker.faces;

import dev.avatar4d.faces.FaceAnalyzer;
import dev.avatar4d.faces.FaceObservation;
import dev.avatar4d.faces.FaceScan;
import dev.avatar4d.faces.align.AlignedFace;
import dev.avatar4d.faces.detect.DetectorConfig;
import dev.avatar4d.faces.geom.Box;
import dev.avatar4d.faces.geom.Point;
import dev.avatar4d.faces.image.RgbImage;
import dev.avatar4d.faces.track.DrivingTrack;
import dev.avatar4d.faces.track.TrackedFrame;
import dev.avatar4d.protocol.FaceFrame;
import dev.avatar4d.protocol.JobErrorCode;
import dev.avatar4d.protocol.PoseMode;
import dev.avatar4d.protocol.Preprocess;
import dev.avatar4d.worker.retry.JobFailure;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds, aligns and poses the faces of a job's photographs, as the paper's preprocessing does: the
 * source and every driving frame are cut to the paper's crop around their largest face. Refuses,
 * never guesses silently: a source without a face fails the job with {@link JobErrorCode#NO_FACE};
 * a driving frame without one takes its neighbours' crop and pose with a warning, and a clip where
 * most frames have none fails with {@link JobErrorCode#NO_FACE_IN_DRIVING}.
 */
public final class FacePreparer {

  /** Faces smaller than this (box width, pixels) are warned about: the crop is mostly upscaled. */
  public static final double SMALL_FACE_PX = 64;

  /** Heads turned further than this from the camera are warned about. */
  public static final double TURNED_DEG = 60;

  private final FaceAnalyzer analyzer;
  private final DetectorConfig drivingDetector;

  /**
   * @param drivingDetector detector settings for driving frames (the source uses the analyzer's
   *     own, more thorough ones)
   */
  public FacePreparer(FaceAnalyzer analyzer, DetectorConfig drivingDetector) {
    this.analyzer = analyzer;
    this.drivingDetector = drivingDetector;
  }

  /**
   * Prepares a job's inputs.
   *
   * @param checkpoint run before each driving frame is scanned and cropped; the job's stop signal
   *     throws from it, so a cancel or deadline need not wait for a whole clip's analysis
   * @throws JobFailure (permanent) when the source or most driving frames show no face
   */
  public PreparedInputs prepare(
      BufferedImage source, List<BufferedImage> driving, PoseMode pose, Runnable checkpoint) {
    List<String> warnings = new ArrayList<>();
    RgbImage sourceRgb = RgbImage.of(source);
    FaceScan sourceScan = analyzer.scan(sourceRgb);
    FaceObservation sourceFace =
        sourceScan
            .primary()
            .orElseThrow(
                () ->
                    JobFailure.permanent(
                        JobErrorCode.NO_FACE,
                        "the source image shows no face (" + describe(source) + ")",
                        null));
    checkFace("source", sourceScan, sourceFace, warnings);
    AlignedFace sourceCrop = analyzer.crop(sourceRgb, sourceFace.crop(), sourceFace.landmarks());

    List<RgbImage> frames = new ArrayList<>(driving.size());
    List<Optional<FaceObservation>> observed = new ArrayList<>(driving.size());
    List<FaceScan> scans = new ArrayList<>();
    for (int f = 0; f < driving.size(); f++) {
      checkpoint.run();
      RgbImage rgb = RgbImage.of(driving.get(f));
      FaceScan scan = analyzer.scan(rgb, drivingDetector);
      frames.add(rgb);
      scans.add(scan);
      observed.add(scan.primary());
      String input = "driving[" + f + "]";
      scan.primary().ifPresent(face -> checkFace(input, scan, face, warnings));
    }
    List<Integer> followed = follow(frames, observed);
    if (!followed.isEmpty()) {
      warnings.add(
          names(followed)
              + ": the detector found no face; it was followed from a neighbouring frame's"
              + " landmarks");
    }
    List<Integer> missing = new ArrayList<>();
    for (int f = 0; f < driving.size(); f++) {
      if (observed.get(f).isEmpty()) {
        missing.add(f);
      }
    }
    if (missing.size() * 2 > driving.size()) {
      throw JobFailure.permanent(
          JobErrorCode.NO_FACE_IN_DRIVING,
          missing.size()
              + " of "
              + driving.size()
              + " driving frames show no face: "
              + names(missing),
          null);
    }
    List<TrackedFrame> track = DrivingTrack.track(observed);
    List<PreparedFrame> prepared = new ArrayList<>(driving.size());
    List<FaceFrame> records = new ArrayList<>(driving.size());
    for (int f = 0; f < driving.size(); f++) {
      checkpoint.run();
      TrackedFrame t = track.get(f);
      AlignedFace crop = analyzer.crop(frames.get(f), t.crop(), t.landmarks());
      if (t.interpolated()) {
        warnings.add(
            "driving[" + f + "]: no face found; its crop and pose are taken from its neighbours");
      }
      prepared.add(new PreparedFrame(toImage(crop), motionPoints(crop), t.pose()));
      records.add(record(f, scans.get(f), observed.get(f), t.pose(), crop));
    }
    PreparedFrame preparedSource =
        new PreparedFrame(toImage(sourceCrop), motionPoints(sourceCrop), sourceFace.pose());
    Preprocess record =
        new Preprocess(
            sourceCrop.crop().width(),
            pose,
            record(null, sourceScan, sourceScan.primary(), sourceFace.pose(), sourceCrop),
            records,
            warnings);
    return new PreparedInputs(preparedSource, prepared, record);
  }

  /**
   * Fills frames the detector missed by following the face from a neighbour, forwards then
   * backwards (for a clip whose first frames were missed), and returns the frames it filled.
   */
  private List<Integer> follow(List<RgbImage> frames, List<Optional<FaceObservation>> observed) {
    List<Integer> filled = new ArrayList<>();
    int n = frames.size();
    for (int f = 1; f < n; f++) {
      followFrom(frames, observed, f, f - 1, filled);
    }
    for (int f = n - 2; f >= 0; f--) {
      followFrom(frames, observed, f, f + 1, filled);
    }
    filled.sort(null);
    return filled;
  }

  private void followFrom(
      List<RgbImage> frames,
      List<Optional<FaceObservation>> observed,
      int f,
      int neighbour,
      List<Integer> filled) {
    if (observed.get(f).isPresent() || observed.get(neighbour).isEmpty()) {
      return;
    }
    Optional<FaceObservation> found = analyzer.follow(frames.get(f), observed.get(neighbour).get());
    if (found.isPresent()) {
      observed.set(f, found);
      filled.add(f);
    }
  }

  private static void checkFace(
      String input, FaceScan scan, FaceObservation face, List<String> warnings) {
    if (scan.detections().size() > 1) {
      warnings.add(
          input + ": " + scan.detections().size() + " faces found; the largest one is used");
    }
    if (face.detection().box().width() < SMALL_FACE_PX) {
      warnings.add(
          String.format(
              "%s: the face is only %.0f px wide (under %.0f); its crop is mostly upscaled",
              input, face.detection().box().width(), SMALL_FACE_PX));
    }
    if (face.pose().turnDeg() > TURNED_DEG) {
      warnings.add(
          String.format(
              "%s: the head is turned %.0f degrees from the camera (over %.0f)",
              input, face.pose().turnDeg(), TURNED_DEG));
    }
  }

  private static FaceFrame record(
      Integer frame,
      FaceScan scan,
      Optional<FaceObservation> face,
      dev.avatar4d.faces.pose.HeadPose pose,
      AlignedFace crop) {
    List<double[]> landmarks = new ArrayList<>();
    for (Point p : crop.landmarks()) {
      landmarks.add(new double[] {round(p.x()), round(p.y())});
    }
    return new FaceFrame(
        frame,
        face.isPresent(),
        face.map(FaceObservation::followed).orElse(false),
        scan.detections().size(),
        face.map(o -> box(o.detection().box())).orElse(null),
        face.filter(o -> !o.followed()).map(o -> round(o.detection().score())).orElse(null),
        round(pose.yawDeg()),
        round(pose.pitchDeg()),
        round(pose.rollDeg()),
        landmarks);
  }

  private static double[] box(Box b) {
    return new double[] {round(b.x()), round(b.y()), round(b.width()), round(b.height())};
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static double[][] motionPoints(AlignedFace crop) {
    if (crop.motionPoints().isEmpty()) {
      return null;
    }
    double[][] points = new double[3][];
    for (int i = 0; i < 3; i++) {
      Point p = crop.motionPoints().get(i);
      points[i] = new double[] {p.x(), p.y()};
    }
    return points;
  }

  private static BufferedImage toImage(AlignedFace crop) {
    return crop.crop().toBufferedImage();
  }

  private static String names(List<Integer> frames) {
    List<String> names = new ArrayList<>();
    for (int f : frames) {
      names.add("driving[" + f + "]");
    }
    return String.join(", ", names);
  }

  private static String describe(BufferedImage image) {
    return image.getWidth() + "x" + image.getHeight() + " px";
  }
}
