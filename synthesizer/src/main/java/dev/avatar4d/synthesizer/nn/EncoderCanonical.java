package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.avatar4d.synthesizer.ModelPreset;

/**
 * The canonicalisation-and-reenactment encoder. F_g is patch-embedded into tokens; the first half
 * of the cross-attention blocks attends to tokens made from the source motion (removing the source
 * expression), the second half to tokens from the driving motion (imposing the new one). A
 * pixel-shuffle and convolutional tail returns F_c {@code (B, detail, S/2, S/2)}.
 */
public final class EncoderCanonical extends Module {

  private final ModuleList<Dense> mapsSource;
  private final Dense tokensSource;
  private final ModuleList<Dense> mapsDriving;
  private final Dense tokensDriving;
  private final PatchEmbed patchEmbed;
  private final ModuleList<BlockCross> blocksSource;
  private final ModuleList<BlockCross> blocksDriving;
  private final ModuleList<Conv> tail;
  private final int motionTokens;
  private final int dim;

  /** Builds the encoder for {@code preset}. */
  public EncoderCanonical(ModelPreset preset) {
    this.dim = preset.canonical().dim();
    this.motionTokens = preset.canonical().motionTokens();
    int motion = preset.motion().codeDim();
    int hidden = preset.canonical().motionHidden();
    this.mapsSource = child("maps_source", mapping(motion, hidden));
    this.tokensSource = child("tokens_source", new Dense(hidden, motionTokens * dim));
    this.mapsDriving = child("maps_driving", mapping(motion, hidden));
    this.tokensDriving = child("tokens_driving", new Dense(hidden, motionTokens * dim));
    this.patchEmbed = child("patch_embed", new PatchEmbed(preset.global().asppChannels(), dim));
    int half = preset.canonical().blocks() / 2;
    this.blocksSource = child("blocks_source", blocks(half, preset));
    this.blocksDriving = child("blocks_driving", blocks(half, preset));
    this.tail = child("tail", new ModuleList<>());
    int tailWidth = preset.canonical().tailChannels();
    tail.add(Conv.of(dim / 4, tailWidth, 3).build());
    tail.add(Conv.of(tailWidth, tailWidth, 3).build());
    tail.add(Conv.of(tailWidth, preset.detail().channels(), 3).build());
  }

  private static ModuleList<Dense> mapping(int in, int hidden) {
    ModuleList<Dense> maps = new ModuleList<>();
    maps.add(new Dense(in, hidden));
    maps.add(new Dense(hidden, hidden));
    return maps;
  }

  private static ModuleList<BlockCross> blocks(int n, ModelPreset p) {
    ModuleList<BlockCross> list = new ModuleList<>();
    for (int i = 0; i < n; i++) {
      list.add(new BlockCross(p.canonical().dim(), p.canonical().heads(), p.mlpRatio()));
    }
    return list;
  }

  /**
   * @param globalFeatures F_g {@code (B, aspp, h, w)}
   * @param drivingMotion v_d {@code (B, motionDim)}
   * @param sourceMotion v_s {@code (B, motionDim)}
   * @param motionScale 1 for Ψ, 0 for the static Ψ3d
   * @return F_c {@code (B, detail, 4h, 4w)}
   */
  public NDArray apply(
      NDArray globalFeatures, NDArray drivingMotion, NDArray sourceMotion, float motionScale) {
    long b = globalFeatures.getShape().get(0);
    NDArray ySource = project(mapsSource, tokensSource, sourceMotion, b);
    NDArray yDriving = project(mapsDriving, tokensDriving, drivingMotion, b);
    NDArray x = patchEmbed.apply(globalFeatures);
    long h = globalFeatures.getShape().get(2) / 2;
    long w = globalFeatures.getShape().get(3) / 2;
    for (BlockCross block : blocksSource.items()) {
      x = block.apply(x, ySource, h, w, motionScale);
    }
    for (BlockCross block : blocksDriving.items()) {
      x = block.apply(x, yDriving, h, w, motionScale);
    }
    NDArray map = Ops.pixelShuffle(Ops.tokensToMap(x, h, w), 2);
    map = Resample.bilinear(map, (int) (4 * h), (int) (4 * w), true);
    map = Ops.relu(tail.items().get(0).apply(map));
    map = Resample.bilinear(map, (int) (8 * h), (int) (8 * w), true);
    map = Ops.relu(tail.items().get(1).apply(map));
    return tail.items().get(2).apply(map);
  }

  private NDArray project(ModuleList<Dense> maps, Dense tokens, NDArray motion, long b) {
    NDArray y = motion;
    for (Dense layer : maps.items()) {
      y = Ops.leakyRelu(layer.apply(y), 0.01f);
    }
    return tokens.apply(y).reshape(b, motionTokens, dim);
  }

  /** Inputs: F_g, v_d, v_s; motion scale 1. */
  @Override
  protected NDList run(NDList inputs) {
    return new NDList(apply(inputs.get(0), inputs.get(1), inputs.get(2), 1f));
  }
}
