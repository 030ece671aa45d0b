package dev.avatar4d.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.avatar4d.synthesizer.nn.BatchNorm;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import dev.avatar4d.trainer.heads.Expression;
import dev.avatar4d.trainer.optim.Adam;
import dev.avatar4d.trainer.optim.Autograd;
import dev.avatar4d.trainer.optim.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stage 1b: the motion encoder alone learns to read the expression, supervised by the generator's
 * values (jaw, smile, blinks, brows) on the first five entries of its code, from batches of stage
 * 2's clip frames. The paper's motion encoder is PD-FGC, pretrained and frozen; ours has no
 * pretrained weights, and trained jointly inside stage 2 it never learned (its label error stayed
 * at the constant guess's). Its BatchNorms use batch statistics here (and update the running ones
 * that inference uses): a FAN hourglass without normalisation did not learn in the probe. Its
 * output layers start at zero ({@link #startAtZero}).
 */
final class MotionStage implements StageRunner.Step {

  /** Stage name: checkpoints, loss log and random streams. */
  static final String NAME = "stage1b-motion";

  private final TrainingPlan plan;
  private final Portrait4DNetwork network;
  private final List<ClipBank.Frame> frames;
  private final Adam adam;
  private final NDManager manager;

  MotionStage(
      TrainingPlan plan,
      Portrait4DNetwork network,
      List<ClipBank.Frame> frames,
      Adam adam,
      NDManager manager) {
    this.plan = plan;
    this.network = network;
    this.frames = List.copyOf(frames);
    this.adam = adam;
    this.manager = manager;
  }

  /**
   * Zeroes the motion encoder's output layers (the eye and emotion heads' {@code embed}), so that
   * training starts from codes of 0 instead of the tens an untrained encoder gives: measured in
   * {@code MotionEncoderProbe}, the encoder then starts at the constant guess and learns, where
   * from its initial weights it did not reach the constant guess in 300 steps.
   */
  static void startAtZero(Portrait4DNetwork network) {
    network
        .namedParameters()
        .forEach(
            (name, p) -> {
              if (name.startsWith(Portrait4DNetwork.MOTION_ENCODER + ".")
                  && name.contains(".embed.")) {
                NDArray array = p.getArray();
                array.set(new float[(int) array.size()]);
              }
            });
  }

  /** Every frame of every clip. */
  static List<ClipBank.Frame> framesOf(ClipBank clips) {
    List<ClipBank.Frame> all = new ArrayList<>();
    for (int c = 0; c < clips.size(); c++) {
      all.addAll(clips.get(c).frames());
    }
    return all;
  }

  @Override
  public List<LossLog.Entry> run(long step) {
    SplittableRandom rng = StepRandom.of(plan.seed(), NAME, step);
    List<ClipBank.Frame> batch = new ArrayList<>();
    for (int i = 0; i < plan.motionPretrainBatch(); i++) {
      batch.add(frames.get(rng.nextInt(frames.size())));
    }
    BatchNorm.useBatchStatistics(network, true);
    try {
      float loss = TrainingStep.run(adam, manager, scope -> labelError(network, scope, batch));
      return List.of(new LossLog.Entry(step, "total", loss));
    } finally {
      BatchNorm.useBatchStatistics(network, false);
    }
  }

  /**
   * Mean L1 between the first five entries of the motion codes of {@code frames} and their
   * expression values, a scalar in {@code scope}.
   */
  static NDArray labelError(
      Portrait4DNetwork network, NDManager scope, List<ClipBank.Frame> frames) {
    int inputSize = network.preset().inputSize();
    List<float[]> images = new ArrayList<>();
    List<float[]> labels = new ArrayList<>();
    for (ClipBank.Frame f : frames) {
      images.add(f.imagePlanes());
      labels.add(f.expression());
    }
    NDArray image = Planes.signedBatch(scope, images, 3, inputSize);
    NDArray code = network.encodeMotion(image, null);
    return Losses.motionLabels(code, Planes.batch(scope, labels, Expression.SIZE, 1));
  }

  /** {@link #labelError} over {@code frames} in chunks, without gradients (running statistics). */
  static float heldOutLabelError(
      Portrait4DNetwork network, NDManager manager, List<ClipBank.Frame> frames) {
    double sum = 0;
    try (Autograd.NoGrad ignored = Autograd.noGrad()) {
      for (int i = 0; i < frames.size(); i += 16) {
        List<ClipBank.Frame> chunk = frames.subList(i, Math.min(frames.size(), i + 16));
        try (NDManager scope = manager.newSubManager()) {
          sum += labelError(network, scope, chunk).getFloat() * chunk.size();
        }
      }
    }
    return (float) (sum / frames.size());
  }
}
