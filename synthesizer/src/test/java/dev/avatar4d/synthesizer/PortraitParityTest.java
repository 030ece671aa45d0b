package dev.avatar4d.synthesizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.nn.EncoderCanonical;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import dev.avatar4d.synthesizer.render.RenderOutput;
import dev.avatar4d.synthesizer.render.RenderSettings;
import dev.avatar4d.synthesizer.render.SafetensorsFixture;
import dev.avatar4d.synthesizer.render.SampleNoise;
import dev.avatar4d.synthesizer.render.VolumeRenderer;
import dev.avatar4d.synthesizer.weights.ImportReport;
import dev.avatar4d.synthesizer.weights.OfficialCheckpointImporter;
import dev.avatar4d.synthesizer.weights.SafeTensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole network against the PyTorch reference in tools/reference: official-named weights are
 * imported (names, FC gains, style folding), then every intermediate is compared.
 */
class PortraitParityTest {

  private static final double TOLERANCE = 1e-4;

  private static NDManager manager;
  private static Portrait4DNetwork network;
  private static ImportReport report;
  private static SafetensorsFixture inputs;
  private static SafetensorsFixture expected;

  @BeforeAll
  static void importReferenceWeights() throws Exception {
    manager = NDManager.newBaseManager();
    network = new Portrait4DNetwork(ModelPreset.parityTiny());
    network.initialize(manager, 9);
    Path weights =
        Path.of(PortraitParityTest.class.getResource("/parity/weights.safetensors").toURI());
    try (SafeTensors.Reader reader = SafeTensors.open(weights)) {
      report =
          OfficialCheckpointImporter.importInto(
              network, OfficialCheckpointImporter.StateDict.of(reader));
    }
    inputs = SafetensorsFixture.load(manager, "inputs.safetensors");
    expected = SafetensorsFixture.load(manager, "expected.safetensors");
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void referenceWeightsImportCompletelyExceptTheMotionEncoder() {
    assertThat(report.unexpected()).isEmpty();
    assertThat(report.missing())
        .allSatisfy(k -> assertThat(k).startsWith(Portrait4DNetwork.MOTION_ENCODER + "."));
  }

  @Test
  void encodersMatchPyTorch() {
    NDArray image = inputs.get("image");
    close("features_global", network.encodeGlobal(image));
    close("features_detail", network.encodeDetail(image));
    close("background", network.encodeBackground(image));
  }

  @Test
  void triplanesMatchPyTorch() {
    NDArray image = inputs.get("image");
    NDArray planes =
        network.triplanes(
            network.encodeGlobal(image),
            network.encodeDetail(image),
            inputs.get("motion_source"),
            inputs.get("motion_driving"),
            1f);
    close("planes", planes);
  }

  @Test
  void canonicalFeaturesMatchPyTorch() {
    EncoderCanonical canonical = (EncoderCanonical) network.modules().get("encoder_canonical");
    NDArray features =
        canonical.apply(
            network.encodeGlobal(inputs.get("image")),
            inputs.get("motion_driving"),
            inputs.get("motion_source"),
            1f);
    close("features_canonical", features);
  }

  /**
   * Everything from the Java side only: Java encoders feed the Java triplanes, which are rendered
   * over the Java background and super-resolved. Catches errors that stay under the tolerance per
   * block but compound along the chain.
   */
  @Test
  void theWholeChainFromSourceImageToSuperResolvedViewsMatchesPyTorch() {
    NDArray image = inputs.get("image");
    NDArray planes =
        network.triplanes(
            network.encodeGlobal(image),
            network.encodeDetail(image),
            inputs.get("motion_source"),
            inputs.get("motion_driving"),
            1f);
    RenderOutput out =
        new VolumeRenderer()
            .render(
                planes,
                network.decoder(),
                network.encodeBackground(image),
                cameras(),
                settings(),
                new SampleNoise(inputs.get("stratified_jitter"), inputs.get("importance_u")));
    close("image_feature", out.featureImage());
    close("image_depth", out.depth());
    close("opacity", out.opacity());
    close("image_sr", network.superResolve(out.featureImage()));
  }

  @Test
  void renderedAndSuperResolvedImagesMatchPyTorch() {
    NDArray jitter = inputs.get("stratified_jitter");
    NDArray u = inputs.get("importance_u");
    ModelPreset p = ModelPreset.parityTiny();
    RenderSettings settings =
        new RenderSettings(
            p.render().resolution(),
            p.render().stratifiedSamples(),
            p.render().importanceSamples(),
            p.render().boxWarp());
    RenderOutput out =
        new VolumeRenderer()
            .render(
                expected.get("planes"),
                network.decoder(),
                expected.get("background"),
                cameras(),
                settings,
                new SampleNoise(jitter, u));
    close("image_feature", out.featureImage());
    close("image_sr", network.superResolve(expected.get("image_feature")));
  }

  private static RenderSettings settings() {
    ModelPreset p = ModelPreset.parityTiny();
    return new RenderSettings(
        p.render().resolution(),
        p.render().stratifiedSamples(),
        p.render().importanceSamples(),
        p.render().boxWarp());
  }

  private static List<Camera> cameras() {
    float[] all = inputs.get("cameras").toFloatArray();
    List<Camera> cams = new ArrayList<>();
    for (int i = 0; i < all.length / 25; i++) {
      cams.add(Camera.fromArray25(java.util.Arrays.copyOfRange(all, 25 * i, 25 * i + 25)));
    }
    return cams;
  }

  private static void close(String name, NDArray actual) {
    NDArray reference = expected.get(name);
    assertThat(actual.getShape()).as(name).isEqualTo(reference.getShape());
    double error = SafetensorsFixture.relativeL2(actual, reference);
    System.out.printf("parity %s: rel. L2 %.3g%n", name, error);
    assertThat(error).as(name).isLessThan(TOLERANCE);
  }
}
