package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Overlapping patch embedding: 3×3 stride-2 convolution, flatten to tokens, LayerNorm. */
public final class PatchEmbed extends Module {

  private final Conv proj;
  private final Norm norm;

  /** Embeds {@code in} channels into {@code dim}-wide tokens at half resolution. */
  public PatchEmbed(int in, int dim) {
    this.proj = child("proj", Conv.of(in, dim, 3).stride(2).padding(1).build());
    this.norm = child("norm", new Norm(dim));
  }

  /** Returns tokens {@code (B, H/2·W/2, dim)}. */
  public NDArray apply(NDArray x) {
    return norm.apply(Ops.mapToTokens(proj.apply(x)));
  }

  @Override
  protected NDList run(NDList inputs) {
    return new NDList(apply(inputs.singletonOrThrow()));
  }
}
