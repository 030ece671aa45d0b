package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import java.util.Arrays;

/**
 * Batch normalisation over axis 1 of {@code (B, C, ...)}. Inference uses the running statistics;
 * only the PD-FGC motion encoder has it. The paper takes that encoder pretrained and frozen, while
 * ours is trained from scratch, and a deep FAN hourglass without normalisation does not learn (its
 * untrained codes come out in the tens and stayed at the constant guess's error after 300 steps of
 * supervised training): so a training run can switch a module's BatchNorms to batch statistics
 * ({@link #useBatchStatistics(Module, boolean)}), which also updates the running statistics.
 */
public final class BatchNorm extends Module {

  /** Weight of the current batch in the running statistics, PyTorch's default. */
  static final float MOMENTUM = 0.1f;

  private static final float EPSILON = 1e-5f;

  private final Parameter weight;
  private final Parameter bias;
  private final Parameter mean;
  private final Parameter var;
  private boolean batchStatistics;

  /** A BatchNorm over {@code channels}. */
  public BatchNorm(int channels) {
    this.weight = param("weight", Init.constant(1f), channels);
    this.bias = param("bias", Init.constant(0f), channels);
    this.mean = param("running_mean", Init.constant(0f), channels);
    this.var = param("running_var", Init.constant(1f), channels);
  }

  /**
   * Switches every BatchNorm in {@code module} (itself included) to batch statistics for training
   * ({@code true}) or back to the running statistics ({@code false}, the default).
   */
  public static void useBatchStatistics(Module module, boolean on) {
    if (module instanceof BatchNorm norm) {
      norm.batchStatistics = on;
    }
    module.modules().values().forEach(child -> useBatchStatistics(child, on));
  }

  /** Normalises {@code x}: with the batch's statistics while training, else the running ones. */
  public NDArray apply(NDArray x) {
    return batchStatistics ? applyWithBatchStatistics(x) : applyWithRunningStatistics(x);
  }

  private NDArray applyWithBatchStatistics(NDArray x) {
    int rank = x.getShape().dimension();
    long c = x.getShape().get(1);
    long[] view = new long[rank];
    Arrays.fill(view, 1);
    view[1] = c;
    NDArray mu = perChannelMean(x, c).reshape(view);
    NDArray centred = x.sub(mu);
    NDArray variance = perChannelMean(centred.square(), c).reshape(view);
    long n = x.getShape().size() / c;
    NDArray batchMean = mu.stopGradient().reshape(c);
    NDArray unbiased = variance.stopGradient().reshape(c).mul(n / (float) Math.max(1, n - 1));
    value(mean).muli(1f - MOMENTUM).addi(batchMean.mul(MOMENTUM));
    value(var).muli(1f - MOMENTUM).addi(unbiased.mul(MOMENTUM));
    NDArray normalised = centred.div(variance.add(EPSILON).sqrt());
    NDArray scale = value(weight).reshape(view);
    scale.attach(x.getManager());
    NDArray shift = value(bias).reshape(view);
    shift.attach(x.getManager());
    return normalised.mul(scale).add(shift);
  }

  /** Mean over every axis but 1 (PyTorch's engine reduces one axis at a time). */
  private static NDArray perChannelMean(NDArray x, long channels) {
    return x.swapAxes(0, 1).reshape(channels, -1).mean(new int[] {1});
  }

  private NDArray applyWithRunningStatistics(NDArray x) {
    long rank = x.getShape().dimension();
    long c = x.getShape().get(1);
    long[] view = new long[(int) rank];
    Arrays.fill(view, 1);
    view[1] = c;
    // Arrays derived from parameters would otherwise belong to the model's manager and live
    // as long as the model; moving the first one to the caller's scope keeps the rest there.
    NDArray denominator = value(var).add(EPSILON);
    denominator.attach(x.getManager());
    NDArray scale = denominator.sqrt().pow(-1f).mul(value(weight));
    NDArray shift = scale.mul(value(mean)).neg().add(value(bias));
    return x.mul(scale.reshape(view)).add(shift.reshape(view));
  }

  @Override
  protected NDList run(NDList inputs) {
    return new NDList(apply(inputs.singletonOrThrow()));
  }
}
