package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import dev.avatar4d.synthesizer.ModelPreset;
import java.util.List;

/**
 * The global appearance encoder E_g: a ResNet-34 without normalisation layers (and so without conv
 * biases) on the image plus two coordinate channels, dilated to output stride 8, followed by a
 * DeepLabV3 ASPP head without BatchNorm. Produces F_g {@code (B, aspp, H/8, W/8)}.
 */
public final class EncoderGlobal extends Module {

  private final Conv stem;
  private final ModuleList<ModuleList<BasicBlock>> layers;
  private final Aspp aspp;
  private final Conv head;

  /** Builds the encoder for {@code preset}. */
  public EncoderGlobal(ModelPreset preset) {
    List<Integer> widths = preset.global().widths();
    List<Integer> depths = preset.global().depths();
    int stemWidth = preset.global().stemChannels();
    this.stem = child("stem", Conv.of(5, stemWidth, 7).stride(2).padding(3).noBias().build());
    this.layers = child("layers", new ModuleList<>());
    int[] strides = {1, 2, 1, 1};
    int[] dilations = {1, 1, 2, 4};
    int in = stemWidth;
    for (int stage = 0; stage < 4; stage++) {
      ModuleList<BasicBlock> layer = layers.add(new ModuleList<>());
      int out = widths.get(stage);
      for (int i = 0; i < depths.get(stage); i++) {
        int stride = i == 0 ? strides[stage] : 1;
        // torchvision gives the first block of stages 2-4 a projection because their
        // original stride is 2; smp's dilation keeps it even where the stride became 1.
        boolean project = i == 0 && (stage > 0 || in != out);
        layer.add(new BasicBlock(in, out, stride, dilations[stage], project));
        in = out;
      }
    }
    this.aspp =
        child("aspp", new Aspp(in, preset.global().asppChannels(), preset.global().asppRates()));
    this.head =
        child(
            "head",
            Conv.of(preset.global().asppChannels(), preset.global().asppChannels(), 3)
                .noBias()
                .build());
  }

  /** Encodes an image {@code (B, 3, S, S)} in [-1, 1]. */
  public NDArray apply(NDArray image) {
    NDArray x = Ops.relu(stem.apply(Ops.addCoord(image)));
    x = Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
    for (ModuleList<BasicBlock> layer : layers.items()) {
      for (BasicBlock block : layer.items()) {
        x = block.apply(x);
      }
    }
    return Ops.relu(head.apply(aspp.apply(x)));
  }

  @Override
  protected NDList run(NDList inputs) {
    return new NDList(apply(inputs.singletonOrThrow()));
  }

  /** ResNet basic block without BatchNorm, optionally with a 1×1 projection on the skip. */
  public static final class BasicBlock extends Module {
    private final Conv conv1;
    private final Conv conv2;
    private final Conv downsample;

    BasicBlock(int in, int out, int stride, int dilation, boolean project) {
      this.conv1 =
          child("conv1", Conv.of(in, out, 3).stride(stride).dilation(dilation).noBias().build());
      this.conv2 = child("conv2", Conv.of(out, out, 3).dilation(dilation).noBias().build());
      this.downsample =
          project
              ? child("downsample", Conv.of(in, out, 1).stride(stride).padding(0).noBias().build())
              : null;
    }

    NDArray apply(NDArray x) {
      NDArray y = conv2.apply(Ops.relu(conv1.apply(x)));
      NDArray skip = downsample == null ? x : downsample.apply(x);
      return Ops.relu(y.add(skip));
    }

    @Override
    protected NDList run(NDList inputs) {
      return new NDList(apply(inputs.singletonOrThrow()));
    }
  }

  /** Atrous spatial pyramid pooling without BatchNorm or dropout. */
  public static final class Aspp extends Module {
    private final Conv branch1x1;
    private final ModuleList<Conv> atrous;
    private final Conv pooling;
    private final Conv project;

    Aspp(int in, int out, List<Integer> rates) {
      this.branch1x1 = child("branch1x1", Conv.of(in, out, 1).padding(0).noBias().build());
      this.atrous = child("atrous", new ModuleList<>());
      for (int rate : rates) {
        atrous.add(Conv.of(in, out, 3).dilation(rate).noBias().build());
      }
      this.pooling = child("pooling", Conv.of(in, out, 1).padding(0).noBias().build());
      this.project =
          child("project", Conv.of(out * (2 + rates.size()), out, 1).padding(0).noBias().build());
    }

    NDArray apply(NDArray x) {
      NDList branches = new NDList();
      branches.add(Ops.relu(branch1x1.apply(x)));
      for (Conv conv : atrous.items()) {
        branches.add(Ops.relu(conv.apply(x)));
      }
      Shape s = x.getShape();
      // Bilinear upsampling of a 1×1 map is a broadcast.
      NDArray pooled =
          Ops.relu(pooling.apply(x.mean(new int[] {3}, true).mean(new int[] {2}, true)));
      branches.add(pooled.broadcast(s.get(0), pooled.getShape().get(1), s.get(2), s.get(3)));
      return Ops.relu(project.apply(ai.djl.ndarray.NDArrays.concat(branches, 1)));
    }

    @Override
    protected NDList run(NDList inputs) {
      return new NDList(apply(inputs.singletonOrThrow()));
    }
  }
}
