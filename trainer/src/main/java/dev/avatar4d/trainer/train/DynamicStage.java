package dev.avatar4d.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import dev.avatar4d.trainer.heads.CameraSampler;
import dev.avatar4d.trainer.heads.Expression;
import dev.avatar4d.trainer.optim.Adam;
import dev.avatar4d.trainer.optim.Autograd;
import dev.avatar4d.trainer.optim.TrainingRender;
import dev.avatar4d.trainer.optim.TrainingRender.Encoded;
import dev.avatar4d.trainer.optim.TrainingRender.RawRender;
import dev.avatar4d.trainer.optim.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stage 2: the 4D synthesizer Ψ (motion scale 1), started from Ψ3d, learns from monocular clips.
 * Each step takes a source and a driving frame of one clip and supervises Ψ's raw render against
 * the driving frame (self-reenactment: photometric, foreground, mask and background-region losses).
 * The head is rendered in its own frame: the driving frame's head pose turns the clip's camera the
 * other way (the paper's pose as camera, {@code use_neck=False}), so the motion path has only the
 * expression to carry. With cross-view on (Portrait4D-v2) every {@code crossViewEvery}-th step also
 * renders Ψ from a random camera and matches the frozen Ψ3d's render of the driving frame from that
 * camera, on Ψ3d's opacity: the pseudo multi-view loss, weighted by the interval as lazy
 * regularisation is. Without it the same loop is the baseline.
 *
 * <p>Motion augmentation: with probability {@code motionAugmentation} the motion encoder sees Ψ3d's
 * super-resolved render of the driving frame from a random camera instead of the frame, so the
 * motion code cannot carry the head's pose (off by default: see {@link TrainingPlan}).
 */
final class DynamicStage implements StageRunner.Step {

  private final String name;
  private final boolean crossView;
  private final TrainingPlan plan;
  private final Portrait4DNetwork network;
  private final TrainingRender forward;
  private final Portrait4DNetwork teacher;
  private final TrainingRender teacherForward;
  private final ClipBank clips;
  private final Adam adam;
  private final NDManager manager;
  private final int inputSize;
  private final int renderResolution;

  /**
   * @param teacher the frozen Ψ3d (its parameters must not require gradients)
   * @param crossView whether to add the cross-view loss (false: the baseline)
   */
  DynamicStage(
      String name,
      boolean crossView,
      TrainingPlan plan,
      Portrait4DNetwork network,
      TrainingRender forward,
      Portrait4DNetwork teacher,
      TrainingRender teacherForward,
      ClipBank clips,
      Adam adam,
      NDManager manager) {
    this.name = name;
    this.crossView = crossView;
    this.plan = plan;
    this.network = network;
    this.forward = forward;
    this.teacher = teacher;
    this.teacherForward = teacherForward;
    this.clips = clips;
    this.adam = adam;
    this.manager = manager;
    this.inputSize = network.preset().inputSize();
    this.renderResolution = forward.settings().resolution();
  }

  @Override
  public List<LossLog.Entry> run(long step) {
    SplittableRandom rng = StepRandom.of(plan.seed(), name, step);
    ClipBank.Clip clip = clips.get(rng.nextInt(clips.size()));
    ClipBank.Frame source = clip.frames().get(rng.nextInt(clip.frames().size()));
    ClipBank.Frame driving = clip.frames().get(rng.nextInt(clip.frames().size()));
    Camera randomView = CameraSampler.paper().sample(rng);
    boolean augment = rng.nextDouble() < plan.motionAugmentation();
    boolean cross = crossView && step % plan.crossViewEvery() == 0;
    boolean superResolve = step % plan.superResolutionEvery() == 0;
    int res = renderResolution;
    List<LossLog.Entry> terms = new ArrayList<>();
    float total =
        TrainingStep.run(
            adam,
            manager,
            scope -> {
              NDArray sourceImage =
                  Planes.signedBatch(scope, List.of(source.imagePlanes()), 3, inputSize);
              NDArray drivingImage =
                  Planes.signedBatch(scope, List.of(driving.imagePlanes()), 3, inputSize);
              NDArray motionInput = drivingImage;
              RawRender pseudo = null;
              if (augment || cross) {
                try (Autograd.NoGrad ignored = Autograd.noGrad()) {
                  pseudo =
                      teacherForward.render(
                          teacherForward.encode(drivingImage, null, 0f), List.of(randomView));
                  if (augment) {
                    motionInput = teacher.superResolve(pseudo.featureImage()).clip(-1f, 1f);
                  }
                }
              }
              Encoded encoded = forward.encode(sourceImage, motionInput, 1f);
              Camera own = clip.headFrameCamera(driving);
              RawRender render =
                  cross
                      ? forward.render(encoded, List.of(own, randomView))
                      : forward.render(encoded, List.of(own));
              NDIndex first = new NDIndex("0:1");
              NDArray truth = Planes.signedBatch(scope, List.of(driving.rgb()), 3, res);
              NDArray coverage = Planes.batch(scope, List.of(driving.mask()), 1, res);
              NDArray photometric = Losses.photometric(render.rgb().get(first), truth);
              NDArray foreground =
                  Losses.foreground(
                      render.rgb().get(first),
                      render.opacity().get(first),
                      encoded.background(),
                      truth,
                      coverage);
              NDArray mask = Losses.mask(render.opacity().get(first), coverage);
              NDArray background = Losses.background(encoded.background(), truth, coverage);
              NDArray loss = photometric.add(foreground).add(mask).add(background);
              if (plan.motionLabelWeight() > 0f) {
                NDArray labels =
                    Planes.batch(scope, List.of(driving.expression()), Expression.SIZE, 1);
                NDArray motionLabels = Losses.motionLabels(encoded.drivingMotion(), labels);
                terms.add(new LossLog.Entry(step, "motion_labels", motionLabels.getFloat()));
                loss = loss.add(motionLabels.mul(plan.motionLabelWeight()));
              }
              terms.add(new LossLog.Entry(step, "photometric", photometric.getFloat()));
              terms.add(new LossLog.Entry(step, "foreground", foreground.getFloat()));
              terms.add(new LossLog.Entry(step, "mask", mask.getFloat()));
              terms.add(new LossLog.Entry(step, "background", background.getFloat()));
              if (superResolve) {
                NDArray sr =
                    Losses.photometric(
                        network.superResolve(render.featureImage().get(first)), drivingImage);
                terms.add(new LossLog.Entry(step, "super_resolution", sr.getFloat()));
                loss = loss.add(sr);
              }
              if (cross) {
                NDIndex second = new NDIndex("1:2");
                NDArray weight = pseudo.opacity();
                NDArray crossPhotometric =
                    Losses.photometric(
                        render.rgb().get(second).mul(weight), pseudo.rgb().mul(weight));
                NDArray crossMask = Losses.mask(render.opacity().get(second), weight);
                NDArray crossLoss = crossPhotometric.add(crossMask);
                terms.add(new LossLog.Entry(step, "cross_view", crossLoss.getFloat()));
                loss = loss.add(crossLoss.mul((float) plan.crossViewEvery()));
              }
              return loss;
            });
    terms.add(0, new LossLog.Entry(step, "total", total));
    return terms;
  }
}
