package dev.avatar4d.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import dev.avatar4d.synthesizer.render.RenderSettings;
import dev.avatar4d.synthesizer.weights.WeightsFile;
import dev.avatar4d.trainer.eval.LossPlot;
import dev.avatar4d.trainer.eval.ProgressBar;
import dev.avatar4d.trainer.heads.SyntheticHeads;
import dev.avatar4d.trainer.optim.Adam;
import dev.avatar4d.trainer.optim.TrainableParameters;
import dev.avatar4d.trainer.optim.TrainingRender;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The whole recipe for the {@code lite} weights: render the synthetic data, train Ψ3d (stage 1),
 * then Ψ with the cross-view loss (stage 2) and the baseline without it, each resumable from its
 * own checkpoint folder under {@code out}. Leaves {@code psi3d.safetensors}, {@code
 * psi.safetensors}, {@code baseline.safetensors}, {@code losses-*.csv} and {@code losses.png} in
 * {@code out}.
 */
public final class LiteTraining {

  /** Stage name of the v2-style Ψ. */
  public static final String PSI = "stage2-psi";

  /** Stage name of the baseline (no cross-view loss). */
  public static final String BASELINE = "stage2-baseline";

  private final TrainingPlan plan;
  private final Path out;
  private final PrintStream log;
  private final Clock clock;
  private final ModelPreset preset = ModelPreset.lite();
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private final Psi3dStart psi3dStart;

  /**
   * Where Ψ3d comes from.
   *
   * @param weights a previous run's Ψ3d or Ψ (whose motion scale 0 is a Ψ3d), or null to start
   *     stage 1 from fresh weights
   * @param trainOn whether stage 1 trains on from {@code weights} (at the plan's {@link
   *     TrainingPlan#continuingStage1() continuing} rates) rather than taking them as Ψ3d as they
   *     are
   */
  public record Psi3dStart(Path weights, boolean trainOn) {

    /** Stage 1 from fresh weights. */
    public static Psi3dStart fresh() {
      return new Psi3dStart(null, true);
    }

    /** These weights are Ψ3d; stage 1 is skipped. */
    public static Psi3dStart taken(Path weights) {
      return new Psi3dStart(weights, false);
    }

    /** Stage 1 trains on from these weights. */
    public static Psi3dStart continued(Path weights) {
      return new Psi3dStart(weights, true);
    }
  }

  /**
   * @param out folder for checkpoints, weights, logs and plots (created when missing)
   * @param log where progress goes
   */
  public LiteTraining(TrainingPlan plan, Path out, PrintStream log, Clock clock) {
    this(plan, out, log, clock, Psi3dStart.fresh());
  }

  /**
   * @param psi3dStart where Ψ3d comes from
   */
  public LiteTraining(
      TrainingPlan plan, Path out, PrintStream log, Clock clock, Psi3dStart psi3dStart) {
    this.plan =
        psi3dStart.weights() != null && psi3dStart.trainOn() ? plan.continuingStage1() : plan;
    this.out = out;
    this.log = log;
    this.clock = clock;
    this.psi3dStart = psi3dStart;
  }

  /** The plan this training follows (a continuing stage 1 changes the given one's rates). */
  public TrainingPlan plan() {
    return plan;
  }

  /** Ψ3d's final weights. */
  public Path psi3dWeights() {
    return out.resolve("psi3d.safetensors");
  }

  /** Ψ's final weights (the shipped model). */
  public Path psiWeights() {
    return out.resolve("psi.safetensors");
  }

  /**
   * Ψ3d with the motion encoder stage 1b trained: where both stage-2 runs start when the plan
   * pretrains the motion encoder; otherwise Ψ3d itself.
   */
  public Path stage2Start() {
    return plan.pretrainsMotion() ? out.resolve("psi3d-motion.safetensors") : psi3dWeights();
  }

  /** The baseline's final weights. */
  public Path baselineWeights() {
    return out.resolve("baseline.safetensors");
  }

  /** Wall-clock seconds of each stage's steps in this run (data rendering excluded). */
  public Map<String, Double> stageSeconds() {
    return seconds;
  }

