package dev.avatar4d.trainer.train;

import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.trainer.eval.AttributeRegressor;
import dev.avatar4d.trainer.heads.Expression;
import dev.avatar4d.trainer.heads.HeadPose;
import dev.avatar4d.trainer.heads.HeadRender;
import dev.avatar4d.trainer.heads.HeadShape;
import dev.avatar4d.trainer.heads.SyntheticHeads;
import dev.avatar4d.trainer.heads.SyntheticHeads.MonocularClip;
import dev.avatar4d.trainer.heads.SyntheticHeads.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Stage 2's data, rendered once before training: "monocular videos", each one identity seen by one
 * fixed camera while its expression and head pose change. Like real video, a clip has no second
 * view; the only multi-view signal stage 2 gets is the one Ψ3d makes up.
 */
final class ClipBank {

  /** Identities of stage 2 start here, so no stage-1 identity appears in a clip. */
  static final int FIRST_IDENTITY = 100_000;

  /**
   * One frame: the input-size image, its render-resolution ground truth, the head pose it was
   * filmed in (stage 2 renders the head in its own frame, so the pose becomes the camera) and its
   * expression values (the motion code's label).
   */
  record Frame(byte[] image, float[] rgb, float[] mask, HeadPose pose, float[] expression) {
    float[] imagePlanes() {
      return Planes.expand(image);
    }
  }

  /** One clip: its camera and frames. */
  record Clip(Camera camera, List<Frame> frames) {

    /** The camera that sees the unposed head as this clip's camera sees {@code frame}. */
    Camera headFrameCamera(Frame frame) {
      return HeadShape.unposedView(frame.pose(), camera);
    }
  }

  private final List<Clip> clips;

  private ClipBank(List<Clip> clips) {
    this.clips = List.copyOf(clips);
  }

  /**
   * Renders {@code count} clips of {@code frames} frames.
   *
   * @param done called with the number of clips rendered so far
   */
  static ClipBank render(
      SyntheticHeads heads,
      int count,
      int frames,
      int inputSize,
      int renderResolution,
      IntConsumer done) {
    int factor = inputSize / renderResolution;
    List<Clip> clips = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      MonocularClip clip =
          heads.monocularClip(Split.TRAIN, FIRST_IDENTITY + i, 0, frames, inputSize);
      List<Frame> list = new ArrayList<>();
      for (int f = 0; f < frames; f++) {
        HeadRender r = clip.renders().get(f);
        list.add(
            new Frame(
                Planes.quantise(r.rgb()),
                Planes.downsample(r.rgb(), 3, inputSize, factor),
                Planes.downsample(r.mask(), 1, inputSize, factor),
                clip.poses().get(f),
                expressionLabels(clip, f)));
      }
      clips.add(new Clip(clip.camera(), list));
      done.accept(i + 1);
    }
    return new ClipBank(clips);
  }

  /** Frame {@code f}'s expression values, as the attribute regressor's labels begin. */
  private static float[] expressionLabels(MonocularClip clip, int f) {
    return expressionLabels(clip.expressions().get(f), clip.poses().get(f));
  }

  /** The motion code's labels of a head in this expression and pose. */
  static float[] expressionLabels(Expression expression, HeadPose pose) {
    float[] labels = AttributeRegressor.labels(expression, pose);
    return Arrays.copyOfRange(
        labels, AttributeRegressor.EXPRESSION_START, AttributeRegressor.POSE_START);
  }

  Clip get(int index) {
    return clips.get(index);
  }

  int size() {
    return clips.size();
  }
}
