package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Pre-norm self-attention (with spatial reduction) followed by Mix-FFN; the triplane decoder's
 * block.
 */
public final class TransformerBlock extends Module {

  private final Norm norm1;
  private final Attention attn;
  private final Norm norm2;
  private final MixFfn mlp;

  /** A block of width {@code dim} whose keys/values are reduced by {@code reduction}. */
  public TransformerBlock(int dim, int heads, int mlpRatio, int reduction) {
    this.norm1 = child("norm1", new Norm(dim));
    this.attn = child("attn", new Attention(dim, heads, reduction, false));
    this.norm2 = child("norm2", new Norm(dim));
    this.mlp = child("mlp", new MixFfn(dim, dim * mlpRatio));
  }

  /** Applies the block to tokens {@code (B, H·W, C)}. */
  public NDArray apply(NDArray x, long h, long w) {
    x = x.add(attn.self(norm1.apply(x), h, w));
    return x.add(mlp.apply(norm2.apply(x), h, w));
  }

  @Override
  protected NDList run(NDList inputs) {
    long side = Math.round(Math.sqrt(inputs.get(0).getShape().get(1)));
    return new NDList(apply(inputs.get(0), side, side));
  }
}
