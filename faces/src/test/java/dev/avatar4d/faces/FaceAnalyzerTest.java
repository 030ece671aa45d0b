package dev.avatar4d.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.avatar4d.faces.align.AlignedFace;
import dev.avatar4d.faces.embed.FaceEmbedder;
import dev.avatar4d.faces.geom.Point;
import dev.avatar4d.faces.image.RgbImage;
import dev.avatar4d.faces.landmark.Landmarks68;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole front end on real photographs (scikit-image's samples) and a procedural head. */
class FaceAnalyzerTest {

  private static FaceAnalyzer analyzer;

  @BeforeAll
  static void load() {
    analyzer = FaceAnalyzer.load(FaceAnalyzerConfig.DEFAULT);
  }

  @AfterAll
  static void close() {
    analyzer.close();
  }

  @Test
  void aSmallFaceInAHalfLengthPortraitBecomesACropOfTheFace() {
    RgbImage photo = RgbImage.of(Fixtures.image("astronaut"));
    FaceScan scan = analyzer.scan(photo);
    assertEquals(1, scan.detections().size());
    FaceObservation face = scan.primary().orElseThrow();
    // The face is about a fifth of the frame; the crop enlarges it to the paper's framing.
    assertTrue(face.crop().scale() > 3, "scale " + face.crop().scale());
    AlignedFace crop = analyzer.crop(photo, face.crop(), face.landmarks());
    Point leftEye = crop.motionPoints().get(0);
    Point rightEye = crop.motionPoints().get(1);
    Point mouth = crop.motionPoints().get(2);
    assertEquals(256, (leftEye.x() + rightEye.x()) / 2, 20, "eyes centred");
    assertEquals(0.45 * 512, (leftEye.y() + rightEye.y()) / 2, 25, "eye height");
    assertTrue(mouth.y() > leftEye.y() + 80, "mouth below the eyes");
    assertTrue(face.pose().turnDeg() < 25, "a near-frontal portrait: " + face.pose());
  }

  @Test
  void theCroppedFaceKeepsItsIdentity() {
    RgbImage photo = RgbImage.of(Fixtures.image("astronaut"));
    FaceObservation face = analyzer.scan(photo).primary().orElseThrow();
    float[] original = analyzer.descriptor(photo, face.landmarks()).orElseThrow();
    AlignedFace crop = analyzer.crop(photo, face.crop(), face.landmarks());
    float[] cropped =
        analyzer.descriptor(crop.crop(), new Landmarks68(crop.landmarks())).orElseThrow();
    RgbImage head = RgbImage.of(Fixtures.image("synthetic-head"));
    FaceObservation other = analyzer.scan(head).primary().orElseThrow();
    float[] stranger = analyzer.descriptor(head, other.landmarks()).orElseThrow();
    double same = FaceEmbedder.cosine(original, cropped);
    double different = FaceEmbedder.cosine(original, stranger);
    assertTrue(same > 0.95, "same face after cropping: " + same);
    assertTrue(same > different + 0.05, "stranger " + different + " vs same " + same);
  }

  @Test
  void aCatAndACoffeeCupHaveNoFace() {
    assertFalse(analyzer.scan(RgbImage.of(Fixtures.image("chelsea"))).found());
    assertFalse(analyzer.scan(RgbImage.of(Fixtures.image("coffee"))).found());
  }

  @Test
  void theTrainersProceduralHeadIsFoundAndFramedAsTheTrainingImagesAre() {
    FaceObservation face =
        analyzer.scan(RgbImage.of(Fixtures.image("synthetic-head"))).primary().orElseThrow();
    // A training image already has the network's framing: its crop is nearly the image itself.
    assertEquals(1.0, face.crop().scale(), 0.1);
    assertEquals(256, face.crop().centre().x(), 20);
  }
}
