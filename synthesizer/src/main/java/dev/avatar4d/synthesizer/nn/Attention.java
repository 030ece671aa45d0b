package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Multi-head attention with a separate query projection and a fused key/value projection. Keys and
 * values come from a context sequence; for self-attention the context is the input, optionally
 * shrunk by a strided convolution plus LayerNorm (spatial-reduction attention, ratio {@code sr}).
 */
public final class Attention extends Module {

  private final int heads;
  private final float scale;
  private final Dense q;
  private final Dense kv;
  private final Dense proj;
  private final Conv sr;
  private final Norm norm;

  /**
   * @param dim token width of queries, keys and values
   * @param heads number of heads
   * @param reduction spatial-reduction ratio (1 = none)
   * @param zeroProjection start the output projection at zero (the motion cross-attention does, so
   *     an untrained motion path is an identity)
   */
  public Attention(int dim, int heads, int reduction, boolean zeroProjection) {
    this.heads = heads;
    this.scale = (float) Math.pow(dim / (double) heads, -0.5);
    this.q = child("q", new Dense(dim, dim));
    this.kv = child("kv", new Dense(dim, 2 * dim));
    this.proj =
        child(
            "proj",
            zeroProjection ? new Dense(dim, dim, Init.constant(0f), true) : new Dense(dim, dim));
    if (reduction > 1) {
      this.sr = child("sr", Conv.of(dim, dim, reduction).stride(reduction).padding(0).build());
      this.norm = child("norm", new Norm(dim));
    } else {
      this.sr = null;
      this.norm = null;
    }
  }

  /**
   * Self-attention over a token grid.
   *
   * @param x tokens {@code (B, H·W, C)}
   */
  public NDArray self(NDArray x, long h, long w) {
    NDArray context = x;
    if (sr != null) {
      context = norm.apply(Ops.mapToTokens(sr.apply(Ops.tokensToMap(x, h, w))));
    }
    return attend(x, context);
  }

  /**
   * Cross-attention: queries from {@code x} {@code (B, N, C)}, keys/values from {@code context}
   * {@code (B, M, C)}.
   */
  public NDArray attend(NDArray x, NDArray context) {
    Shape s = x.getShape();
    long b = s.get(0);
    long n = s.get(1);
    long c = s.get(2);
    long d = c / heads;
    NDArray query = q.apply(x).reshape(b, n, heads, d).transpose(0, 2, 1, 3);
    long m = context.getShape().get(1);
    NDArray keyValue = kv.apply(context).reshape(b, m, 2, heads, d).transpose(2, 0, 3, 1, 4);
    NDArray key = keyValue.get(0);
    NDArray val = keyValue.get(1);
    NDArray weights = query.matMul(key.transpose(0, 1, 3, 2)).mul(scale).softmax(-1);
    NDArray out = weights.matMul(val).transpose(0, 2, 1, 3).reshape(b, n, c);
    return proj.apply(out);
  }

  @Override
  protected NDList run(NDList inputs) {
    return new NDList(attend(inputs.get(0), inputs.size() > 1 ? inputs.get(1) : inputs.get(0)));
  }
}