  /** Runs (or resumes) all three trainings. */
  public void run() throws IOException {
    Files.createDirectories(out);
    SyntheticHeads heads = new SyntheticHeads(plan.seed(), preset.render().boxWarp());
    RenderSettings settings = TrainingRender.presetSettings(preset);
    trainStatic(heads, settings);
    ClipBank clips = null;
    if (plan.pretrainsMotion() && !Files.exists(stage2Start())) {
      clips = renderClips(heads, settings);
      trainMotion(clips);
    }
    for (String stage : new String[] {PSI, BASELINE}) {
      if (done(stage, plan.stage2Steps())) {
        continue;
      }
      if (clips == null) {
        clips = renderClips(heads, settings);
      }
      trainDynamic(stage, stage.equals(PSI), clips, settings);
    }
    writePlot();
  }

  private void trainStatic(SyntheticHeads heads, RenderSettings settings) throws IOException {
    if (!psi3dStart.trainOn()) {
      Files.copy(psi3dStart.weights(), psi3dWeights(), StandardCopyOption.REPLACE_EXISTING);
      log.printf(Locale.ROOT, "[train] stage 1 skipped: Ψ3d is %s%n", psi3dStart.weights());
      return;
    }
    StageCheckpoint checkpoint = new StageCheckpoint(out.resolve(StaticStage.NAME));
    if (!done(StaticStage.NAME, plan.stage1Steps())) {
      ProgressBar bar = new ProgressBar("render multi-view sets", plan.stage1Sets(), log, clock);
      MultiViewBank bank =
          MultiViewBank.render(
              heads,
              plan.stage1Sets(),
              plan.stage1Views(),
              preset.inputSize(),
              settings.resolution(),
              n -> bar.update(n, ""));
      bar.finish("");
      try (NDManager manager = NDManager.newBaseManager()) {
        Portrait4DNetwork network = newNetwork(manager);
        if (psi3dStart.weights() != null) {
          WeightsFile.load(psi3dStart.weights(), network, preset.name());
          log.printf(Locale.ROOT, "[train] stage 1 trains on from %s%n", psi3dStart.weights());
        } else {
          startSuperResolutionAsUpsampler(network);
        }
        TrainableParameters params = TrainableParameters.of(network);
        try (Adam adam =
            Adam.forPortrait4D(params, manager, plan.learningRate(), 1f, plan.decoderLrScale())) {
          StaticStage stage =
              new StaticStage(
                  plan,
                  network,
                  new TrainingRender(network, settings, TrainingRender.Noise.RANDOM),
                  bank,
                  adam,
                  manager);
          seconds.put(
              StaticStage.NAME,
              runner(StaticStage.NAME, checkpoint).run(network, adam, plan.stage1Steps(), stage));
        }
      }
    }
    Files.copy(checkpoint.weights(), psi3dWeights(), StandardCopyOption.REPLACE_EXISTING);
  }

  private ClipBank renderClips(SyntheticHeads heads, RenderSettings settings) {
    ProgressBar bar = new ProgressBar("render monocular clips", plan.stage2Clips(), log, clock);
    ClipBank clips =
        ClipBank.render(
            heads,
            plan.stage2Clips(),
            plan.clipFrames(),
            preset.inputSize(),
            settings.resolution(),
            n -> bar.update(n, ""));
    bar.finish("");
    return clips;
  }

  /** Stage 1b: the motion encoder of Ψ3d alone, on the clips' expression labels. */
  private void trainMotion(ClipBank clips) throws IOException {
    StageCheckpoint checkpoint = new StageCheckpoint(out.resolve(MotionStage.NAME));
    try (NDManager manager = NDManager.newBaseManager()) {
      Portrait4DNetwork network = newNetwork(manager);
      WeightsFile.load(psi3dWeights(), network, preset.name());
      MotionStage.startAtZero(network);
      TrainableParameters params = TrainableParameters.of(network, LiteTraining::isMotionEncoder);
      try (Adam adam =
          Adam.builder(manager)
              .learningRate(plan.motionPretrainLearningRate())
              .group(new Adam.Group("motion_encoder", params.arrays(), 1f))
              .build()) {
        MotionStage stage =
            new MotionStage(plan, network, MotionStage.framesOf(clips), adam, manager);
        seconds.put(
            MotionStage.NAME,
            runner(MotionStage.NAME, checkpoint)
                .run(network, adam, plan.motionPretrainSteps(), stage));
      }
    }
    Files.copy(checkpoint.weights(), stage2Start(), StandardCopyOption.REPLACE_EXISTING);
  }

