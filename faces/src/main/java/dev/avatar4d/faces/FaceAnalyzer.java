package dev.avatar4d.faces;

import ai.djl.ndarray.NDManager;
import dev.avatar4d.faces.align.AlignedFace;
import dev.avatar4d.faces.align.CropGeometry;
import dev.avatar4d.faces.align.PortraitCropper;
import dev.avatar4d.faces.detect.Detection;
import dev.avatar4d.faces.detect.DetectorConfig;
import dev.avatar4d.faces.detect.TinyFaceDetector;
import dev.avatar4d.faces.embed.FaceEmbedder;
import dev.avatar4d.faces.geom.Box;
import dev.avatar4d.faces.geom.Point;
import dev.avatar4d.faces.image.RgbImage;
import dev.avatar4d.faces.landmark.LandmarkLocator;
import dev.avatar4d.faces.landmark.Landmarks68;
import dev.avatar4d.faces.nn.FaceLandmark68Net;
import dev.avatar4d.faces.nn.FaceRecognitionNet;
import dev.avatar4d.faces.nn.TinyFaceDetectorNet;
import dev.avatar4d.faces.pose.HeadPose;
import dev.avatar4d.faces.weights.ModelFiles;
import dev.avatar4d.faces.weights.TfjsWeights;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The face front end in one place: finds faces, places their landmarks, estimates head pose, cuts
 * the paper's crop and computes identity descriptors, with face-api's pretrained weights (checked
 * against their SHA-256 pins) on DJL's PyTorch engine. Calls are serialised: one analyzer holds one
 * set of networks.
 */
public final class FaceAnalyzer implements AutoCloseable {

  /** Largest move of a followed face's landmark centre between frames, in box widths. */
  public static final double FOLLOW_MAX_SHIFT = 0.25;

  /** Largest relative change of a followed face's eye distance between frames. */
  public static final double FOLLOW_MAX_SCALE_CHANGE = 0.25;

  private final NDManager manager;
  private final FaceAnalyzerConfig config;
  private final TinyFaceDetector detector;
  private final LandmarkLocator locator;
  private final FaceEmbedder embedder;
  private final PortraitCropper cropper;

  private FaceAnalyzer(NDManager manager, ModelFiles files, FaceAnalyzerConfig config) {
    this.manager = manager;
    this.config = config;
    this.detector =
        new TinyFaceDetector(
            manager,
            new TinyFaceDetectorNet(manager, TfjsWeights.read(files, "tiny_face_detector_model")));
    this.locator =
        new LandmarkLocator(
            manager,
            new FaceLandmark68Net(manager, TfjsWeights.read(files, "face_landmark_68_model")));
    this.embedder =
        new FaceEmbedder(
            manager,
            new FaceRecognitionNet(manager, TfjsWeights.read(files, "face_recognition_model")));
    this.cropper = new PortraitCropper(config.alignment());
  }

  /** Loads the bundled face-api weights. */
  public static FaceAnalyzer load(FaceAnalyzerConfig config) {
    NDManager manager = NDManager.newBaseManager();
    try {
      return new FaceAnalyzer(manager, ModelFiles.bundled(), config);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** The settings in use. */
  public FaceAnalyzerConfig config() {
    return config;
  }

  /** Finds the faces of {@code image} with the configured detector and measures the largest. */
  public FaceScan scan(RgbImage image) {
    return scan(image, config.detector());
  }

  /**
   * Finds the faces of {@code image} with these detector settings (a smaller input size is about
   * three times faster and misses more small faces) and measures the largest.
   */
  public synchronized FaceScan scan(RgbImage image, DetectorConfig detectorConfig) {
    List<Detection> found = detector.detect(image, detectorConfig);
    Optional<FaceObservation> primary =
        found.stream()
            .max(Comparator.comparingDouble(d -> d.box().area()))
            .flatMap(d -> observe(image, d));
    return new FaceScan(found, primary);
  }

  /** The landmarks, pose and crop of the face in {@code box}; empty if the box leaves the image. */
  public synchronized Optional<FaceObservation> observe(RgbImage image, Detection detection) {
    return locator.locate(image, detection.box()).map(lm -> measure(image, detection, lm, false));
  }

  /**
   * Looks for a face again where it was in a neighbouring video frame, for a frame where the
   * detector found none: the landmark network runs in the neighbour's box, and its answer is kept
   * only if it stays with that face (its centre moved less than {@link #FOLLOW_MAX_SHIFT} of the
   * box width, its eye distance changed by less than {@link #FOLLOW_MAX_SCALE_CHANGE}). Video face
   * trackers work this way: detect, then follow by landmarks. A closed eye or an open mouth is what
   * the tiny detector misses most, and the landmark network still places.
   */
  public synchronized Optional<FaceObservation> follow(RgbImage image, FaceObservation neighbour) {
    Box box = neighbour.detection().box();
    Optional<Landmarks68> found = locator.locate(image, box);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Landmarks68 lm = found.get();
    Point was = Point.mean(neighbour.landmarks().points());
    Point now = Point.mean(lm.points());
    double eyesBefore = eyeDistance(neighbour.landmarks());
    double ratio = eyeDistance(lm) / eyesBefore;
    if (was.distance(now) > FOLLOW_MAX_SHIFT * box.width()
        || Math.abs(Math.log(ratio)) > Math.log1p(FOLLOW_MAX_SCALE_CHANGE)) {
      return Optional.empty();
    }
    Box moved =
        new Box(
            box.x() + now.x() - was.x(), box.y() + now.y() - was.y(), box.width(), box.height());
    return Optional.of(measure(image, new Detection(moved, 0), lm, true));
  }

  private FaceObservation measure(
      RgbImage image, Detection detection, Landmarks68 lm, boolean followed) {
    return new FaceObservation(
        detection,
        lm,
        HeadPose.of(PortraitCropper.fit(lm, image.height())),
        cropper.geometry(lm, image.height()),
        followed);
  }

  private static double eyeDistance(Landmarks68 lm) {
    return lm.mean(36, 41).distance(lm.mean(42, 47));
  }

  /** The landmarks of the face in {@code box}, without detection. */
  public synchronized Optional<Landmarks68> landmarks(RgbImage image, Box box) {
    return locator.locate(image, box);
  }

  /** Cuts the paper's crop; {@code landmarks} may be null for an interpolated frame. */
  public AlignedFace crop(RgbImage image, CropGeometry geometry, Landmarks68 landmarks) {
    return cropper.crop(image, geometry, landmarks);
  }

  /** The identity descriptor of the face with these landmarks; empty if it leaves the image. */
  public synchronized Optional<float[]> descriptor(RgbImage image, Landmarks68 landmarks) {
    return embedder.embed(image, landmarks);
  }

  @Override
  public synchronized void close() {
    manager.close();
  }
}
