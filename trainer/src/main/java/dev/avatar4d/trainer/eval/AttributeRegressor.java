package dev.avatar4d.trainer.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.avatar4d.synthesizer.nn.Conv;
import dev.avatar4d.synthesizer.nn.Dense;
import dev.avatar4d.synthesizer.nn.Init;
import dev.avatar4d.synthesizer.nn.Module;
import dev.avatar4d.synthesizer.nn.ModuleList;
import dev.avatar4d.synthesizer.nn.Ops;
import dev.avatar4d.synthesizer.weights.WeightsFile;
import dev.avatar4d.trainer.heads.Expression;
import dev.avatar4d.trainer.heads.HeadPose;
import dev.avatar4d.trainer.heads.SyntheticHeads;
import dev.avatar4d.trainer.optim.Adam;
import dev.avatar4d.trainer.optim.Autograd;
import dev.avatar4d.trainer.optim.TrainableParameters;
import dev.avatar4d.trainer.optim.TrainingStep;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * A small CNN that reads a face's attributes back from a {@link #RESOLUTION}² image taken by {@link
 * dev.avatar4d.synthesizer.camera.Cameras#front()}: the five {@link Expression} controls and the
 * {@link HeadPose} angles, laid out as in {@link #labels}. Evaluation uses it to check whether a
 * generated avatar shows the expression and pose it was driven with.
 *
 * <p>Four stride-2 3×3 convolutions (3→16→32→64→64, leaky ReLU) take the image to 4×4, then two
 * dense layers (1024→128→8). The network predicts standardised labels; the training set's label
 * mean and variance are stored with the weights (as buffers, so they are never trained) and undo
 * the standardisation, which also makes an untrained output of zero mean "predict the mean".
 */
public final class AttributeRegressor extends Module {
  /** Preset tag of the weights file. */
  public static final String PRESET = "attribute-regressor";

  /** Side of the input images. */
  public static final int RESOLUTION = 64;

  /** Length of a label vector. */
  public static final int LABELS = Expression.SIZE + 3;

  /** First index of the expression controls in a label vector (they end at {@link #POSE_START}). */
  public static final int EXPRESSION_START = 0;

  /** First index of yaw, pitch, roll in a label vector (they end at {@link #LABELS}). */
  public static final int POSE_START = Expression.SIZE;

  private static final float SLOPE = 0.2f;
  private static final int FEATURES = 64 * 4 * 4;
  private static final float LEARNING_RATE = 1e-3f;

  private final ModuleList<Conv> convs;
  private final Dense hidden;
  private final Dense out;
  private final Parameter labelMean;
  private final Parameter labelVariance;

  /** An uninitialised regressor; call {@link #initialize} or use {@link #load}. */
  public AttributeRegressor() {
    convs = child("convs", new ModuleList<>());
    int[] channels = {3, 16, 32, 64, 64};
    for (int i = 0; i + 1 < channels.length; i++) {
      convs.add(Conv.of(channels[i], channels[i + 1], 3).stride(2).build());
    }
    hidden = child("hidden", new Dense(FEATURES, 128, Init.fanIn(), true));
    out = child("out", new Dense(128, LABELS, Init.normal(0.01), true));
    // These names make Module type them as running statistics, which TrainableParameters skips.
    labelMean = param("running_mean", Init.constant(0f), LABELS);
    labelVariance = param("running_var", Init.constant(1f), LABELS);
  }

  /**
   * The label vector of a face: the expression controls in declaration order, then yaw, pitch,
   * roll.
   */
  public static float[] labels(Expression expression, HeadPose pose) {
    float[] labels = new float[LABELS];
    double[] e = expression.toArray();
    double[] p = pose.toArray();
    for (int i = 0; i < e.length; i++) {
      labels[EXPRESSION_START + i] = (float) e[i];
    }
    for (int i = 0; i < p.length; i++) {
      labels[POSE_START + i] = (float) p[i];
    }
    return labels;
  }

  /** The expression part of a predicted label vector, each control clamped to [0, 1]. */
  public static Expression expression(float[] labels) {
    double[] v = new double[Expression.SIZE];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.max(0, Math.min(1, labels[EXPRESSION_START + i]));
    }
    return new Expression(v[0], v[1], v[2], v[3], v[4]);
  }

  /** The pose part of a predicted label vector, each angle clamped to ±π/2. */
  public static HeadPose pose(float[] labels) {
    double[] v = new double[3];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.max(-Math.PI / 2, Math.min(Math.PI / 2, labels[POSE_START + i]));
    }
    return new HeadPose(v[0], v[1], v[2]);
  }

  /**
   * Stacks channel-major RGB images of side {@link #RESOLUTION} into a {@code (B, 3, R, R)} batch.
   */
  public static NDArray batch(NDManager manager, List<float[]> images) {
    int plane = 3 * RESOLUTION * RESOLUTION;
    float[] data = new float[images.size() * plane];
    for (int i = 0; i < images.size(); i++) {
      float[] image = images.get(i);
      if (image.length != plane) {
        throw new IllegalArgumentException(
            "image " + i + " has " + image.length + " values, expected " + plane);
      }
      System.arraycopy(image, 0, data, i * plane, plane);
    }
    return manager.create(data, new Shape(images.size(), 3, RESOLUTION, RESOLUTION));
  }

  /**
   * Renders {@code samples} TRAIN identities with random expressions and poses (see {@link
   * AttributeSamples#render}) and trains a fresh regressor on them.
   *
   * @param progress told the number of optimisation steps done after each step
   */
  public static AttributeRegressor train(
      SyntheticHeads heads,
      int samples,
      int steps,
      int batch,
      long seed,
      NDManager manager,
      IntConsumer progress) {
    AttributeSamples data =
        AttributeSamples.render(heads, SyntheticHeads.Split.TRAIN, samples, seed);
    return train(data, steps, batch, seed, manager, progress);
  }

  /**
   * Trains a fresh regressor with Adam (learning rate 1e-3, cosine decay) on the mean squared error
   * of the standardised labels; its parameters live on {@code manager} and are frozen on return.
   *
   * @param progress told the number of optimisation steps done after each step
   */
  public static AttributeRegressor train(
      AttributeSamples data,
      int steps,
      int batch,
      long seed,
      NDManager manager,
      IntConsumer progress) {
    if (data.size() == 0 || steps < 0 || batch < 1) {
      throw new IllegalArgumentException("need samples, steps >= 0 and batch >= 1");
    }
    AttributeRegressor regressor = new AttributeRegressor();
    regressor.initialize(manager, seed);
    float[] mean = data.labelMean();
    float[] std = regressor.setLabelStatistics(mean, labelVariance(data, mean));
    TrainableParameters params = TrainableParameters.of(regressor);
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int plane = 3 * RESOLUTION * RESOLUTION;
    try (Adam adam =
        Adam.builder(manager).learningRate(LEARNING_RATE).group("all", params.arrays()).build()) {
      for (int step = 0; step < steps; step++) {
        adam.setLearningRate(
            LEARNING_RATE
                * (0.02f + 0.98f * (float) (0.5 * (1 + Math.cos(Math.PI * step / steps)))));
        float[] images = new float[batch * plane];
        float[] targets = new float[batch * LABELS];
        for (int b = 0; b < batch; b++) {
          int i = rng.nextInt(data.size());
          System.arraycopy(data.images().get(i), 0, images, b * plane, plane);
          float[] label = data.labels().get(i);
          for (int k = 0; k < LABELS; k++) {
            targets[b * LABELS + k] = (label[k] - mean[k]) / std[k];
          }
        }
        TrainingStep.run(
            adam,
            manager,
            scope -> {
              NDArray x = scope.create(images, new Shape(batch, 3, RESOLUTION, RESOLUTION));
              NDArray y = scope.create(targets, new Shape(batch, LABELS));
              return regressor.standardised(x).sub(y).square().mean();
            });
        progress.accept(step + 1);
      }
    }
    params.freeze();
    return regressor;
  }

  private static float[] labelVariance(AttributeSamples data, float[] mean) {
    float[] variance = new float[LABELS];
    for (float[] l : data.labels()) {
      for (int k = 0; k < LABELS; k++) {
        variance[k] += (l[k] - mean[k]) * (l[k] - mean[k]) / data.size();
      }
    }
    return variance;
  }

  /** Stores the label statistics; returns the standard deviations used (never below 1e-3). */
  private float[] setLabelStatistics(float[] mean, float[] variance) {
    float[] std = new float[LABELS];
    float[] floored = new float[LABELS];
    for (int k = 0; k < LABELS; k++) {
      std[k] = (float) Math.max(Math.sqrt(variance[k]), 1e-3);
      floored[k] = std[k] * std[k];
    }
    value(labelMean).set(FloatBuffer.wrap(mean));
    value(labelVariance).set(FloatBuffer.wrap(floored));
    return std;
  }

  /** The standardised prediction {@code (B, 8)} for images {@code (B, 3, 64, 64)} in [0, 1]. */
  private NDArray standardised(NDArray images) {
    Shape s = images.getShape();
    if (s.dimension() != 4 || s.get(1) != 3 || s.get(2) != RESOLUTION || s.get(3) != RESOLUTION) {
      throw new IllegalArgumentException(
          "images must have shape (B, 3, " + RESOLUTION + ", " + RESOLUTION + "), got " + s);
    }
    NDArray x = images.mul(2f).sub(1f);
    for (Conv conv : convs.items()) {
      x = Ops.leakyRelu(conv.apply(x), SLOPE);
    }
    x = Ops.leakyRelu(hidden.apply(x.reshape(s.get(0), FEATURES)), SLOPE);
    return out.apply(x);
  }

  /** The labels {@code (B, 8)} for images {@code (B, 3, 64, 64)} in [0, 1]; differentiable. */
  public NDArray forward(NDArray images) {
    return standardised(images).mul(value(labelVariance).sqrt()).add(value(labelMean));
  }

  /** The labels of each image of a {@code (B, 3, 64, 64)} batch in [0, 1], without gradient. */
  public float[][] predict(NDArray images) {
    try (NDManager scope = images.getManager().newSubManager();
        Autograd.NoGrad ignored = Autograd.noGrad()) {
      images.tempAttach(scope);
      float[] flat = forward(images).toFloatArray();
      float[][] labels = new float[flat.length / LABELS][LABELS];
      for (int b = 0; b < labels.length; b++) {
        System.arraycopy(flat, b * LABELS, labels[b], 0, LABELS);
      }
      return labels;
    }
  }

  /** Writes the weights and label statistics, tagged {@link #PRESET}. */
  public void save(Path path) throws IOException {
    WeightsFile.save(this, PRESET, path);
  }

  /** Reads a regressor written by {@link #save}; its parameters live on {@code manager}. */
  public static AttributeRegressor load(Path path, NDManager manager) throws IOException {
    AttributeRegressor regressor = new AttributeRegressor();
    regressor.initialize(manager, 0);
    WeightsFile.load(path, regressor, PRESET);
    return regressor;
  }

  @Override
  protected NDList run(NDList inputs) {
    return new NDList(forward(inputs.singletonOrThrow()));
  }
}
