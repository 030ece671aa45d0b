package dev.avatar4d.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdamTest {

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private NDArray leaf(float... values) {
    NDArray a = manager.create(values);
    a.setRequiresGradient(true);
    return a;
  }

  /** Back-propagates Σ c·x² (gradient 2·c·x) through every leaf. */
  private void backwardQuadratic(float c, NDArray... leaves) {
    try (NDManager scope = manager.newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray loss = scope.zeros(new ai.djl.ndarray.types.Shape());
      for (NDArray x : leaves) {
        loss = loss.add(x.square().sum().mul(c));
      }
      collector.backward(loss);
    }
  }

  @Test
  void anOptimiserRestoredFromSavedStateContinuesExactlyAsTheOriginal(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    NDArray a = leaf(1.5f, -0.2f, 0.003f);
    NDArray b = leaf(1.5f, -0.2f, 0.003f);
    java.nio.file.Path state = dir.resolve("adam.safetensors");
    try (Adam original =
            Adam.builder(manager).learningRate(0.05f).group("all", Map.of("x", a)).build();
        Adam restored =
            Adam.builder(manager).learningRate(0.01f).group("all", Map.of("x", b)).build()) {
      for (int t = 0; t < 3; t++) {
        backwardQuadratic(1f, a);
        original.step();
      }
      original.saveState(state);
      b.set(a.toFloatArray());

      restored.loadState(state);
      backwardQuadratic(1f, a);
      original.step();
      backwardQuadratic(1f, b);
      restored.step();

      assertThat(restored.steps()).isEqualTo(4);
      assertThat(restored.learningRate()).isEqualTo(0.05f);
      assertThat(b.toFloatArray()).containsExactly(a.toFloatArray());
    }
  }

  @Test
  void updatesExactlyAsTorchAdamDoesOverSeveralSteps() {
    NDArray x = leaf(1.5f, -0.2f, 0.003f);
    double lr = 0.05;
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    double[] p = {1.5, -0.2, 0.003};
    double[] m = new double[3];
    double[] v = new double[3];
    try (Adam adam =
        Adam.builder(manager)
            .learningRate((float) lr)
            .epsilon((float) eps)
            .group("all", Map.of("x", x))
            .build()) {
      for (int t = 1; t <= 4; t++) {
        backwardQuadratic(1f, x);
        adam.step();
        for (int i = 0; i < 3; i++) {
          double g = 2 * p[i];
          m[i] = b1 * m[i] + (1 - b1) * g;
          v[i] = b2 * v[i] + (1 - b2) * g * g;
          double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
          p[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / denom;
        }
      }
      float[] got = x.toFloatArray();
      for (int i = 0; i < 3; i++) {
        assertThat((double) got[i]).as("x[%d]", i).isCloseTo(p[i], within(1e-6));
      }
      assertThat(adam.steps()).isEqualTo(4);
    }
  }

  @Test
  void theMotionGroupMovesTwoAndAHalfTimesAsFarOnItsFirstStep() {
    NDArray base = leaf(1f);
    NDArray motion = leaf(1f);
    try (Adam adam =
        Adam.builder(manager)
            .learningRate(1e-3f)
            .epsilon(1e-8f)
            .group(new Adam.Group("base", Map.of("a", base), 1f))
            .group(new Adam.Group("motion", Map.of("b", motion), 2.5f))
            .build()) {
      backwardQuadratic(1f, base, motion);
      adam.step();
    }
    // The first Adam step is lr·sign(g) whatever the gradient's size.
    assertThat(1f - base.getFloat()).isCloseTo(1e-3f, within(1e-7f));
    assertThat(1f - motion.getFloat()).isCloseTo(2.5e-3f, within(1e-7f));
  }

  @Test
  void theDefaultEpsilonIsThePapersAndDampsTinyGradients() {
    NDArray x = leaf(1e-6f);
    try (Adam adam = Adam.builder(manager).learningRate(1f).group("all", Map.of("x", x)).build()) {
      backwardQuadratic(1f, x);
      adam.step();
    }
    // g = 2e-6: the step is g/(|g| + 1e-5) = 1/6 of the learning rate, not the full lr.
    assertThat(1e-6f - x.getFloat()).isCloseTo(2e-6f / (2e-6f + 1e-5f), within(1e-5f));
  }

  @Test
  void gradientsAreClearedAfterEveryStep() {
    NDArray x = leaf(2f, 3f);
    try (Adam adam = Adam.builder(manager).group("all", Map.of("x", x)).build()) {
      backwardQuadratic(1f, x);
      adam.step();
      try (NDArray grad = Autograd.gradientOrNull(x)) {
        assertThat(grad.toFloatArray()).containsExactly(0f, 0f);
      }
    }
  }

  @Test
  void aParameterThatBackwardNeverReachedIsLeftAlone() {
    NDArray used = leaf(1f);
    NDArray unused = leaf(1f);
    try (Adam adam =
        Adam.builder(manager)
            .learningRate(0.1f)
            .group("all", Map.of("used", used, "unused", unused))
            .build()) {
      backwardQuadratic(1f, used);
      adam.step();
    }
    assertThat(used.getFloat()).isLessThan(1f);
    assertThat(unused.getFloat()).isEqualTo(1f);
  }

  @Test
  void aNonFiniteLossSkipsTheUpdateAndClearsTheGradients() {
    NDArray x = leaf(1f);
    try (Adam adam =
        Adam.builder(manager).learningRate(0.1f).group("all", Map.of("x", x)).build()) {
      float loss = TrainingStep.run(adam, manager, scope -> x.mul(Float.NaN).sum());

      assertThat(loss).isNaN();
      assertThat(adam.steps()).isZero();
      assertThat(adam.skippedSteps()).isEqualTo(1);
      assertThat(x.getFloat()).isEqualTo(1f);
      try (NDArray grad = Autograd.gradientOrNull(x)) {
        assertThat(grad.getFloat()).isZero();
      }
    }
  }

  @Test
  void aStepWithANonFiniteGradientAnywhereIsRefusedAsAWhole() {
    NDArray healthy = leaf(1f);
    NDArray broken = leaf(0f);
    NDArray poisoned = leaf(0f);
    try (Adam adam =
        Adam.builder(manager)
            .learningRate(0.1f)
            .group("all", Map.of("healthy", healthy, "broken", broken, "poisoned", poisoned))
            .build()) {
      // At 0, d√x/dx is +∞ and d(0·√x)/dx is NaN, while the loss itself is finite.
      float loss =
          TrainingStep.run(
              adam,
              manager,
              scope -> healthy.square().add(broken.sqrt()).add(poisoned.sqrt().mul(0f)).sum());

      assertThat(loss).isEqualTo(1f);
      assertThat(adam.steps()).isZero();
      assertThat(adam.skippedSteps()).isEqualTo(1);
      assertThat(healthy.getFloat()).isEqualTo(1f);
      try (NDArray grad = Autograd.gradientOrNull(broken)) {
        assertThat(grad.getFloat()).isZero();
      }

      TrainingStep.run(adam, manager, scope -> healthy.square().sum());
      assertThat(adam.steps()).isEqualTo(1);
      assertThat(healthy.getFloat()).isLessThan(1f);
    }
  }
}
