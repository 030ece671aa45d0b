package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * A single FAN hourglass: at each level an upper residual branch at full resolution and a lower
 * branch (max-pool, blocks, recursion) upsampled bilinearly and added back.
 */
public final class HourGlass extends Module {

  private final int depth;

  /** An hourglass of {@code depth} levels on {@code channels}-wide features. */
  public HourGlass(int depth, int channels) {
    this.depth = depth;
    build(depth, channels);
  }

  private void build(int level, int channels) {
    child("b1_" + level, new FanBlock(channels, channels));
    child("b2_" + level, new FanBlock(channels, channels));
    if (level > 1) {
      build(level - 1, channels);
    } else {
      child("b2_plus_" + level, new FanBlock(channels, channels));
    }
    child("b3_" + level, new FanBlock(channels, channels));
  }

  private FanBlock block(String name) {
    return (FanBlock) modules().get(name);
  }

  /** Applies the hourglass; spatial size must be divisible by 2^depth. */
  public NDArray apply(NDArray x) {
    return level(depth, x);
  }

  private NDArray level(int level, NDArray x) {
    NDArray up1 = block("b1_" + level).apply(x);
    NDArray low = Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    low = block("b2_" + level).apply(low);
    low = level > 1 ? level(level - 1, low) : block("b2_plus_" + level).apply(low);
    low = block("b3_" + level).apply(low);
    Shape s = up1.getShape();
    return up1.add(Resample.bilinear(low, (int) s.get(2), (int) s.get(3), false));
  }

  @Override
  protected NDList run(NDList inputs) {
    return new NDList(apply(inputs.singletonOrThrow()));
  }
}
