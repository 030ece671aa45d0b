package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * FAN's residual "ConvBlock": three pre-activated 3×3 convolutions of widths out/2, out/4, out/4
 * whose outputs are concatenated, plus a (pre-activated 1×1) skip.
 */
public final class FanBlock extends Module {

  private final BatchNorm bn1;
  private final Conv conv1;
  private final BatchNorm bn2;
  private final Conv conv2;
  private final BatchNorm bn3;
  private final Conv conv3;
  private final BatchNorm downsampleBn;
  private final Conv downsampleConv;

  /** A block from {@code in} to {@code out} channels. */
  public FanBlock(int in, int out) {
    this.bn1 = child("bn1", new BatchNorm(in));
    this.conv1 = child("conv1", Conv.of(in, out / 2, 3).noBias().build());
    this.bn2 = child("bn2", new BatchNorm(out / 2));
    this.conv2 = child("conv2", Conv.of(out / 2, out / 4, 3).noBias().build());
    this.bn3 = child("bn3", new BatchNorm(out / 4));
    this.conv3 = child("conv3", Conv.of(out / 4, out / 4, 3).noBias().build());
    if (in != out) {
      this.downsampleBn = child("downsample_bn", new BatchNorm(in));
      this.downsampleConv =
          child("downsample_conv", Conv.of(in, out, 1).padding(0).noBias().build());
    } else {
      this.downsampleBn = null;
      this.downsampleConv = null;
    }
  }

  /** Applies the block. */
  public NDArray apply(NDArray x) {
    NDArray o1 = conv1.apply(Ops.relu(bn1.apply(x)));
    NDArray o2 = conv2.apply(Ops.relu(bn2.apply(o1)));
    NDArray o3 = conv3.apply(Ops.relu(bn3.apply(o2)));
    NDArray skip =
        downsampleConv == null ? x : downsampleConv.apply(Ops.relu(downsampleBn.apply(x)));
    return NDArrays.concat(new NDList(o1, o2, o3), 1).add(skip);
  }

  @Override
  protected NDList run(NDList inputs) {
    return new NDList(apply(inputs.singletonOrThrow()));
  }
}
