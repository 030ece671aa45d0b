package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** SegFormer's Mix-FFN: Linear, depthwise 3×3 conv on the token grid, exact GELU, Linear. */
public final class MixFfn extends Module {

  private final Dense fc1;
  private final Conv dwconv;
  private final Dense fc2;

  /** A Mix-FFN of width {@code dim} with hidden width {@code hidden}. */
  public MixFfn(int dim, int hidden) {
    this.fc1 = child("fc1", new Dense(dim, hidden));
    this.dwconv = child("dwconv", Conv.of(hidden, hidden, 3).groups(hidden).build());
    this.fc2 = child("fc2", new Dense(hidden, dim));
  }

  /** Applies the block to tokens {@code (B, H·W, C)} laid out on an H×W grid. */
  public NDArray apply(NDArray x, long h, long w) {
    NDArray hidden = fc1.apply(x);
    hidden = Ops.mapToTokens(dwconv.apply(Ops.tokensToMap(hidden, h, w)));
    return fc2.apply(Ops.gelu(hidden));
  }

  @Override
  protected NDList run(NDList inputs) {
    long n = inputs.get(0).getShape().get(1);
    long side = Math.round(Math.sqrt(n));
    return new NDList(apply(inputs.get(0), side, side));
  }
}
