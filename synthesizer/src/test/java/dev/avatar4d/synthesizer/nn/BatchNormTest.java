package dev.avatar4d.synthesizer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class BatchNormTest {

  private static float[] values(NDArray a) {
    return a.toFloatArray();
  }

  @Test
  void inferenceUsesTheRunningStatistics() {
    try (NDManager manager = NDManager.newBaseManager()) {
      BatchNorm norm = new BatchNorm(2);
      norm.initialize(manager, 1);
      norm.namedParameters().get("running_mean").getArray().set(new float[] {1f, -2f});
      norm.namedParameters().get("running_var").getArray().set(new float[] {4f, 1f});
      NDArray x = manager.create(new float[] {3f, 0f}, new Shape(1, 2));
      float[] y = values(norm.apply(x));
      assertThat(y[0]).isCloseTo(1f, within(1e-4f));
      assertThat(y[1]).isCloseTo(2f, within(1e-4f));
    }
  }

  @Test
  void batchStatisticsNormaliseEachChannelAndMoveTheRunningStatistics() {
    try (NDManager manager = NDManager.newBaseManager()) {
      BatchNorm norm = new BatchNorm(2);
      norm.initialize(manager, 1);
      BatchNorm.useBatchStatistics(norm, true);
      // Channel 0 holds 1..4 and channel 1 holds 10, 20, 30, 40 over a 2x2 batch of pixels.
      NDArray x = manager.create(new float[] {1, 2, 10, 20, 3, 4, 30, 40}, new Shape(2, 2, 2, 1));
      NDArray y = norm.apply(x);
      float[] channel0 = values(y.get(":, 0"));
      float[] channel1 = values(y.get(":, 1"));
      assertThat(mean(channel0)).isCloseTo(0f, within(1e-5f));
      assertThat(mean(channel1)).isCloseTo(0f, within(1e-5f));
      assertThat(meanSquare(channel1)).isCloseTo(1f, within(1e-3f));
      float[] runningMean = values(norm.namedParameters().get("running_mean").getArray());
      float[] runningVar = values(norm.namedParameters().get("running_var").getArray());
      assertThat(runningMean[0]).isCloseTo(BatchNorm.MOMENTUM * 2.5f, within(1e-5f));
      assertThat(runningMean[1]).isCloseTo(BatchNorm.MOMENTUM * 25f, within(1e-4f));
      // Unbiased variance of 1..4 is 5/3.
      assertThat(runningVar[0])
          .isCloseTo(1 - BatchNorm.MOMENTUM + BatchNorm.MOMENTUM * 5f / 3f, within(1e-5f));

      BatchNorm.useBatchStatistics(norm, false);
      float[] again = values(norm.apply(x).get(":, 0"));
      assertThat(mean(again)).isNotCloseTo(0f, within(0.1f));
    }
  }

  private static float mean(float[] v) {
    float s = 0;
    for (float f : v) {
      s += f;
    }
    return s / v.length;
  }

  private static float meanSquare(float[] v) {
    float s = 0;
    for (float f : v) {
      s += f * f;
    }
    return s / v.length;
  }
}
