package dev.avatar4d.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import dev.avatar4d.trainer.optim.Adam;
import dev.avatar4d.trainer.optim.TrainingRender;
import dev.avatar4d.trainer.optim.TrainingRender.RawRender;
import dev.avatar4d.trainer.optim.TrainingRender.Window;
import dev.avatar4d.trainer.optim.TrainingStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Stage 1: the static synthesizer Ψ3d (motion scale 0) learns to reconstruct a head from one view
 * and render it from others. Each step takes one multi-view sample, encodes its source image once
 * and renders {@link TrainingPlan#stage1Targets()} of its target cameras from those planes, each as
 * a random {@link TrainingPlan#stage1Window()}² window of the view, supervised with the
 * photometric, foreground, mask, depth and background-region losses. Every {@code
 * superResolutionEvery}-th step the first rendered view is the source's own camera, and the
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
    if (plan.stage1Window() > bank.renderResolution()) {
      throw new IllegalArgumentException(
          "stage1Window "
              + plan.stage1Window()
              + " is larger than the render resolution "
              + bank.renderResolution());
    }
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
    int res = bank.renderResolution();
    // The source's own view is rendered whole: the super-resolution reads all of it.
    List<Window> windows = new ArrayList<>();
    for (int v = 0; v < views.size(); v++) {
      boolean whole = superResolve && v == 0;
      windows.add(whole ? Window.whole(res) : Window.random(res, plan.stage1Window(), rng));
    }
    List<LossLog.Entry> terms = new ArrayList<>();
    adam.setLearningRate(plan.stage1LearningRate(step));
    float total =
        TrainingStep.run(
            adam,
            manager,
            scope -> {
              NDArray source =
                  Planes.signedBatch(scope, List.of(sample.sourcePlanes()), 3, bank.inputSize());
              TrainingRender.Encoded encoded = forward.encode(source, null, 0f);
              ViewTerms sum = null;
              NDArray ownFeatures = null;
              for (List<Integer> group : bySize(windows)) {
                List<MultiViewBank.View> groupViews = group.stream().map(views::get).toList();
                List<Window> groupWindows = group.stream().map(windows::get).toList();
                RawRender render =
                    forward.render(
                        encoded,
                        groupViews.stream().map(MultiViewBank.View::camera).toList(),
                        groupWindows);
                ViewTerms groupTerms =
                    ViewTerms.of(scope, render, encoded, groupViews, groupWindows, res)
                        .times(group.size() / (float) views.size());
                sum = sum == null ? groupTerms : sum.plus(groupTerms);
                if (group.contains(0) && superResolve) {
                  ownFeatures = render.featureImage().get(new NDIndex("0:1"));
                }
              }
              NDArray loss = sum.total();
              terms.add(new LossLog.Entry(step, "photometric", sum.photometric.getFloat()));
              terms.add(new LossLog.Entry(step, "foreground", sum.foreground.getFloat()));
              terms.add(new LossLog.Entry(step, "mask", sum.mask.getFloat()));
              terms.add(new LossLog.Entry(step, "depth", sum.depth.getFloat()));
              terms.add(new LossLog.Entry(step, "background", sum.background.getFloat()));
              if (ownFeatures != null) {
                NDArray sr = Losses.photometric(network.superResolve(ownFeatures), source);
                terms.add(new LossLog.Entry(step, "super_resolution", sr.getFloat()));
                loss = loss.add(sr);
              }
              return loss;
            });
    terms.add(0, new LossLog.Entry(step, "total", total));
    return terms;
  }

  /** Indices of {@code windows} grouped by window size (one render call per size), in order. */
  static List<List<Integer>> bySize(List<Window> windows) {
    Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < windows.size(); i++) {
      groups.computeIfAbsent(windows.get(i).size(), k -> new ArrayList<>()).add(i);
    }
    return List.copyOf(groups.values());
  }

  /** Stage 1's per-view loss terms, each a mean over the views of one render. */
  private record ViewTerms(
      NDArray photometric, NDArray foreground, NDArray mask, NDArray depth, NDArray background) {

    static ViewTerms of(
        NDManager scope,
        RawRender render,
        TrainingRender.Encoded encoded,
        List<MultiViewBank.View> views,
        List<Window> windows,
        int res) {
      NDArray coverage =
          Window.crop(
              Planes.batch(scope, views.stream().map(v -> v.truth().mask()).toList(), 1, res),
              windows);
      NDArray truth =
          Window.crop(
              Planes.signedBatch(scope, views.stream().map(v -> v.truth().rgb()).toList(), 3, res),
              windows);
      NDArray depthTruth =
          Window.crop(
              Planes.batch(scope, views.stream().map(v -> v.truth().depth()).toList(), 1, res),
              windows);
      NDArray background = Window.crop(encoded.background(), windows);
      return new ViewTerms(
          Losses.photometric(render.rgb(), truth),
          Losses.foreground(render.rgb(), render.opacity(), background, truth, coverage),
          Losses.mask(render.opacity(), coverage, MASK_WEIGHT),
          Losses.depth(render.depth(), depthTruth, coverage),
          Losses.background(background, truth, coverage));
    }

    ViewTerms times(float weight) {
      return new ViewTerms(
          photometric.mul(weight),
          foreground.mul(weight),
          mask.mul(weight),
          depth.mul(weight),
          background.mul(weight));
    }

    ViewTerms plus(ViewTerms o) {
      return new ViewTerms(
          photometric.add(o.photometric),
          foreground.add(o.foreground),
          mask.add(o.mask),
          depth.add(o.depth),
          background.add(o.background));
    }

    NDArray total() {
      return photometric.add(foreground).add(mask).add(depth).add(background);
    }
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
