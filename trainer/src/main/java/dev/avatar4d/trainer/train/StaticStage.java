package dev.avatar4d.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import dev.avatar4d.trainer.optim.Adam;
import dev.avatar4d.trainer.optim.TrainingRender;
import dev.avatar4d.trainer.optim.TrainingRender.RawRender;
import dev.avatar4d.trainer.optim.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stage 1: the static synthesizer Ψ3d (motion scale 0) learns to reconstruct a head from one view
 * and render it from others. Each step takes one multi-view sample, encodes its source image once
 * and renders {@link TrainingPlan#stage1Targets()} of its target cameras from those planes,
 * supervised with the photometric, foreground, mask, depth and background-region losses. Every
 * {@code superResolutionEvery}-th step the first rendered view is the source's own camera, and the
 * super-resolution is also trained against the full-size source image.
 *
 * <p>The source's own view is rendered only on those steps: there the background branch (which sees
 * the source) could paint the head, the 2D shortcut a 3D model must not learn.
 */
final class StaticStage implements StageRunner.Step {

  static final String NAME = "stage1-psi3d";

  /**
   * Weight of the opacity-vs-mask term in stage 1, above the paper's 0.3: the volume must become
   * opaque inside the head and empty outside before colour detail is worth learning.
   */
  static final float MASK_WEIGHT = 1.0f;

  private final TrainingPlan plan;
  private final Portrait4DNetwork network;
  private final TrainingRender forward;
  private final MultiViewBank bank;
  private final Adam adam;
  private final NDManager manager;

  StaticStage(
      TrainingPlan plan,
      Portrait4DNetwork network,
      TrainingRender forward,
      MultiViewBank bank,
      Adam adam,
      NDManager manager) {
    this.plan = plan;
    this.network = network;
    this.forward = forward;
    this.bank = bank;
    this.adam = adam;
    this.manager = manager;
  }

  @Override
  public List<LossLog.Entry> run(long step) {
    SplittableRandom rng = StepRandom.of(plan.seed(), NAME, step);
    MultiViewBank.Sample sample = bank.get(rng.nextInt(bank.size()));
    boolean superResolve = step % plan.superResolutionEvery() == 0;
    List<MultiViewBank.View> views =
        pickViews(sample.views(), plan.stage1Targets(), superResolve, rng);
    List<Camera> cameras = views.stream().map(MultiViewBank.View::camera).toList();
    int size = bank.inputSize();
    int res = bank.renderResolution();
    List<LossLog.Entry> terms = new ArrayList<>();
    adam.setLearningRate(plan.stage1LearningRate(step));
    float total =
        TrainingStep.run(
            adam,
            manager,
            scope -> {
              NDArray source = Planes.signedBatch(scope, List.of(sample.sourcePlanes()), 3, size);
              TrainingRender.Encoded encoded = forward.encode(source, null, 0f);
              TrainingRender.Encoded repeated = encoded.repeat(views.size());
              RawRender render = forward.render(repeated, cameras);
              NDArray coverage =
                  Planes.batch(scope, views.stream().map(v -> v.truth().mask()).toList(), 1, res);
              NDArray truth =
                  Planes.signedBatch(
                      scope, views.stream().map(v -> v.truth().rgb()).toList(), 3, res);
              NDArray depthTruth =
                  Planes.batch(scope, views.stream().map(v -> v.truth().depth()).toList(), 1, res);
              NDArray photometric = Losses.photometric(render.rgb(), truth);
              NDArray foreground =
                  Losses.foreground(
                      render.rgb(), render.opacity(), repeated.background(), truth, coverage);
              NDArray mask = Losses.mask(render.opacity(), coverage, MASK_WEIGHT);
              NDArray depth = Losses.depth(render.depth(), depthTruth, coverage);
              NDArray background = Losses.background(repeated.background(), truth, coverage);
              NDArray loss = photometric.add(foreground).add(mask).add(depth).add(background);
              terms.add(new LossLog.Entry(step, "photometric", photometric.getFloat()));
              terms.add(new LossLog.Entry(step, "foreground", foreground.getFloat()));
              terms.add(new LossLog.Entry(step, "mask", mask.getFloat()));
              terms.add(new LossLog.Entry(step, "depth", depth.getFloat()));
              terms.add(new LossLog.Entry(step, "background", background.getFloat()));
              if (superResolve) {
                NDArray own = render.featureImage().get(new NDIndex("0:1"));
                NDArray sr = Losses.photometric(network.superResolve(own), source);
                terms.add(new LossLog.Entry(step, "super_resolution", sr.getFloat()));
                loss = loss.add(sr);
              }
              return loss;
            });
    terms.add(0, new LossLog.Entry(step, "total", total));
    return terms;
  }

  /**
   * {@code count} distinct views: random targets (views 1..n-1), with the source's own view 0 first
   * when {@code withSource}.
   */
  static List<MultiViewBank.View> pickViews(
      List<MultiViewBank.View> all, int count, boolean withSource, SplittableRandom rng) {
    List<MultiViewBank.View> targets = new ArrayList<>(all.subList(1, all.size()));
    List<MultiViewBank.View> picked = new ArrayList<>();
    if (withSource) {
      picked.add(all.get(0));
    }
    while (picked.size() < count && !targets.isEmpty()) {
      picked.add(targets.remove(rng.nextInt(targets.size())));
    }
    return picked;
  }
}
