package dev.avatar4d.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.camera.Cameras;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import dev.avatar4d.trainer.heads.Expression;
import dev.avatar4d.trainer.heads.HeadIdentity;
import dev.avatar4d.trainer.heads.HeadPose;
import dev.avatar4d.trainer.heads.HeadRender;
import dev.avatar4d.trainer.heads.SyntheticHeads;
import dev.avatar4d.trainer.optim.Adam;
import dev.avatar4d.trainer.optim.TrainableParameters;
import dev.avatar4d.trainer.optim.TrainingRender;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Can the lite motion encoder read the expression at all? It is trained alone, supervised by the
 * generator's expression values (the first five entries of its code), on clip frames of training
 * identities, and scored on frames of identities it never saw, against the constant guess (the
 * training labels' per-control median, the best constant under L1).
 *
 * <p>It runs {@link MotionStage}, the training's stage 1b, from an untrained encoder. Opt-in
 * (minutes of CPU): {@code mvn -pl trainer test -Dtest=MotionEncoderProbe -Dprobe.steps=N
 * -Dprobe.lr=X -Dprobe.batch=B}; {@code -Dprobe.frontal=true} replaces the clips by front views of
 * the same identities with random expressions and no head turn; {@code -Dprobe.zeroHead=true}
 * zeroes the encoder's output layers first. It prints held-out L1 every so often and asserts only
 * that training beat the first evaluation.
 */
class MotionEncoderProbe {

  private static final int TRAIN_CLIPS = Integer.getInteger("probe.clips", 48);
  private static final int HELD_OUT_CLIPS = 8;
  private static final int FRAMES = 8;

  @Test
  void theMotionEncoderAloneLearnsToReadTheExpression() {
    int steps = Integer.getInteger("probe.steps", 300);
    int batch = Integer.getInteger("probe.batch", 8);
    float lr = Float.parseFloat(System.getProperty("probe.lr", "1e-3"));
    ModelPreset lite = ModelPreset.lite();
    int inputSize = lite.inputSize();
    int res = TrainingRender.presetSettings(lite).resolution();
    SyntheticHeads heads = new SyntheticHeads(7, lite.render().boxWarp());
    long began = System.nanoTime();
    List<ClipBank.Frame> train = new ArrayList<>();
    List<ClipBank.Frame> heldOut = new ArrayList<>();
    boolean frontal = Boolean.getBoolean("probe.frontal");
    if (frontal) {
      // The same identities, each frame a random expression facing the front camera: no head
      // turn moves the eyes and mouth away from the encoder's fixed crop points.
      SplittableRandom rng = new SplittableRandom(11);
      for (int c = 0; c < TRAIN_CLIPS + HELD_OUT_CLIPS; c++) {
        HeadIdentity who = heads.identity(SyntheticHeads.Split.TRAIN, ClipBank.FIRST_IDENTITY + c);
        for (int f = 0; f < FRAMES; f++) {
          Expression ex = Expression.sample(rng);
          HeadRender r = heads.render(who, ex, HeadPose.FRONT, Cameras.front(), inputSize);
          int factor = inputSize / res;
          (c < TRAIN_CLIPS ? train : heldOut)
              .add(
                  new ClipBank.Frame(
                      Planes.quantise(r.rgb()),
                      Planes.downsample(r.rgb(), 3, inputSize, factor),
                      Planes.downsample(r.mask(), 1, inputSize, factor),
                      HeadPose.FRONT,
                      ClipBank.expressionLabels(ex, HeadPose.FRONT)));
        }
      }
    } else {
      ClipBank bank =
          ClipBank.render(heads, TRAIN_CLIPS + HELD_OUT_CLIPS, FRAMES, inputSize, res, n -> {});
      for (int c = 0; c < bank.size(); c++) {
        (c < TRAIN_CLIPS ? train : heldOut).addAll(bank.get(c).frames());
      }
    }
    System.out.printf(
        Locale.ROOT,
        "[probe] %d train / %d held-out frames rendered in %.0f s%n",
        train.size(),
        heldOut.size(),
        (System.nanoTime() - began) / 1e9);
    float[] median = median(train);
    System.out.printf(
        Locale.ROOT,
        "[probe] constant guess (train median): held-out L1 %.4f, train L1 %.4f%n",
        l1(heldOut, median),
        l1(train, median));
    TrainingPlan plan = TrainingPlan.defaults();
    try (NDManager manager = NDManager.newBaseManager()) {
      Portrait4DNetwork network = new Portrait4DNetwork(lite);
      network.initialize(manager, 7);
      if (Boolean.getBoolean("probe.zeroHead")) {
        MotionStage.startAtZero(network);
      }
      TrainableParameters params =
          TrainableParameters.of(
              network, name -> name.startsWith(Portrait4DNetwork.MOTION_ENCODER + "."));
      try (Adam adam =
          Adam.builder(manager)
              .learningRate(lr)
              .group(new Adam.Group("motion_encoder", params.arrays(), 1f))
              .build()) {
        MotionStage stage =
            new MotionStage(
                plan.withMotionPretraining(steps, batch, lr), network, train, adam, manager);
        float first = MotionStage.heldOutLabelError(network, manager, heldOut);
        System.out.printf(Locale.ROOT, "[probe] step 0 held-out L1 %.4f%n", first);
        float last = first;
        double trainSum = 0;
        long stepBegan = System.nanoTime();
        for (int step = 1; step <= steps; step++) {
          trainSum += stage.run(step).get(0).value();
          if (step % 50 == 0 || step == steps) {
            last = MotionStage.heldOutLabelError(network, manager, heldOut);
            System.out.printf(
                Locale.ROOT,
                "[probe] step %d train L1 %.4f held-out L1 %.4f (%.2f s/step)%n",
                step,
                trainSum / (step % 50 == 0 ? 50 : step % 50),
                last,
                (System.nanoTime() - stepBegan) / 1e9 / step);
            trainSum = 0;
          }
        }
        assertThat(last).isLessThan(first);
      }
    }
  }

  private static float[] median(List<ClipBank.Frame> frames) {
    float[] m = new float[Expression.SIZE];
    for (int k = 0; k < Expression.SIZE; k++) {
      float[] v = new float[frames.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = frames.get(i).expression()[k];
      }
      java.util.Arrays.sort(v);
      m[k] = v[v.length / 2];
    }
    return m;
  }

  private static double l1(List<ClipBank.Frame> frames, float[] guess) {
    double s = 0;
    for (ClipBank.Frame f : frames) {
      for (int k = 0; k < Expression.SIZE; k++) {
        s += Math.abs(f.expression()[k] - guess[k]);
      }
    }
    return s / (frames.size() * Expression.SIZE);
  }
}
