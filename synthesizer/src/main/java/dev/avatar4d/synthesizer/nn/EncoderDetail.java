package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.avatar4d.synthesizer.ModelPreset;

/**
 * The detail appearance encoder E_d: a 7×7 stride-2 convolution and a few 3×3 convolutions with
 * leaky ReLU on the image plus coordinates. Produces F_d {@code (B, detail, S/2, S/2)}.
 */
public final class EncoderDetail extends Module {

  private final ModuleList<Conv> convs;

  /** Builds the encoder for {@code preset}. */
  public EncoderDetail(ModelPreset preset) {
    this.convs = child("convs", new ModuleList<>());
    convs.add(Conv.of(5, preset.detail().stemChannels(), 7).stride(2).padding(3).build());
    convs.add(Conv.of(preset.detail().stemChannels(), preset.detail().channels(), 3).build());
    for (int i = 0; i < preset.detail().layers(); i++) {
      convs.add(Conv.of(preset.detail().channels(), preset.detail().channels(), 3).build());
    }
  }

  /** Encodes an image {@code (B, 3, S, S)} in [-1, 1]. */
  public NDArray apply(NDArray image) {
    NDArray x = Ops.addCoord(image);
    for (Conv conv : convs.items()) {
      x = Ops.leakyRelu(conv.apply(x), 0.01f);
    }
    return x;
  }

  @Override
  protected NDList run(NDList inputs) {
    return new NDList(apply(inputs.singletonOrThrow()));
  }
}
