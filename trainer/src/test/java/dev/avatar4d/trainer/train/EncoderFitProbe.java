package dev.avatar4d.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import dev.avatar4d.synthesizer.render.RenderSettings;
import dev.avatar4d.synthesizer.weights.WeightsFile;
import dev.avatar4d.trainer.eval.ImageMetrics;
import dev.avatar4d.trainer.heads.SyntheticHeads;
import dev.avatar4d.trainer.optim.Adam;
import dev.avatar4d.trainer.optim.Autograd;
import dev.avatar4d.trainer.optim.TrainableParameters;
import dev.avatar4d.trainer.optim.TrainingRender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Rung (b) of the model issue's diagnostic ladder: the whole encoder on a few identities. Stage 1
 * ({@link StaticStage}, unchanged) trains on {@value #IDENTITIES} training identities, each seen
 * from {@value #TRAIN_VIEWS} target cameras; it is scored on {@value #HELD_OUT_VIEWS} other cameras
 * of the same identities (can it fit them?) and on as many identities it never saw (does what it
 * learns carry over?), at the raw render's resolution, as {@link PlaneFitProbe} scores rung (a).
 *
 * <p>Opt-in (minutes of CPU): {@code mvn -pl trainer test -Dtest=EncoderFitProbe -Dprobe.steps=N};
 * {@code -Dprobe.start=FILE} starts from a weights file (e.g. {@code models/lite.safetensors})
 * instead of the seeded initial weights. It prints the scores every so often and asserts only that
 * the fitted identities' held-out views improved.
 */
class EncoderFitProbe {

  private static final int IDENTITIES = 8;
  private static final int TRAIN_VIEWS = 16;
  private static final int HELD_OUT_VIEWS = 8;

  @Test
  void theEncoderFitsAFewIdentitiesFromViewsItNeverSaw() throws Exception {
    int steps = Integer.getInteger("probe.steps", 400);
    int every = Integer.getInteger("probe.every", 100);
    String start = System.getProperty("probe.start");
    ModelPreset lite = ModelPreset.lite();
    RenderSettings settings = TrainingRender.presetSettings(lite);
    SyntheticHeads heads = new SyntheticHeads(TrainingPlan.DEFAULT_SEED, lite.render().boxWarp());
    int views = 1 + TRAIN_VIEWS + HELD_OUT_VIEWS;
    long began = System.nanoTime();
    MultiViewBank fitted =
        MultiViewBank.render(
            heads,
            SyntheticHeads.Split.TRAIN,
            IDENTITIES,
            views,
            lite.inputSize(),
            settings.resolution(),
            n -> {});
    MultiViewBank unseen =
        MultiViewBank.render(
            heads,
            SyntheticHeads.Split.HELD_OUT,
            IDENTITIES,
            views,
            lite.inputSize(),
            settings.resolution(),
            n -> {});
    System.out.printf(
        Locale.ROOT, "[encoder fit] data rendered in %.0f s%n", (System.nanoTime() - began) / 1e9);
    TrainingPlan plan = TrainingPlan.defaults();
    try (NDManager manager = NDManager.newBaseManager()) {
      Portrait4DNetwork network = new Portrait4DNetwork(lite);
      network.initialize(manager, plan.seed());
      if (start != null) {
        WeightsFile.load(Path.of(start), network, lite.name());
      } else {
        LiteTraining.startSuperResolutionAsUpsampler(network);
      }
      TrainingRender scoring = new TrainingRender(network, settings, TrainingRender.Noise.CENTRED);
      double[] first = score(scoring, fitted, manager);
      report(0, first, score(scoring, unseen, manager), began);
      double[] last = first;
      TrainableParameters params = TrainableParameters.of(network);
      try (Adam adam =
          Adam.forPortrait4D(params, manager, plan.learningRate(), 1f, plan.decoderLrScale())) {
        StaticStage stage =
            new StaticStage(
                plan,
                network,
                new TrainingRender(network, settings, TrainingRender.Noise.RANDOM),
                fitted.firstViews(1 + TRAIN_VIEWS),
                adam,
                manager);
        for (int step = 1; step <= steps; step++) {
          stage.run(step);
          if (step % every == 0 || step == steps) {
            last = score(scoring, fitted, manager);
            report(step, last, score(scoring, unseen, manager), began);
            System.out.printf(
                Locale.ROOT,
                "[encoder fit] Adam refused %d of %d steps (a non-finite gradient)%n",
                adam.skippedSteps(),
                step);
          }
        }
      }
      params.freeze();
      Path out = Path.of(System.getProperty("probe.save", "target/encoder-fit.safetensors"));
      Files.createDirectories(out.toAbsolutePath().getParent());
      WeightsFile.save(network, lite.name(), out);
      assertThat(last[0])
          .as("fitted identities' held-out PSNR, after vs before")
          .isGreaterThan(first[0]);
    }
  }

  private static void report(long step, double[] fitted, double[] unseen, long began) {
    System.out.printf(
        Locale.ROOT,
        "[encoder fit] step %d: fitted ids, held-out views %.2f dB (opacity in %.3f, out %.3f);"
            + " unseen ids %.2f dB (in %.3f, out %.3f) (%.0f s)%n",
        step,
        fitted[0],
        fitted[1],
        fitted[2],
        unseen[0],
        unseen[1],
        unseen[2],
        (System.nanoTime() - began) / 1e9);
  }

  /**
   * Mean PSNR of the raw render against the truth over the last {@value #HELD_OUT_VIEWS} views of
   * every sample, and mean opacity inside and outside the true mask.
   */
  private static double[] score(TrainingRender forward, MultiViewBank bank, NDManager manager) {
    int res = bank.renderResolution();
    int size = bank.inputSize();
    double psnr = 0;
    double in = 0;
    double out = 0;
    long nIn = 0;
    long nOut = 0;
    int count = 0;
    try (Autograd.NoGrad ignored = Autograd.noGrad()) {
      for (int i = 0; i < bank.size(); i++) {
        MultiViewBank.Sample sample = bank.get(i);
        List<MultiViewBank.View> held =
            sample.views().subList(sample.views().size() - HELD_OUT_VIEWS, sample.views().size());
        List<Camera> cameras = held.stream().map(MultiViewBank.View::camera).toList();
        try (NDManager scope = manager.newSubManager()) {
          NDArray source = Planes.signedBatch(scope, List.of(sample.sourcePlanes()), 3, size);
          TrainingRender.RawRender render =
              forward.render(forward.encode(source, null, 0f), cameras);
          float[] rgb = render.rgb().add(1f).div(2f).clip(0f, 1f).toFloatArray();
          float[] opacity = render.opacity().toFloatArray();
          int per = 3 * res * res;
          for (int v = 0; v < held.size(); v++) {
            psnr +=
                ImageMetrics.psnr(
                    Arrays.copyOfRange(rgb, v * per, (v + 1) * per), held.get(v).truth().rgb());
            float[] mask = held.get(v).truth().mask();
            for (int p = 0; p < mask.length; p++) {
              if (mask[p] > 0.5f) {
                in += opacity[v * mask.length + p];
                nIn++;
              } else {
                out += opacity[v * mask.length + p];
                nOut++;
              }
            }
            count++;
          }
        }
      }
    }
    return new double[] {psnr / count, in / nIn, out / nOut};
  }
}
