package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The canonical encoder's transformer block: motion cross-attention (scaled by the motion scale),
 * then self-attention, then Mix-FFN, each pre-normalised and residual.
 */
public final class BlockCross extends Module {

  private final Norm norm1;
  private final Attention attn1;
  private final Norm norm2;
  private final Attention attn2;
  private final Norm norm3;
  private final MixFfn mlp;

  /** A block of width {@code dim}. */
  public BlockCross(int dim, int heads, int mlpRatio) {
    this.norm1 = child("norm1", new Norm(dim));
    this.attn1 = child("attn1", new Attention(dim, heads, 1, false));
    this.norm2 = child("norm2", new Norm(dim));
    this.attn2 = child("attn2", new Attention(dim, heads, 1, true));
    this.norm3 = child("norm3", new Norm(dim));
    this.mlp = child("mlp", new MixFfn(dim, dim * mlpRatio));
  }

  /**
   * @param x tokens {@code (B, H·W, C)}
   * @param motion motion tokens {@code (B, T, C)}
   * @param motionScale 1 for Ψ, 0 for the static Ψ3d
   */
  public NDArray apply(NDArray x, NDArray motion, long h, long w, float motionScale) {
    if (motionScale != 0f) {
      x = x.add(attn2.attend(norm2.apply(x), motion).mul(motionScale));
    }
    x = x.add(attn1.self(norm1.apply(x), h, w));
    return x.add(mlp.apply(norm3.apply(x), h, w));
  }

  @Override
  protected NDList run(NDList inputs) {
    long side = Math.round(Math.sqrt(inputs.get(0).getShape().get(1)));
    return new NDList(apply(inputs.get(0), inputs.get(1), side, side, 1f));
  }
}
