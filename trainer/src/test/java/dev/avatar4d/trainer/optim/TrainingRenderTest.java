package dev.avatar4d.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.camera.Cameras;
import dev.avatar4d.synthesizer.nn.Ops;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import dev.avatar4d.synthesizer.render.RenderSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trains the real lite network on CPU: gradients must reach every parameter through grid sampling
 * and volume rendering, and a few Adam steps must fit a fixed sample.
 */
class TrainingRenderTest {

  private static final ModelPreset LITE = ModelPreset.lite();
  private static final Predicate<String> NOT_SUPER_RESOLUTION =
      n -> !n.startsWith("superresolution.");

  private NDManager manager;
  private Portrait4DNetwork net;
  private NDArray source;
  private NDArray driving;
  private NDArray target;
  private final List<Camera> camera = List.of(Cameras.orbit(15f, 5f));

  @BeforeEach
  void build() {
    manager = NDManager.newBaseManager();
    net = new Portrait4DNetwork(LITE);
    net.initialize(manager, 42);
    Engine.getInstance().setRandomSeed(7);
    int s = LITE.inputSize();
    int r = LITE.render().resolution();
    source = manager.randomUniform(-1f, 1f, new Shape(1, 3, s, s));
    driving = manager.randomUniform(-1f, 1f, new Shape(1, 3, s, s));
    target = manager.randomUniform(-1f, 1f, new Shape(1, 3, r, r));
  }

  @AfterEach
  void release() {
    manager.close();
  }

  /** L1 between the raw RGB render of the fixed sample and the fixed random target. */
  private NDArray l1(TrainingRender forward, NDManager scope) {
    for (NDArray a : List.of(source, driving, target)) {
      a.tempAttach(scope);
    }
    return forward.forward(source, driving, camera, 1f).rgb().sub(target).abs().mean();
  }

  private float backward(TrainingRender forward) {
    try (NDManager scope = manager.newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray loss = l1(forward, scope);
      collector.backward(loss);
      return loss.getFloat();
    }
  }

  private static List<String> withoutGradient(TrainableParameters params, Predicate<String> which) {
    List<String> missing = new ArrayList<>();
    params
        .matching(which)
        .forEach(
            (name, array) -> {
              try (NDArray grad = Autograd.gradientOrNull(array)) {
                if (grad == null
                    || grad.abs().max().getFloat() == 0f
                    || grad.isNaN().any().getBoolean()) {
                  missing.add(name);
                }
              }
            });
    return missing;
  }

  @Test
  void gradientsReachEveryTriplaneDecoderAndCanonicalEncoderParameterThroughTheRenderer() {
    TrainableParameters params = TrainableParameters.of(net, NOT_SUPER_RESOLUTION);
    TrainingRender forward =
        new TrainingRender(net, TrainingRender.presetSettings(LITE), TrainingRender.Noise.CENTRED);
    Predicate<String> decoderAndCanonical =
        n -> n.startsWith("generator_triplane.") || n.startsWith("encoder_canonical.");

    backward(forward);
    // At initialisation the motion cross-attention's output projection is zero (as in the
    // official code), so nothing upstream of it can have a gradient yet; the projection can.
    List<String> blockedAtInit = withoutGradient(params, n -> true);
    assertThat(blockedAtInit)
        .allMatch(n -> TrainableParameters.isMotionRelated(n) || n.startsWith("motion_encoder."));
    assertThat(blockedAtInit)
        .doesNotContain("encoder_canonical.blocks_driving.0.attn2.proj.weight");
    assertThat(
            withoutGradient(
                params, decoderAndCanonical.and(TrainableParameters.MOTION_RELATED.negate())))
        .isEmpty();

    try (Adam adam = Adam.forPortrait4D(params, manager, 1e-4f, 2.5f)) {
      adam.step();
      backward(forward);

      assertThat(withoutGradient(params, decoderAndCanonical)).isEmpty();
      assertThat(withoutGradient(params, n -> true))
          .as("every trainable parameter, motion encoder included")
          .isEmpty();
    }
  }

