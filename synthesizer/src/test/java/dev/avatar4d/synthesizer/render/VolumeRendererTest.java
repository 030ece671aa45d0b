package dev.avatar4d.synthesizer.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.camera.Cameras;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VolumeRendererTest {

  private static final RenderSettings SETTINGS = new RenderSettings(8, 12, 8, 1.3f);

  /** Colour = first 3 feature channels; density grows with the last channel, empty at 0. */
  private static final FeatureDecoder LINEAR =
      f -> new NDList(f.get("..., 0:3"), f.get("..., 3:4").mul(40f).sub(20f));

  private final VolumeRenderer renderer = new VolumeRenderer();
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    manager.getEngine().setRandomSeed(1234);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void emptySpaceShowsTheBackgroundAndHasZeroOpacity() {
    NDArray planes = manager.zeros(new Shape(1, 3, 4, 6, 6));
    FeatureDecoder empty = f -> new NDList(f.get("..., 0:3"), f.get("..., 0:1").sub(1000f));
    NDArray background = manager.randomUniform(0f, 1f, new Shape(1, 3, 8, 8));

    RenderOutput out =
        renderer.render(planes, empty, background, List.of(Cameras.front()), SETTINGS, null);

    assertThat(out.opacity().toFloatArray()).containsOnly(0f);
    assertClose(out.featureImage(), background.mul(2f).sub(1f), 1e-6f);
    float far = out.depth().max().getFloat();
    assertThat(out.depth().min().getFloat()).isEqualTo(far);
  }

  @Test
  void anOpaqueBoxIsSeenAtItsFrontFaceAndMissedOutsideIt() {
    NDArray planes = manager.ones(new Shape(1, 3, 4, 16, 16)).mul(3f);
    RenderSettings settings = new RenderSettings(9, 48, 48, 1.3f);
    Camera camera = Cameras.orbit(0f, 0f, 4.2f, 60f);

    FeatureDecoder grey =
        f ->
            new NDList(
                f.get("..., 0:3").zerosLike().add(0.75f), f.get("..., 3:4").mul(40f).sub(20f));

    RenderOutput out = renderer.render(planes, grey, null, List.of(camera), settings, null);

    float[] opacity = out.opacity().toFloatArray();
    float[] depth = out.depth().toFloatArray();
    assertThat(opacity[40]).isCloseTo(1f, within(1e-4f)); // centre pixel
    assertThat(depth[40]).isCloseTo(4.2f - 0.65f, within(0.03f));
    assertThat(opacity[0]).isLessThan(1e-3f); // corner ray misses the box
    // an opaque grey pixel, mapped by ×2−1
    assertThat(out.featureImage().get(0, 0, 4, 4).getFloat()).isCloseTo(0.5f, within(1e-3f));
    assertThat(out.featureImage().get(0, 0, 0, 0).getFloat()).isCloseTo(-1f, within(2e-3f));
  }

  @Test
  void renderingManyCamerasFromSharedPlanesEqualsRenderingEachAlone() {
    NDArray planes = manager.randomUniform(0f, 1f, new Shape(1, 3, 4, 10, 10));
    List<Camera> cameras =
        List.of(Cameras.front(), Cameras.orbit(25f, 5f), Cameras.orbit(-40f, -10f, 3.8f, 14f));
    SampleNoise noise = SampleNoise.random(manager, 3, SETTINGS);

    RenderOutput batched = renderer.render(planes, LINEAR, null, cameras, SETTINGS, noise);

    for (int i = 0; i < cameras.size(); i++) {
      SampleNoise single =
          new SampleNoise(
              noise.stratifiedJitter().get(i + ":" + (i + 1)),
              noise.importanceU().get(i + ":" + (i + 1)));
      RenderOutput alone =
          renderer.render(planes, LINEAR, null, List.of(cameras.get(i)), SETTINGS, single);
      assertClose(batched.featureImage().get(i + ":" + (i + 1)), alone.featureImage(), 1e-5f);
      assertClose(batched.opacity().get(i + ":" + (i + 1)), alone.opacity(), 1e-5f);
    }
  }

  @Test
  void perCameraPlanesEqualTheSharedPlanesRepeated() {
    NDArray planes = manager.randomUniform(0f, 1f, new Shape(1, 3, 4, 10, 10));
    List<Camera> cameras = List.of(Cameras.front(), Cameras.orbit(30f, 0f));
    SampleNoise noise = SampleNoise.random(manager, 2, SETTINGS);

    RenderOutput shared = renderer.render(planes, LINEAR, null, cameras, SETTINGS, noise);
    RenderOutput repeated =
        renderer.render(planes.repeat(0, 2), LINEAR, null, cameras, SETTINGS, noise);

    assertClose(shared.featureImage(), repeated.featureImage(), 1e-6f);
    assertClose(shared.depth(), repeated.depth(), 1e-6f);
  }

  @Test
  void explicitNoiseMakesRendersReproducible() {
    NDArray planes = manager.randomUniform(0f, 1f, new Shape(1, 3, 4, 10, 10));
    SampleNoise noise = SampleNoise.random(manager, 1, SETTINGS);
    List<Camera> cameras = List.of(Cameras.front());

    RenderOutput a = renderer.render(planes, LINEAR, null, cameras, SETTINGS, noise);
    RenderOutput b = renderer.render(planes, LINEAR, null, cameras, SETTINGS, noise);

    assertThat(a.featureImage().toFloatArray()).containsExactly(b.featureImage().toFloatArray());
  }

  @Test
  void gradientsFlowFromTheImageBackToThePlanes() {
    NDArray planes = manager.randomUniform(0f, 1f, new Shape(1, 3, 4, 10, 10));
    planes.setRequiresGradient(true);

    try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
      RenderOutput out =
          renderer.render(planes, LINEAR, null, List.of(Cameras.front()), SETTINGS, null);
      collector.backward(out.featureImage().sum());
    }

    NDArray grad = planes.getGradient();
    assertThat(grad.abs().sum().getFloat()).isPositive();
    assertThat(grad.isNaN().any().getBoolean()).isFalse();
  }

  @Test
  void noiseOfTheWrongShapeIsRejected() {
    NDArray planes = manager.zeros(new Shape(1, 3, 4, 6, 6));
    SampleNoise noise = SampleNoise.random(manager, 2, SETTINGS);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> renderer.render(planes, LINEAR, null, List.of(Cameras.front()), SETTINGS, noise))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertClose(NDArray actual, NDArray expected, float tolerance) {
    assertThat(actual.getShape()).isEqualTo(expected.getShape());
    float[] a = actual.toFloatArray();
    float[] e = expected.toFloatArray();
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i]).isCloseTo(e[i], within(tolerance));
    }
  }
}
