package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.avatar4d.synthesizer.ModelPreset;

/**
 * The triplane decoder: convolutions on cat(F_c, F_d), a spatial-reduction transformer at half
 * resolution, pixel shuffle back, concatenation with F_c and convolutions to 3 × C plane channels.
 * Returns planes {@code (B, 3, C, S/2, S/2)}.
 */
public final class DecoderTriplane extends Module {

  private final ModuleList<Conv> convs1;
  private final PatchEmbed patchEmbed;
  private final ModuleList<TransformerBlock> blocks;
  private final ModuleList<Conv> convs2;
  private final Conv convLast;
  private final int planeChannels;

  /** Builds the decoder for {@code preset}. */
  public DecoderTriplane(ModelPreset preset) {
    this.planeChannels = preset.triplane().planeChannels();
    int detail = preset.detail().channels();
    this.convs1 = child("convs1", new ModuleList<>());
    int in = 2 * detail;
    for (int out : preset.triplane().convs1()) {
      convs1.add(Conv.of(in, out, 3).build());
      in = out;
    }
    int dim = preset.triplane().dim();
    this.patchEmbed = child("patch_embed", new PatchEmbed(in, dim));
    this.blocks = child("blocks", new ModuleList<>());
    for (int i = 0; i < preset.triplane().blocks(); i++) {
      blocks.add(
          new TransformerBlock(
              dim, preset.triplane().heads(), preset.mlpRatio(), preset.triplane().reduction()));
    }
    this.convs2 = child("convs2", new ModuleList<>());
    in = dim / 4 + detail;
    for (int out : preset.triplane().convs2()) {
      convs2.add(Conv.of(in, out, 3).build());
      in = out;
    }
    this.convLast =
        child(
            "conv_last",
            Conv.of(in, preset.triplane().stackedChannels(), 3).init(Init.normal(0.15)).build());
  }

  /**
   * @param canonical F_c {@code (B, detail, H, W)}
   * @param detail F_d {@code (B, detail, H, W)}
   */
  public NDArray apply(NDArray canonical, NDArray detail) {
    NDArray x = Ops.catChannels(canonical, detail);
    for (Conv conv : convs1.items()) {
      x = Ops.leakyRelu(conv.apply(x), 0.01f);
    }
    long h = x.getShape().get(2) / 2;
    long w = x.getShape().get(3) / 2;
    NDArray tokens = patchEmbed.apply(x);
    for (TransformerBlock block : blocks.items()) {
      tokens = block.apply(tokens, h, w);
    }
    x = Ops.catChannels(Ops.pixelShuffle(Ops.tokensToMap(tokens, h, w), 2), canonical);
    for (Conv conv : convs2.items()) {
      x = Ops.leakyRelu(conv.apply(x), 0.01f);
    }
    NDArray planes = convLast.apply(x);
    long b = planes.getShape().get(0);
    return planes.reshape(b, 3, planeChannels, planes.getShape().get(2), planes.getShape().get(3));
  }

  /** Inputs: F_c, F_d. */
  @Override
  protected NDList run(NDList inputs) {
    return new NDList(apply(inputs.get(0), inputs.get(1)));
  }
}
