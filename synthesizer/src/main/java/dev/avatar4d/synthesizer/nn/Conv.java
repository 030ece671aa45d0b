package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;

/** A 2-D convolution with PyTorch layout: weight {@code (out, in/groups, k, k)}, optional bias. */
public final class Conv extends Module {

  private final Parameter weight;
  private final Parameter bias;
  private final int stride;
  private final int padding;
  private final int dilation;
  private final int groups;

  private Conv(Builder b) {
    this.stride = b.stride;
    this.dilation = b.dilation;
    this.groups = b.groups;
    this.padding = b.padding >= 0 ? b.padding : dilation * (b.kernel / 2);
    this.weight = param("weight", b.init, b.out, b.in / b.groups, b.kernel, b.kernel);
    this.bias = b.bias ? param("bias", Init.constant(0f), b.out) : null;
  }

  /** Starts a convolution from {@code in} to {@code out} channels with a square kernel. */
  public static Builder of(int in, int out, int kernel) {
    return new Builder(in, out, kernel);
  }

  /** Applies the convolution to {@code (B, C, H, W)}. */
  public NDArray apply(NDArray x) {
    return convolve(x, value(weight));
  }

  /**
   * {@link #apply} with the input channels zero-padded to a multiple of {@code multiple} (and the
   * weight to match): the same sums, with no channel padding left for the CPU kernel to do (see
   * {@code MotionEncoder.Fan#apply} for why that matters).
   */
  public NDArray applyPaddedTo(NDArray x, int multiple) {
    Shape xs = x.getShape();
    long extra = (multiple - xs.get(1) % multiple) % multiple;
    if (extra == 0 || groups != 1) {
      return apply(x);
    }
    NDManager scope = x.getManager();
    NDArray paddedX = x.concat(scope.zeros(new Shape(xs.get(0), extra, xs.get(2), xs.get(3))), 1);
    NDArray w = value(weight);
    Shape ws = w.getShape();
    NDArray paddedW = w.concat(scope.zeros(new Shape(ws.get(0), extra, ws.get(2), ws.get(3))), 1);
    // Derived from the parameter, it would otherwise live as long as the model.
    paddedW.attach(scope);
    return convolve(paddedX, paddedW);
  }

  private NDArray convolve(NDArray x, NDArray w) {
    return Conv2d.conv2d(
            x,
            w,
            bias == null ? null : value(bias),
            new Shape(stride, stride),
            new Shape(padding, padding),
            new Shape(dilation, dilation),
            groups)
        .singletonOrThrow();
  }

  @Override
  protected NDList run(NDList inputs) {
    return new NDList(apply(inputs.singletonOrThrow()));
  }

  /** Options of a {@link Conv}; padding defaults to "same" for stride 1. */
  public static final class Builder {
    private final int in;
    private final int out;
    private final int kernel;
    private int stride = 1;
    private int padding = -1;
    private int dilation = 1;
    private int groups = 1;
    private boolean bias = true;
    private Init init = Init.convFanOut();

    private Builder(int in, int out, int kernel) {
      this.in = in;
      this.out = out;
      this.kernel = kernel;
    }

    public Builder stride(int v) {
      stride = v;
      return this;
    }

    public Builder padding(int v) {
      padding = v;
      return this;
    }

    public Builder dilation(int v) {
      dilation = v;
      return this;
    }

    public Builder groups(int v) {
      groups = v;
      return this;
    }

    public Builder noBias() {
      bias = false;
      return this;
    }

    public Builder init(Init v) {
      init = v;
      return this;
    }

    public Conv build() {
      return new Conv(this);
    }
  }
}
