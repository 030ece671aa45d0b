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

class ImportanceSamplerTest {

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
  void smoothingIsAMaxPoolOfTwoThenAnAveragePoolOfTwo() {
    NDArray w = manager.create(new float[] {0f, 4f, 0f, 0f, 2f}).reshape(1, 1, 5);

    // max-pool(2, pad 1): [0, 4, 4, 0, 2, 2]; avg-pool(2): [2, 4, 2, 1, 2]
    assertThat(ImportanceSampler.smooth(w).toFloatArray()).containsExactly(2f, 4f, 2f, 1f, 2f);
  }

  @Test
  void uniformWeightsGiveSamplesLinearInU() {
    NDArray bins = manager.create(new float[] {0f, 1f, 2f, 3f, 4f, 5f}).reshape(1, 1, 6);
    NDArray weights = manager.ones(new Shape(1, 1, 4));
    NDArray u = manager.create(new float[] {0f, 0.125f, 0.5f, 0.9f}).reshape(1, 1, 4);

    // Only the first 5 edges are used: the density is uniform on [0, 4].
    float[] samples = ImportanceSampler.inverseCdf(bins, weights, u).toFloatArray();

    assertThat(samples[0]).isCloseTo(0f, within(1e-5f));
    assertThat(samples[1]).isCloseTo(0.5f, within(1e-5f));
    assertThat(samples[2]).isCloseTo(2f, within(1e-5f));
    assertThat(samples[3]).isCloseTo(3.6f, within(1e-5f));
  }

  @Test
  void allSamplesLandInTheOnlyBinWithMass() {
    NDArray bins = manager.create(new float[] {0f, 1f, 2f, 3f, 4f}).reshape(1, 1, 5);
    NDArray weights = manager.create(new float[] {0f, 0f, 1e4f}).reshape(1, 1, 3);
    NDArray u = manager.create(new float[] {0.05f, 0.5f, 0.95f}).reshape(1, 1, 3);

    float[] samples = ImportanceSampler.inverseCdf(bins, weights, u).toFloatArray();

    for (float t : samples) {
      assertThat(t).isBetween(1.99f, 3f);
    }
    assertThat(samples).isSorted();
  }

  @Test
  void samplesMatchANaiveInverseCdfWithRandomWeights() {
    Random random = new Random(3);
    int rays = 5;
    int s = 12;
    int count = 9;
    float[] depths = new float[rays * s];
    float[] weights = new float[rays * (s - 1)];
    float[] u = new float[rays * count];
    for (int r = 0; r < rays; r++) {
      float t = 3.5f;
      for (int k = 0; k < s; k++) {
        t += 0.02f + 0.1f * random.nextFloat();
        depths[r * s + k] = t;
      }
      for (int k = 0; k < s - 1; k++) {
        weights[r * (s - 1) + k] = random.nextFloat() < 0.4f ? 0f : random.nextFloat();
      }
      for (int i = 0; i < count; i++) {
        u[r * count + i] = random.nextFloat();
      }
    }

    float[] actual =
        ImportanceSampler.sample(
                manager.create(depths).reshape(1, rays, s),
                manager.create(weights).reshape(1, rays, s - 1),
                manager.create(u).reshape(1, rays, count))
            .toFloatArray();

    for (int r = 0; r < rays; r++) {
      double[] expected = naiveSample(depths, weights, u, r, s, count);
      for (int i = 0; i < count; i++) {
        assertThat((double) actual[r * count + i]).isCloseTo(expected[i], within(1e-4));
      }
    }
  }

  /** The official algorithm, one ray at a time, in doubles. */
  private static double[] naiveSample(
      float[] depths, float[] weights, float[] u, int ray, int s, int count) {
    int l = s - 1;
    double[] w = new double[l];
    for (int k = 0; k < l; k++) {
      w[k] = weights[ray * l + k];
    }
    double[] pooled = new double[l + 1];
    for (int k = 0; k <= l; k++) {
      double left = k > 0 ? w[k - 1] : Double.NEGATIVE_INFINITY;
      double right = k < l ? w[k] : Double.NEGATIVE_INFINITY;
      pooled[k] = Math.max(left, right);
    }
    double[] smooth = new double[l];
    for (int k = 0; k < l; k++) {
      smooth[k] = (pooled[k] + pooled[k + 1]) / 2 + 0.01;
    }
    int bins = l - 2;
    double total = 0;
    for (int k = 1; k <= bins; k++) {
      total += smooth[k] + 1e-5;
    }
    double[] cdf = new double[bins + 1];
    for (int k = 1; k <= bins; k++) {
      cdf[k] = cdf[k - 1] + (smooth[k] + 1e-5) / total;
    }
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      double v = u[ray * count + i];
      int index = 0;
      while (index <= bins && cdf[index] <= v) {
        index++;
      }
      int below = Math.max(index - 1, 0);
      int above = Math.min(index, bins);
      double binBelow = mid(depths, ray, s, below);
      double binAbove = mid(depths, ray, s, above);
      double denom = cdf[above] - cdf[below];
      if (denom < 1e-5) {
        denom = 1;
      }
      out[i] = binBelow + (v - cdf[below]) / denom * (binAbove - binBelow);
    }
    return out;
  }

  private static double mid(float[] depths, int ray, int s, int k) {
    return 0.5 * ((double) depths[ray * s + k] + depths[ray * s + k + 1]);
  }
}
