package dev.avatar4d.synthesizer.render;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.avatar4d.synthesizer.camera.Camera;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The renderer alone against the PyTorch reference (tools/reference): the reference's planes,
 * background, cameras and sample noise go in, with the OSG decoder rebuilt here from the fixture
 * weights, so this test does not depend on the network package.
 */
class RendererParityTest {

  private static final double TOLERANCE = 1e-4;

  private NDManager manager;
  private SafetensorsFixture weights;
  private SafetensorsFixture inputs;
  private SafetensorsFixture expected;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    weights = SafetensorsFixture.load(manager, "weights.safetensors");
    inputs = SafetensorsFixture.load(manager, "inputs.safetensors");
    expected = SafetensorsFixture.load(manager, "expected.safetensors");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void renderingTheReferencePlanesMatchesPytorchTo1e4() {
    NDArray planes = expected.get("planes");
    NDArray jitter = inputs.get("stratified_jitter");
    NDArray u = inputs.get("importance_u");
    int r = (int) expected.get("image_feature").getShape().get(2);
    RenderSettings settings =
        new RenderSettings(r, (int) jitter.getShape().get(2), (int) u.getShape().get(2), 1.3f);

    RenderOutput out =
        new VolumeRenderer()
            .render(
                planes,
                this::osgDecode,
                expected.get("background"),
                cameras(),
                settings,
                new SampleNoise(jitter, u));

    double feature =
        SafetensorsFixture.relativeL2(out.featureImage(), expected.get("image_feature"));
    double depth = SafetensorsFixture.relativeL2(out.depth(), expected.get("image_depth"));
    double opacity = SafetensorsFixture.relativeL2(out.opacity(), expected.get("opacity"));
    System.out.printf(
        "renderer parity: feature %.3g, depth %.3g, opacity %.3g%n", feature, depth, opacity);
    assertThat(feature).isLessThanOrEqualTo(TOLERANCE);
    assertThat(depth).isLessThanOrEqualTo(TOLERANCE);
    assertThat(opacity).isLessThanOrEqualTo(TOLERANCE);
  }

  private List<Camera> cameras() {
    NDArray c = inputs.get("cameras");
    List<Camera> cams = new ArrayList<>();
    for (int i = 0; i < c.getShape().get(0); i++) {
      cams.add(Camera.fromArray25(c.get(i).toFloatArray()));
    }
    return cams;
  }

  /** The official OSG decoder with StyleGAN FC gains applied at run time. */
  private NDList osgDecode(NDArray features) {
    NDArray hidden = RayMarcher.softplus(fc(features, "decoder.net.0"));
    NDArray rgb = fc(hidden, "decoder.out_rgb");
    NDArray sigmoid = rgb.neg().exp().add(1f).pow(-1f);
    return new NDList(sigmoid.mul(1.002f).sub(0.001f), fc(hidden, "decoder.out_sigma"));
  }

  private NDArray fc(NDArray x, String prefix) {
    NDArray w = weights.get(prefix + ".weight");
    float gain = (float) (1.0 / Math.sqrt(w.getShape().get(1)));
    return x.matMul(w.transpose().mul(gain)).add(weights.get(prefix + ".bias"));
  }
}
