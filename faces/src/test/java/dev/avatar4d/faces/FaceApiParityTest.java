package dev.avatar4d.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.avatar4d.faces.detect.Detection;
import dev.avatar4d.faces.detect.DetectorConfig;
import dev.avatar4d.faces.detect.TinyFaceDetector;
import dev.avatar4d.faces.embed.FaceEmbedder;
import dev.avatar4d.faces.image.RgbImage;
import dev.avatar4d.faces.landmark.LandmarkLocator;
import dev.avatar4d.faces.landmark.Landmarks68;
import dev.avatar4d.faces.nn.FaceLandmark68Net;
import dev.avatar4d.faces.nn.FaceRecognitionNet;
import dev.avatar4d.faces.nn.TinyFaceDetectorNet;
import dev.avatar4d.faces.weights.ModelFiles;
import dev.avatar4d.faces.weights.TfjsWeights;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java networks against @vladmandic/face-api 1.7.15 itself (tfjs CPU backend on Node, fixtures
 * written by tools/faces-reference): the same boxes, scores, landmarks and descriptors.
 */
class FaceApiParityTest {

  /** Boxes and landmarks within a thousandth of a pixel, scores and descriptors within 1e-4. */
  private static final double PIXELS = 1e-3;

  private static final double VALUES = 1e-4;

  private static NDManager manager;
  private static TinyFaceDetector detector;
  private static LandmarkLocator locator;
  private static FaceEmbedder embedder;

  @BeforeAll
  static void loadNetworks() {
    ModelFiles files = ModelFiles.bundled();
    manager = NDManager.newBaseManager();
    detector =
        new TinyFaceDetector(
            manager,
            new TinyFaceDetectorNet(manager, TfjsWeights.read(files, "tiny_face_detector_model")));
    locator =
        new LandmarkLocator(
            manager,
            new FaceLandmark68Net(manager, TfjsWeights.read(files, "face_landmark_68_model")));
    embedder =
        new FaceEmbedder(
            manager,
            new FaceRecognitionNet(manager, TfjsWeights.read(files, "face_recognition_model")));
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"astronaut", "chelsea", "coffee", "synthetic-head"})
  void theDetectorFindsTheSameFacesAsFaceApi(String name) {
    RgbImage image = RgbImage.of(Fixtures.image(name));
    Fixtures.Reference ref = Fixtures.reference(name);
    List<Detection> found = detector.detect(image, DetectorConfig.DEFAULT);
    assertEquals(ref.faces().size(), found.size(), name + ": number of faces");
    for (int i = 0; i < found.size(); i++) {
      Fixtures.RefFace want = ref.faces().get(i);
      Detection got = found.get(i);
      assertEquals(want.score(), got.score(), VALUES, name + " score");
      assertEquals(want.box().x(), got.box().x(), PIXELS, name + " box x");
      assertEquals(want.box().y(), got.box().y(), PIXELS, name + " box y");
      assertEquals(want.box().width(), got.box().width(), PIXELS, name + " box width");
      assertEquals(want.box().height(), got.box().height(), PIXELS, name + " box height");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"astronaut", "chelsea", "coffee", "synthetic-head"})
  void landmarksAndDescriptorsMatchFaceApi(String name) {
    RgbImage image = RgbImage.of(Fixtures.image(name));
    for (Fixtures.RefFace want : Fixtures.reference(name).faces()) {
      Landmarks68 lm = locator.locate(image, want.box()).orElseThrow();
      // face-api places the points from the unfloored box corner; LandmarkLocator documents why
      // it does not, so the reference is shifted by the corner's fractional part.
      double dx = Math.floor(want.box().x()) - want.box().x();
      double dy = Math.floor(want.box().y()) - want.box().y();
      for (int i = 0; i < 68; i++) {
        assertEquals(want.landmarks().get(i).x() + dx, lm.get(i).x(), PIXELS, name + " x" + i);
        assertEquals(want.landmarks().get(i).y() + dy, lm.get(i).y(), PIXELS, name + " y" + i);
      }
      float[] descriptor = embedder.embed(image, want.descriptorRect()).orElseThrow();
      assertTrue(
          FaceEmbedder.euclidean(descriptor, want.descriptor()) < VALUES,
          name + " descriptor distance " + FaceEmbedder.euclidean(descriptor, want.descriptor()));
    }
  }
}