  private static boolean isMotionEncoder(String parameter) {
    return parameter.startsWith(Portrait4DNetwork.MOTION_ENCODER + ".");
  }

  private void trainDynamic(String name, boolean crossView, ClipBank clips, RenderSettings settings)
      throws IOException {
    StageCheckpoint checkpoint = new StageCheckpoint(out.resolve(name));
    try (NDManager manager = NDManager.newBaseManager()) {
      Portrait4DNetwork teacher = newNetwork(manager);
      WeightsFile.load(psi3dWeights(), teacher, preset.name());
      Portrait4DNetwork network = newNetwork(manager);
      WeightsFile.load(stage2Start(), network, preset.name());
      // A pretrained motion encoder stays frozen in stage 2, as the paper keeps PD-FGC.
      TrainableParameters params =
          plan.pretrainsMotion()
              ? TrainableParameters.of(network, parameter -> !isMotionEncoder(parameter))
              : TrainableParameters.of(network);
      try (Adam adam =
          Adam.forPortrait4D(
              params, manager, plan.learningRate(), plan.motionLrScale(), plan.decoderLrScale())) {
        DynamicStage stage =
            new DynamicStage(
                name,
                crossView,
                plan,
                network,
                new TrainingRender(network, settings, TrainingRender.Noise.RANDOM),
                teacher,
                new TrainingRender(teacher, settings, TrainingRender.Noise.RANDOM),
                clips,
                adam,
                manager);
        seconds.put(name, runner(name, checkpoint).run(network, adam, plan.stage2Steps(), stage));
      }
    }
    Files.copy(
        checkpoint.weights(),
        name.equals(PSI) ? psiWeights() : baselineWeights(),
        StandardCopyOption.REPLACE_EXISTING);
  }

  private boolean done(String stage, long steps) throws IOException {
    return new StageCheckpoint(out.resolve(stage)).savedStep().orElse(0) >= steps;
  }

  private StageRunner runner(String name, StageCheckpoint checkpoint) {
    return new StageRunner(name, checkpoint, lossLog(name), plan.checkpointEvery(), log, clock);
  }

  private LossLog lossLog(String stage) {
    return new LossLog(out.resolve("losses-" + stage + ".csv"));
  }

  private Portrait4DNetwork newNetwork(NDManager manager) {
    Portrait4DNetwork network = new Portrait4DNetwork(preset);
    network.initialize(manager, plan.seed());
    return network;
  }

  /**
   * Zeroes the super-resolution's ToRGB layers, so before any training its output is exactly the
   * FIR-upsampled raw render (its residual branches start silent) rather than that plus noise.
   */
  static void startSuperResolutionAsUpsampler(Portrait4DNetwork network) {
    network
        .namedParameters()
        .forEach(
            (name, p) -> {
              if (name.startsWith("superresolution.") && name.contains(".torgb.")) {
                NDArray a = p.getArray();
                a.set(new float[(int) a.size()]);
              }
            });
  }

  private void writePlot() throws IOException {
    LossPlot plot = new LossPlot("lite training: total loss per step (moving average)", "loss");
    for (String stage : new String[] {StaticStage.NAME, MotionStage.NAME, PSI, BASELINE}) {
      for (LossLog.Entry e : lossLog(stage).read()) {
        if (e.term().equals("total")) {
          plot.add(stage, e.step(), e.value());
        }
      }
    }
    plot.write(out.resolve("losses.png"), 1000, 560);
    log.printf(Locale.ROOT, "[train] loss plot: %s%n", out.resolve("losses.png"));
  }
}
