package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.avatar4d.synthesizer.ModelPreset;
import java.util.List;

/**
 * The background UNet: a stride-2 input convolution, three stride-2 downsampling stages, a middle
 * convolution, four nearest-×2 upsampling stages with skip connections, and an output convolution.
 * Produces raw background features {@code (B, featureChannels, S, S)}; the network applies the
 * sigmoid and resizes to the render resolution.
 */
public final class EncoderBackground extends Module {

  private final Conv inputConv;
  private final ModuleList<DownStage> downs;
  private final Conv middle;
  private final ModuleList<UpStage> ups;
  private final Conv outConv;

  /** Builds the UNet for {@code preset}. */
  public EncoderBackground(ModelPreset preset) {
    List<Integer> w = preset.background().widths();
    this.inputConv = child("input_conv", Conv.of(5, w.get(0), 3).stride(2).padding(1).build());
    this.downs = child("downs", new ModuleList<>());
    for (int i = 0; i < 3; i++) {
      downs.add(new DownStage(w.get(i), w.get(i + 1)));
    }
    this.middle = child("middle", Conv.of(w.get(3), w.get(3), 3).build());
    this.ups = child("ups", new ModuleList<>());
    // Level widths going up: 2·w3 → w2, 2·w2 → w1, 2·w1 → w0, 2·w0 → w0.
    ups.add(new UpStage(2 * w.get(3), w.get(2)));
    ups.add(new UpStage(2 * w.get(2), w.get(1)));
    ups.add(new UpStage(2 * w.get(1), w.get(0)));
    ups.add(new UpStage(2 * w.get(0), w.get(0)));
    this.outConv =
        child("out_conv", Conv.of(w.get(0), preset.render().featureChannels(), 3).build());
  }

  /** Encodes an image {@code (B, 3, S, S)} in [-1, 1] into raw background features at S×S. */
  public NDArray apply(NDArray image) {
    NDArray h1 = Ops.leakyRelu(inputConv.apply(Ops.addCoord(image)), 0.01f);
    NDArray h2 = downs.items().get(0).apply(h1);
    NDArray h3 = downs.items().get(1).apply(h2);
    NDArray h4 = downs.items().get(2).apply(h3);
    NDArray h = Ops.leakyRelu(middle.apply(h4), 0.01f);
    NDArray x = ups.items().get(0).apply(Ops.catChannels(h, h4));
    x = ups.items().get(1).apply(Ops.catChannels(x, h3));
    x = ups.items().get(2).apply(Ops.catChannels(x, h2));
    x = ups.items().get(3).apply(Ops.catChannels(x, h1));
    return outConv.apply(x);
  }

  @Override
  protected NDList run(NDList inputs) {
    return new NDList(apply(inputs.singletonOrThrow()));
  }

  /** 3×3 conv + leaky ReLU at the current resolution, then a stride-2 3×3 conv. */
  public static final class DownStage extends Module {
    private final Conv conv;
    private final Conv down;

    DownStage(int in, int out) {
      this.conv = child("conv", Conv.of(in, in, 3).build());
      this.down = child("down", Conv.of(in, out, 3).stride(2).padding(1).build());
    }

    NDArray apply(NDArray x) {
      return down.apply(Ops.leakyRelu(conv.apply(x), 0.01f));
    }

    @Override
    protected NDList run(NDList inputs) {
      return new NDList(apply(inputs.singletonOrThrow()));
    }
  }

  /** 3×3 conv + leaky ReLU, nearest ×2, then a 3×3 conv. */
  public static final class UpStage extends Module {
    private final Conv conv;
    private final Conv up;

    UpStage(int in, int out) {
      this.conv = child("conv", Conv.of(in, out, 3).build());
      this.up = child("up", Conv.of(out, out, 3).build());
    }

    NDArray apply(NDArray x) {
      return up.apply(Ops.nearest2x(Ops.leakyRelu(conv.apply(x), 0.01f)));
    }

    @Override
    protected NDList run(NDList inputs) {
      return new NDList(apply(inputs.singletonOrThrow()));
    }
  }
}
