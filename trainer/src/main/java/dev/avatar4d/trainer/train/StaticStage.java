package dev.avatar4d.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
 * and render it from others. Each step takes one multi-view sample, feeds its source image and
 * supervises the raw render at one of its cameras with the photometric, foreground, mask and depth
 * losses;
 * every {@code superResolutionEvery}-th step renders the source's own camera and also trains the
 * super-resolution against the full-size source image.
 */
final class StaticStage implements StageRunner.Step {

  static final String NAME = "stage1-psi3d";

  private final TrainingPlan plan;
  private final Portrait4DNetwork network;
  private final TrainingRender forward;
  private final MultiViewBank bank;
  private final Adam adam;
  private final NDManager manager;

  StaticStage(TrainingPlan plan, Portrait4DNetwork network, TrainingRender forward, MultiViewBank bank, Adam adam,
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
    MultiViewBank.View view = sample.views().get(superResolve ? 0 : rng.nextInt(sample.views().size()));
    int size = bank.inputSize();
    int res = bank.renderResolution();
    List<LossLog.Entry> terms = new ArrayList<>();
    float total = TrainingStep.run(adam, manager, scope -> {
      NDArray source = Planes.signedBatch(scope, List.of(sample.sourcePlanes()), 3, size);
      TrainingRender.Encoded encoded = forward.encode(source, null, 0f);
      RawRender render = forward.render(encoded, List.of(view.camera()));
      NDArray coverage = Planes.batch(scope, List.of(view.truth().mask()), 1, res);
      NDArray truth = Planes.signedBatch(scope, List.of(view.truth().rgb()), 3, res);
      NDArray photometric = Losses.photometric(render.rgb(), truth);
      NDArray foreground = Losses.foreground(render.rgb(), render.opacity(), encoded.background(), truth, coverage);
      NDArray mask = Losses.mask(render.opacity(), coverage);
      NDArray depth = Losses.depth(render.depth(), Planes.batch(scope, List.of(view.truth().depth()), 1, res), coverage);
      NDArray loss = photometric.add(foreground).add(mask).add(depth);
      terms.add(new LossLog.Entry(step, "photometric", photometric.getFloat()));
      terms.add(new LossLog.Entry(step, "foreground", foreground.getFloat()));
      terms.add(new LossLog.Entry(step, "mask", mask.getFloat()));
      terms.add(new LossLog.Entry(step, "depth", depth.getFloat()));
      if (superResolve) {
        NDArray sr = Losses.photometric(network.superResolve(render.featureImage()), source);
        terms.add(new LossLog.Entry(step, "super_resolution", sr.getFloat()));
        loss = loss.add(sr);
      }
      return loss;
    });
    terms.add(0, new LossLog.Entry(step, "total", total));
    return terms;
  }
}
