package dev.avatar4d.synthesizer.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RayMarcherTest {

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void constantDensityGivesBeerLambertOpacityAndNormalisedColour() {
    int s = 33;
    float raw = 3f;
    NDArray depths = manager.linspace(4f, 6f, s).reshape(1, 1, s);
    NDArray densities = manager.full(new Shape(1, 1, s), raw);
    NDArray colors = manager.full(new Shape(1, 1, s, 2), 0.5f);

    RayMarcher.Marched out = RayMarcher.march(colors, densities, depths);

    double sigma = Math.log1p(Math.exp(raw - 1));
    double opacity = 1 - Math.exp(-sigma * 2.0);
    assertThat((double) out.opacity().getFloat()).isCloseTo(opacity, within(1e-5));
    for (float f : out.features().toFloatArray()) {
      assertThat((double) f).isCloseTo(0.5 * opacity, within(1e-5));
    }
    double expectedDepth = 4 + (1 / sigma - 2 * Math.exp(-2 * sigma) / (1 - Math.exp(-2 * sigma)));
    // Midpoint quadrature of the continuous expectation: close, not exact.
    assertThat((double) out.depth().getFloat()).isCloseTo(expectedDepth, within(0.02));
  }

  @Test
  void weightsAndTransmittanceMatchANaiveLoop() {
    Random random = new Random(5);
    int s = 10;
    float[] depths = new float[s];
    float[] dens = new float[s];
    float[] cols = new float[s];
    float t = 3.6f;
    for (int k = 0; k < s; k++) {
      t += 0.01f + 0.2f * random.nextFloat();
      depths[k] = t;
      dens[k] = -2f + 12f * random.nextFloat();
      cols[k] = random.nextFloat();
    }

    RayMarcher.Marched out =
        RayMarcher.march(
            manager.create(cols).reshape(1, 1, s, 1),
            manager.create(dens).reshape(1, 1, s),
            manager.create(depths).reshape(1, 1, s));

    double transmittance = 1;
    double feature = 0;
    double total = 0;
    float[] weights = out.weights().toFloatArray();
    for (int k = 0; k < s - 1; k++) {
      double sigma = Math.log1p(Math.exp((dens[k] + dens[k + 1]) / 2.0 - 1));
      double alpha = 1 - Math.exp(-sigma * (depths[k + 1] - depths[k]));
      double w = alpha * transmittance;
      assertThat((double) weights[k]).isCloseTo(w, within(1e-5));
      feature += w * (cols[k] + cols[k + 1]) / 2;
      total += w;
      transmittance *= 1 - alpha + 1e-10;
    }
    assertThat((double) out.features().getFloat()).isCloseTo(feature, within(1e-5));
    assertThat((double) out.opacity().getFloat()).isCloseTo(total, within(1e-5));
    assertThat(1 - total).isCloseTo(transmittance, within(1e-5));
  }

  @Test
  void anEmptyRayIsTransparentAndReportsTheFarDepth() {
    int s = 8;
    NDArray depths = manager.linspace(4f, 5f, s).reshape(1, 1, s);
    NDArray densities = manager.full(new Shape(1, 1, s), -200f);
    NDArray colors = manager.ones(new Shape(1, 1, s, 3));

    RayMarcher.Marched out = RayMarcher.march(colors, densities, depths);

    assertThat(out.opacity().getFloat()).isZero();
    assertThat(out.depth().getFloat()).isEqualTo(5f);
    assertThat(out.features().toFloatArray()).containsOnly(0f);
  }

  @Test
  void aDepthLossOverABatchWithAnEmptyRayHasFiniteGradients() {
    int s = 8;
    NDArray depths = manager.linspace(4f, 5f, s).reshape(1, 1, s).repeat(1, 2);
    float[] raw = new float[2 * s];
    java.util.Arrays.fill(raw, 0, s, -200f);
    java.util.Arrays.fill(raw, s, 2 * s, 3f);
    NDArray densities = manager.create(raw, new Shape(1, 2, s));
    densities.setRequiresGradient(true);
    NDArray colors = manager.ones(new Shape(1, 2, s, 3));

    try (ai.djl.training.GradientCollector collector =
        ai.djl.engine.Engine.getInstance().newGradientCollector()) {
      RayMarcher.Marched out = RayMarcher.march(colors, densities, depths);
      collector.backward(out.depth().sub(4.5f).abs().sum());
    }

    float[] gradient = densities.getGradient().toFloatArray();
    for (float g : gradient) {
      assertThat(g).isFinite();
    }
    assertThat(java.util.Arrays.copyOfRange(gradient, s, 2 * s))
        .as("the covered ray still learns")
        .isNotEqualTo(new float[s]);
  }

  @Test
  void softplusIsFiniteForLargeInputs() {
    NDArray x = manager.create(new float[] {-100f, 0f, 100f});

    float[] y = RayMarcher.softplus(x).toFloatArray();

    assertThat(y[0]).isCloseTo(0f, within(1e-30f));
    assertThat(y[1]).isCloseTo((float) Math.log(2), within(1e-6f));
    assertThat(y[2]).isEqualTo(100f);
  }
}
