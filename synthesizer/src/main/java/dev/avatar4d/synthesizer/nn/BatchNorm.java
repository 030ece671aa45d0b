package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;

/**
 * Batch normalisation in inference mode (running statistics), over axis 1 of {@code (B, C, ...)}.
 * Only the frozen PD-FGC motion encoder uses it.
 */
public final class BatchNorm extends Module {

  private final Parameter weight;
  private final Parameter bias;
  private final Parameter mean;
  private final Parameter var;

  /** A BatchNorm over {@code channels}. */
  public BatchNorm(int channels) {
    this.weight = param("weight", Init.constant(1f), channels);
    this.bias = param("bias", Init.constant(0f), channels);
    this.mean = param("running_mean", Init.constant(0f), channels);
    this.var = param("running_var", Init.constant(1f), channels);
  }

  /** Normalises {@code x} with the running statistics. */
  public NDArray apply(NDArray x) {
    long rank = x.getShape().dimension();
    long c = x.getShape().get(1);
    long[] view = new long[(int) rank];
    java.util.Arrays.fill(view, 1);
    view[1] = c;
    // Arrays derived from parameters would otherwise belong to the model's manager and live
    // as long as the model; moving the first one to the caller's scope keeps the rest there.
    NDArray denominator = value(var).add(1e-5f);
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
