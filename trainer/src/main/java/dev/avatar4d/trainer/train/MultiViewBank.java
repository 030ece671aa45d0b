package dev.avatar4d.trainer.train;

import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.trainer.heads.HeadPose;
import dev.avatar4d.trainer.heads.HeadRender;
import dev.avatar4d.trainer.heads.SyntheticHeads;
import dev.avatar4d.trainer.heads.SyntheticHeads.MultiViewSet;
import dev.avatar4d.trainer.heads.SyntheticHeads.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Stage 1's data, rendered once before training: per training identity one expression seen from
 * several cameras. The source view is kept at the network's input size (for the encoders and the
 * super-resolution target); every view, the source's included, is kept at the render resolution
 * with its mask and depth.
 */
final class MultiViewBank {

  /** One view at render resolution: the camera and its ground truth. */
  record View(Camera camera, HeadRender truth) {}

  /** One identity and expression: the source image and its views (view 0 is the source's). */
  record Sample(byte[] source, List<View> views) {
    float[] sourcePlanes() {
      return Planes.expand(source);
    }
  }

  private final List<Sample> samples;
  private final int inputSize;
  private final int renderResolution;

  private MultiViewBank(List<Sample> samples, int inputSize, int renderResolution) {
    this.samples = List.copyOf(samples);
    this.inputSize = inputSize;
    this.renderResolution = renderResolution;
  }

  /**
   * Renders {@code sets} samples of training identities 0..sets-1.
   *
   * @param done called with the number of samples rendered so far
   */
  static MultiViewBank render(
      SyntheticHeads heads,
      int sets,
      int views,
      int inputSize,
      int renderResolution,
      IntConsumer done) {
    return render(heads, Split.TRAIN, sets, views, inputSize, renderResolution, done);
  }

  /** Renders {@code sets} samples of identities 0..sets-1 of {@code split}. */
  static MultiViewBank render(
      SyntheticHeads heads,
      Split split,
      int sets,
      int views,
      int inputSize,
      int renderResolution,
      IntConsumer done) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < sets; i++) {
      MultiViewSet set = heads.multiView(split, i, 0, views, renderResolution);
      HeadRender source =
          heads.render(
              set.identity(), set.expression(), HeadPose.FRONT, set.cameras().get(0), inputSize);
      List<View> list = new ArrayList<>();
      for (int v = 0; v < views; v++) {
        list.add(new View(set.cameras().get(v), set.renders().get(v)));
      }
      samples.add(new Sample(Planes.quantise(source.rgb()), list));
      done.accept(i + 1);
    }
    return new MultiViewBank(samples, inputSize, renderResolution);
  }

  /** The same samples with only their first {@code views} views (the source's first). */
  MultiViewBank firstViews(int views) {
    List<Sample> trimmed = new ArrayList<>();
    for (Sample s : samples) {
      trimmed.add(new Sample(s.source(), s.views().subList(0, views)));
    }
    return new MultiViewBank(trimmed, inputSize, renderResolution);
  }

  Sample get(int index) {
    return samples.get(index);
  }

  int size() {
    return samples.size();
  }

  int inputSize() {
    return inputSize;
  }

  int renderResolution() {
    return renderResolution;
  }
}
