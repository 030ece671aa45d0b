package dev.avatar4d.trainer.heads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.faces.FaceAnalyzer;
import dev.avatar4d.faces.FaceAnalyzerConfig;
import dev.avatar4d.faces.FaceObservation;
import dev.avatar4d.faces.image.RgbImage;
import dev.avatar4d.synthesizer.camera.Cameras;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The default model's world seen by the face front end the service runs on photographs: held-out
 * procedural heads, posed and animated as the demo clip is, must be found (detected, or followed
 * from a detected neighbour as the worker does) and their yaw read, or a job on the model's own
 * kind of input would fail or be posed wrongly. Prints the rates and errors it measures.
 */
class ProceduralHeadsFaceFrontEndTest {

  private static final int IDENTITIES = 10;
  private static final int SIZE = 256;

  /** The demo clip's poses and expressions. */
  private static final List<HeadPose> POSES = DemoInputs.POSES;

  private static final List<Expression> EXPRESSIONS = DemoInputs.EXPRESSIONS;

  @Test
  void mostFramesOfHeldOutHeadsAreFoundAndTheirYawFollowsTheTruth() {
    SyntheticHeads world = new SyntheticHeads(DemoInputs.SEED, 1.3f);
    int frames = 0;
    int detected = 0;
    int followed = 0;
    int frontalDetected = 0;
    List<double[]> yaw = new ArrayList<>();
    List<Double> pitchError = new ArrayList<>();
    try (FaceAnalyzer analyzer = FaceAnalyzer.load(FaceAnalyzerConfig.DEFAULT)) {
      for (int id = 0; id < IDENTITIES; id++) {
        HeadIdentity who = world.identity(SyntheticHeads.Split.HELD_OUT, id);
        List<RgbImage> images = new ArrayList<>();
        List<Optional<FaceObservation>> found = new ArrayList<>();
        for (int f = 0; f < POSES.size(); f++) {
          HeadRender r = world.render(who, EXPRESSIONS.get(f), POSES.get(f), Cameras.front(), SIZE);
          RgbImage image = RgbImage.of(r.toImage());
          images.add(image);
          found.add(analyzer.scan(image).primary());
        }
        frontalDetected += found.get(0).isPresent() ? 1 : 0;
        for (int f = 1; f < found.size(); f++) {
          if (found.get(f).isEmpty() && found.get(f - 1).isPresent()) {
            found.set(f, analyzer.follow(images.get(f), found.get(f - 1).get()));
          }
        }
        for (int f = found.size() - 2; f >= 0; f--) {
          if (found.get(f).isEmpty() && found.get(f + 1).isPresent()) {
            found.set(f, analyzer.follow(images.get(f), found.get(f + 1).get()));
          }
        }
        for (int f = 0; f < found.size(); f++) {
          frames++;
          if (found.get(f).isEmpty()) {
            continue;
          }
          FaceObservation face = found.get(f).get();
          if (face.followed()) {
            followed++;
          } else {
            detected++;
          }
          // The generator's pitch is positive nose up, the front end's nose down.
          yaw.add(new double[] {Math.toDegrees(POSES.get(f).yaw()), face.pose().yawDeg()});
          pitchError.add(face.pose().pitchDeg() + Math.toDegrees(POSES.get(f).pitch()));
        }
      }
    }
    double yawBias = yaw.stream().mapToDouble(p -> p[1] - p[0]).average().orElse(Double.NaN);
    double yawSlope = slope(yaw);
    double pitchBias = pitchError.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    System.out.printf(
        "procedural heads (%d held-out ids x %d frames at %d px): neutral frontal detected %d/%d;"
            + " frames detected %d, followed %d, missing %d of %d; yaw error mean %.1f deg,"
            + " slope %.2f; pitch bias %.1f deg (nose down)%n",
        IDENTITIES,
        POSES.size(),
        SIZE,
        frontalDetected,
        IDENTITIES,
        detected,
        followed,
        frames - detected - followed,
        frames,
        yawBias,
        yawSlope,
        pitchBias);
    assertThat(frontalDetected).as("neutral frontal heads detected").isGreaterThanOrEqualTo(5);
    assertThat(detected + followed).as("frames found").isGreaterThanOrEqualTo(frames / 2);
    assertThat(yawSlope).as("estimated yaw per true yaw").isBetween(0.7, 1.5);
  }

  /** Least-squares slope of the estimate (index 1) on the truth (index 0). */
  private static double slope(List<double[]> pairs) {
    double mx = pairs.stream().mapToDouble(p -> p[0]).average().orElse(0);
    double my = pairs.stream().mapToDouble(p -> p[1]).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    for (double[] p : pairs) {
      sxy += (p[0] - mx) * (p[1] - my);
      sxx += (p[0] - mx) * (p[0] - mx);
    }
    return sxy / sxx;
  }
}
