package dev.avatar4d.trainer.train;

import ai.djl.ndarray.NDManager;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.weights.WeightsFile;
import dev.avatar4d.trainer.eval.AttributeRegressor;
import dev.avatar4d.trainer.eval.ProgressBar;
import dev.avatar4d.trainer.heads.ContactSheet;
import dev.avatar4d.trainer.heads.SyntheticHeads;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * {@code ./avatar4d train}: trains Ψ3d, Ψ and the baseline (resuming whatever a previous run in the
 * same folder saved), evaluates all three on held-out identities, and with {@code --ship DIR}
 * installs Ψ as {@code DIR/lite.safetensors} with its SHA-256 beside it.
 *
 * <p>Options: {@code --out DIR} (default {@value #DEFAULT_OUT}), {@code --stage1-steps N}, {@code
 * --stage2-steps N}, {@code --smoke} (a few steps of everything), {@code --skip-eval}, {@code
 * --ship DIR}, {@code --psi3d FILE} (take these weights as Ψ3d and skip stage 1), {@code
 * --stage1-from FILE} (stage 1 trains on from these weights, at the raised rate from its start),
 * {@code --motion-steps N} (stage 1b: pretrain the motion encoder for N steps, then keep it
 * frozen).
 */
public final class TrainCommand {

  /** Where checkpoints and reports go unless {@code --out} says otherwise. */
  public static final String DEFAULT_OUT = "trainer/target/lite-training";

  /**
   * Regressor training size: enough for errors well below the label spread (see the eval tests).
   */
  static final int REGRESSOR_SAMPLES = 1500;

  static final int REGRESSOR_STEPS = 1500;

  private TrainCommand() {}

  public static void main(String[] args) throws IOException {
    TrainingPlan plan = TrainingPlan.defaults();
    Path out = Path.of(DEFAULT_OUT);
    Path ship = null;
    boolean evaluate = true;
    Integer stage1 = null;
    Integer stage2 = null;
    LiteTraining.Psi3dStart psi3d = LiteTraining.Psi3dStart.fresh();
    Integer motionSteps = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(value(args, ++i, "--out"));
        case "--ship" -> ship = Path.of(value(args, ++i, "--ship"));
        case "--stage1-steps" -> stage1 = Integer.parseInt(value(args, ++i, "--stage1-steps"));
        case "--stage2-steps" -> stage2 = Integer.parseInt(value(args, ++i, "--stage2-steps"));
        case "--psi3d" ->
            psi3d = LiteTraining.Psi3dStart.taken(Path.of(value(args, ++i, "--psi3d")));
        case "--stage1-from" ->
            psi3d = LiteTraining.Psi3dStart.continued(Path.of(value(args, ++i, "--stage1-from")));
        case "--motion-steps" -> motionSteps = Integer.parseInt(value(args, ++i, "--motion-steps"));
        case "--smoke" -> plan = TrainingPlan.smoke();
        case "--skip-eval" -> evaluate = false;
        default -> {
          System.err.println(
              "unknown option "
                  + args[i]
                  + "; usage: train [--out DIR] [--stage1-steps N] [--stage2-steps N] [--smoke] [--skip-eval] [--ship DIR]"
                  + " [--psi3d FILE | --stage1-from FILE] [--motion-steps N]");
          System.exit(2);
        }
      }
    }
    if (stage1 != null || stage2 != null) {
      plan =
          plan.withSteps(
              stage1 != null ? stage1 : plan.stage1Steps(),
              stage2 != null ? stage2 : plan.stage2Steps());
    }
    if (motionSteps != null) {
      plan =
          plan.withMotionPretraining(
              motionSteps, plan.motionPretrainBatch(), plan.motionPretrainLearningRate());
    }
    run(plan, out, ship, evaluate, psi3d, System.out, Clock.systemUTC());
  }

  /** Trains, evaluates and ships as the options say; returns the evaluation report (or null). */
  static String run(
      TrainingPlan plan,
      Path out,
      Path ship,
      boolean evaluate,
      LiteTraining.Psi3dStart psi3d,
      PrintStream log,
      Clock clock)
      throws IOException {
    LiteTraining training = new LiteTraining(plan, out, log, clock, psi3d);
    log.printf(
        Locale.ROOT,
        "[train] %s%n[train] output folder %s%n",
        training.plan(),
        out.toAbsolutePath());
    training.run();
    String report = null;
    if (evaluate) {
      report = evaluate(training.plan(), training, out, log, clock);
      Files.writeString(out.resolve("evaluation.md"), report, StandardCharsets.UTF_8);
      log.println(report);
    }
    if (ship != null) {
      Files.createDirectories(ship);
      Path target = ship.resolve("lite.safetensors");
      Files.copy(training.psiWeights(), target, StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(
          ship.resolve("lite.safetensors.sha256"),
          WeightsFile.sha256(target) + "  lite.safetensors\n",
          StandardCharsets.UTF_8);
      log.printf(Locale.ROOT, "[train] shipped %s (%d bytes)%n", target, Files.size(target));
    }
    return report;
  }

  private static String evaluate(
      TrainingPlan plan, LiteTraining training, Path out, PrintStream log, Clock clock)
      throws IOException {
    ModelPreset preset = ModelPreset.lite();
    SyntheticHeads heads = new SyntheticHeads(plan.seed(), preset.render().boxWarp());
    try (NDManager manager = NDManager.newBaseManager()) {
      AttributeRegressor regressor = regressor(plan, heads, out, manager, log, clock);
      long began = clock.millis();
      Evaluation evaluation = new Evaluation(heads, preset, plan.evalIdentities());
      List<Evaluation.Scores> rows = new ArrayList<>();
      List<String> captions =
          List.of("source", "driving", "self view", "front", "orbit 1", "orbit 2", "orbit 3");
      ContactSheet sheet = new ContactSheet(128, captions);
      sheet.row(evaluation.firstCaseTruth());
      record ModelRow(String name, Path weights, Evaluation.Feed feed) {}
      List<ModelRow> models =
          List.of(
              new ModelRow(
                  "Ψ3d (fed the driving frame)",
                  training.psi3dWeights(),
                  Evaluation.Feed.DRIVING_AS_SOURCE),
              new ModelRow(
                  "Ψ, v2-style (cross-view)", training.psiWeights(), Evaluation.Feed.DRIVEN),
              new ModelRow(
                  "baseline (no cross-view)", training.baselineWeights(), Evaluation.Feed.DRIVEN),
              new ModelRow(
                  "Ψ ignoring the driving frame",
                  training.psiWeights(),
                  Evaluation.Feed.IGNORE_DRIVING));
      for (ModelRow m : models) {
        List<BufferedImage> row = new ArrayList<>(evaluation.firstCaseInputs());
        rows.add(evaluation.score(m.name(), m.weights(), m.feed(), regressor, manager, row));
        sheet.row(row);
      }
      List<BufferedImage> copyRow = new ArrayList<>(evaluation.firstCaseInputs());
      rows.add(evaluation.copySource(regressor, manager, copyRow));
      sheet.row(copyRow);
      List<BufferedImage> meanRow = new ArrayList<>(evaluation.firstCaseInputs());
      rows.add(evaluation.meanImage(regressor, manager, meanRow));
      sheet.row(meanRow);
      ImageIO.write(
          evaluation.yawSweep(training.psiWeights(), Evaluation.Feed.DRIVEN, manager),
          "png",
          out.resolve("yaw-sweep.png").toFile());
      Evaluation.Scores floor = evaluation.groundTruthFloor(regressor, manager);
      ImageIO.write(sheet.image(), "png", out.resolve("contact-sheet.png").toFile());
      double seconds = (clock.millis() - began) / 1000.0;
      return EvaluationReport.markdown(
          plan, training.stageSeconds(), rows, floor, seconds, GitCommit.describe());
    }
  }

  private static AttributeRegressor regressor(
      TrainingPlan plan,
      SyntheticHeads heads,
      Path out,
      NDManager manager,
      PrintStream log,
      Clock clock)
      throws IOException {
    Path file = out.resolve("attribute-regressor.safetensors");
    if (Files.exists(file)) {
      return AttributeRegressor.load(file, manager);
    }
    // A smoke run (a handful of steps) gets a token regressor; a real run the full one.
    int samples = Math.min(REGRESSOR_SAMPLES, 20 * plan.stage1Steps());
    int steps = Math.min(REGRESSOR_STEPS, 20 * plan.stage1Steps());
    ProgressBar bar = new ProgressBar("expression/pose regressor", steps, log, clock);
    AttributeRegressor regressor =
        AttributeRegressor.train(
            heads, samples, steps, 32, plan.seed(), manager, n -> bar.update(n, ""));
    bar.finish(samples + " renders");
    regressor.save(file);
    return regressor;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      System.err.println(option + " needs a value");
      System.exit(2);
    }
    return args[i];
  }
}