  @Test
  void tenAdamStepsOnOneFixedSampleClearlyReduceTheL1Loss() {
    TrainableParameters params = TrainableParameters.of(net, NOT_SUPER_RESOLUTION);
    TrainingRender forward =
        new TrainingRender(net, TrainingRender.presetSettings(LITE), TrainingRender.Noise.CENTRED);
    List<Float> losses = new ArrayList<>();
    try (Adam adam = Adam.forPortrait4D(params, manager, 1e-4f, 2.5f)) {
      for (int step = 0; step < 10; step++) {
        losses.add(TrainingStep.run(adam, manager, scope -> l1(forward, scope)));
      }
    }
    float initial = losses.get(0);
    float last;
    try (NDManager scope = manager.newSubManager()) {
      last = l1(forward, scope).getFloat();
    }
    System.out.printf(
        "L1 over 10 Adam steps: initial %.4f, final %.4f (%.2f×); per step %s%n",
        initial, last, last / initial, losses);
    assertThat(losses).allMatch(Float::isFinite);
    assertThat(last).isLessThan(0.9f * initial);
  }

  @Test
  void aWindowRenderIsTheSamePixelsOfTheWholeRenderFromOneSharedEncoding() {
    TrainingRender forward =
        new TrainingRender(net, TrainingRender.presetSettings(LITE), TrainingRender.Noise.CENTRED);
    List<Camera> cameras = List.of(Cameras.front(), Cameras.orbit(-25f, 10f));
    List<TrainingRender.Window> windows =
        List.of(new TrainingRender.Window(8, 20, 16), new TrainingRender.Window(40, 0, 16));
    try (NDManager scope = manager.newSubManager();
        Autograd.NoGrad ignored = Autograd.noGrad()) {
      source.tempAttach(scope);
      TrainingRender.Encoded encoded = forward.encode(source, null, 0f);
      TrainingRender.RawRender whole = forward.render(encoded, cameras);
      TrainingRender.RawRender cut = forward.render(encoded, cameras, windows);

      assertThat(cut.featureImage().getShape())
          .isEqualTo(new Shape(2, LITE.render().featureChannels(), 16, 16));
      NDArray expected = TrainingRender.Window.crop(whole.featureImage(), windows);
      assertThat(cut.featureImage().sub(expected).abs().max().getFloat()).isLessThan(1e-5f);
      assertThat(
              cut.opacity()
                  .sub(TrainingRender.Window.crop(whole.opacity(), windows))
                  .abs()
                  .max()
                  .getFloat())
          .isLessThan(1e-5f);
      assertThat(expected.sub(expected.mean()).abs().max().getFloat())
          .as("the windows hold varying pixels, not a constant")
          .isGreaterThan(1e-3f);
    }
  }

  @Test
  void rendersRgbOpacityAndDepthForABatchAtAnotherResolution() {
    TrainingRender forward =
        new TrainingRender(
            net,
            new RenderSettings(32, 24, 24, LITE.render().boxWarp()),
            TrainingRender.Noise.RANDOM);
    try (NDManager scope = manager.newSubManager()) {
      NDArray sources = scope.randomUniform(-1f, 1f, new Shape(2, 3, 256, 256));
      TrainingRender.RawRender out =
          forward.forward(sources, null, List.of(Cameras.front(), Cameras.orbit(-20f, 0f)), 0f);

      assertThat(out.rgb().getShape()).isEqualTo(new Shape(2, 3, 32, 32));
      assertThat(out.featureImage().getShape())
          .isEqualTo(new Shape(2, LITE.render().featureChannels(), 32, 32));
      assertThat(out.opacity().getShape()).isEqualTo(new Shape(2, 1, 32, 32));
      assertThat(out.depth().getShape()).isEqualTo(new Shape(2, 1, 32, 32));
      assertThat(out.planes().getShape())
          .isEqualTo(new Shape(2, 3, LITE.triplane().planeChannels(), 128, 128));
      assertThat(out.rgb().getManager()).isSameAs(sources.getManager());
    }
  }

  @Test
  void theSynthesizersSigmoidHasAFiniteGradientFarIntoItsTail() {
    // Built as 1/(1+exp(-x)) it gave NaN here, which turned every parameter NaN within 4 steps.
    NDArray logits = manager.create(new float[] {-100f, 0f});
    logits.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(Ops.sigmoid(logits).sum());
    }
    try (NDArray grad = Autograd.gradientOrNull(logits)) {
      assertThat(grad.getFloat(0)).isFinite().isBetween(0f, 1e-40f);
      assertThat(grad.getFloat(1)).isEqualTo(0.25f);
    }
  }
}
