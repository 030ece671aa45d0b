package dev.avatar4d.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.weights.WeightsMismatchException;
import dev.avatar4d.trainer.heads.Expression;
import dev.avatar4d.trainer.heads.HeadPose;
import dev.avatar4d.trainer.heads.SyntheticHeads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttributeRegressorTest {
  private static final SyntheticHeads HEADS =
      new SyntheticHeads(7, ModelPreset.lite().render().boxWarp());

  @Test
  void labelsHoldTheExpressionThenYawPitchRoll() {
    Expression e = new Expression(0.1, 0.2, 0.3, 0.4, 0.5);
    HeadPose p = new HeadPose(-0.3, 0.2, 0.1);

    float[] labels = AttributeRegressor.labels(e, p);

    assertThat(labels).containsExactly(0.1f, 0.2f, 0.3f, 0.4f, 0.5f, -0.3f, 0.2f, 0.1f);
    assertThat(AttributeRegressor.expression(labels))
        .isEqualTo(new Expression(0.1f, 0.2f, 0.3f, 0.4f, 0.5f));
    assertThat(AttributeRegressor.pose(labels)).isEqualTo(new HeadPose(-0.3f, 0.2f, 0.1f));
  }

  @Test
  void heldOutPoseIsReadFarBetterThanTheTrainingMeanAndExpressionSlightlyBetter() {
    long start = System.nanoTime();
    AttributeSamples train = AttributeSamples.render(HEADS, SyntheticHeads.Split.TRAIN, 600, 11);
    AttributeSamples heldOut =
        AttributeSamples.render(HEADS, SyntheticHeads.Split.HELD_OUT, 100, 12);
    long rendered = System.nanoTime();
    AtomicInteger reported = new AtomicInteger();
    try (NDManager manager = NDManager.newBaseManager()) {
      AttributeRegressor regressor =
          AttributeRegressor.train(train, 300, 32, 13, manager, reported::set);
      long trained = System.nanoTime();
      float[][] predicted = regressor.predict(AttributeRegressor.batch(manager, heldOut.images()));
      float[] mean = train.labelMean();

      double[] model = meanAbsErrors(heldOut.labels(), List.of(predicted));
      double[] baseline =
          meanAbsErrors(heldOut.labels(), java.util.Collections.nCopies(heldOut.size(), mean));
      System.out.printf(
          "attribute regressor on 100 held-out heads: expression MAE %.4f (mean baseline %.4f, ratio %.2f),"
              + " pose MAE %.4f rad (baseline %.4f, ratio %.2f); render %.1f s, train %.1f s%n",
          model[0],
          baseline[0],
          model[0] / baseline[0],
          model[1],
          baseline[1],
          model[1] / baseline[1],
          (rendered - start) / 1e9,
          (trained - rendered) / 1e9);

      assertThat(reported.get()).isEqualTo(300);
      // Expression is hard to read from 64² renders (measured ratio 0.94 here; the full regressor's
      // floor in trainer/evaluation is 0.209), so AED is weak evidence: the README says so.
      assertThat(model[0] / baseline[0]).as("expression error ratio").isLessThan(1.0);
      assertThat(model[1] / baseline[1]).as("pose error ratio").isLessThan(0.8);
    }
  }

  /** Mean absolute error of the expression labels and of the pose labels. */
  private static double[] meanAbsErrors(List<float[]> truth, List<float[]> predicted) {
    double expression = 0;
    double pose = 0;
    for (int i = 0; i < truth.size(); i++) {
      for (int k = 0; k < AttributeRegressor.LABELS; k++) {
        double error = Math.abs(truth.get(i)[k] - predicted.get(i)[k]);
        if (k < AttributeRegressor.POSE_START) {
          expression += error / (truth.size() * Expression.SIZE);
        } else {
          pose += error / (truth.size() * 3.0);
        }
      }
    }
    return new double[] {expression, pose};
  }

  @Test
  void aSavedRegressorLoadsWithTheSamePredictions(@TempDir Path dir) throws Exception {
    AttributeSamples few = AttributeSamples.render(HEADS, SyntheticHeads.Split.TRAIN, 4, 1);
    Path file = dir.resolve("regressor.safetensors");
    try (NDManager manager = NDManager.newBaseManager()) {
      AttributeRegressor trained = AttributeRegressor.train(few, 2, 2, 3, manager, step -> {});
      trained.save(file);
      AttributeRegressor loaded = AttributeRegressor.load(file, manager);

      float[][] expected = trained.predict(AttributeRegressor.batch(manager, few.images()));
      float[][] actual = loaded.predict(AttributeRegressor.batch(manager, few.images()));

      assertThat(Files.size(file)).isPositive();
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual[i]).containsExactly(expected[i]);
      }
    }
  }

  @Test
  void loadingRefusesWeightsOfAnotherPreset(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("other.safetensors");
    try (NDManager manager = NDManager.newBaseManager()) {
      AttributeRegressor regressor = new AttributeRegressor();
      regressor.initialize(manager, 1);
      dev.avatar4d.synthesizer.weights.WeightsFile.save(regressor, "lite", file);

      assertThatThrownBy(() -> AttributeRegressor.load(file, manager))
          .isInstanceOf(WeightsMismatchException.class);
    }
  }
}
