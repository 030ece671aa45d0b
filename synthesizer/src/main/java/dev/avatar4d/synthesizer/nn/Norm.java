package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;

/** Layer normalisation over the last axis with PyTorch's default epsilon 1e-5. */
public final class Norm extends Module {

  private final Parameter weight;
  private final Parameter bias;
  private final int dim;

  /** A LayerNorm of width {@code dim}. */
  public Norm(int dim) {
    this.dim = dim;
    this.weight = param("weight", Init.constant(1f), dim);
    this.bias = param("bias", Init.constant(0f), dim);
  }

  /** Normalises {@code (..., dim)}. */
  public NDArray apply(NDArray x) {
    return LayerNorm.layerNorm(x, new Shape(dim), value(weight), value(bias), 1e-5f)
        .singletonOrThrow();
  }

  @Override
  protected NDList run(NDList inputs) {
    return new NDList(apply(inputs.singletonOrThrow()));
  }
}
