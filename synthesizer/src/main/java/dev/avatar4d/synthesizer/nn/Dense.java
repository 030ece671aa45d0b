package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/** A fully connected layer over the last axis: weight {@code (out, in)}, bias {@code (out)}. */
public final class Dense extends Module {

  private final Parameter weight;
  private final Parameter bias;

  /** A layer with bias and the transformer default init (normal, std 0.02). */
  public Dense(int in, int out) {
    this(in, out, Init.normal(0.02), true);
  }

  /** A layer with the given weight init; the bias (if any) starts at zero. */
  public Dense(int in, int out, Init init, boolean withBias) {
    this.weight = param("weight", init, out, in);
    this.bias = withBias ? param("bias", Init.constant(0f), out) : null;
  }

  /** Applies the layer to {@code (..., in)}. */
  public NDArray apply(NDArray x) {
    return Linear.linear(x, value(weight), bias == null ? null : value(bias)).singletonOrThrow();
  }

  @Override
  protected NDList run(NDList inputs) {
    return new NDList(apply(inputs.singletonOrThrow()));
  }
}
