package dev.avatar4d.trainer.train;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The evaluation as a Markdown table with the settings and commit it came from. */
final class EvaluationReport {

  private EvaluationReport() {}

  private static String orDash(double value, String format) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value);
  }

  static String markdown(
      TrainingPlan plan,
      Map<String, Double> stageSeconds,
      List<Evaluation.Scores> rows,
      Evaluation.Scores floor,
      double evalSeconds,
      String commit) {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "Commit `%s`; %d held-out identities; stage 1 %d steps, stage 2 and baseline %d steps each (seed %d).%n%n",
            commit,
            plan.evalIdentities(),
            plan.stage1Steps(),
            plan.stage2Steps(),
            plan.seed()));
    md.append(
        "| model | self PSNR ↑ | self SSIM ↑ | self L1 ↓ | novel PSNR ↑ (± sd over ids) | novel SSIM ↑ "
            + "| novel L1 ↓ | depth err ↓ | opacity in ↑ | opacity out ↓ | AED ↓ | APD (rad) ↓ |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Evaluation.Scores s : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.3f | %.4f | %.2f ± %.2f | %.3f | %.4f | %s | %s | %s | %.4f | %.4f |%n",
              s.model(),
              s.selfPsnr(),
              s.selfSsim(),
              s.selfL1(),
              s.novelPsnr(),
              s.novelPsnrSpread(),
              s.novelSsim(),
              s.novelL1(),
              orDash(s.depthError(), "%.4f"),
              orDash(s.opacityInside(), "%.3f"),
              orDash(s.opacityOutside(), "%.3f"),
              s.aed(),
              s.apd()));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "| regressor on ground truth (floor) | | | | | | | | | | %.4f | %.4f |%n",
            floor.aed(),
            floor.apd()));
    md.append("\n");
    if (!stageSeconds.isEmpty()) {
      md.append("Training time in this run (steps only, CPU): ");
      stageSeconds.forEach(
          (stage, sec) -> md.append(String.format(Locale.ROOT, "%s %.0f s; ", stage, sec)));
      md.append("\n");
    }
    md.append(String.format(Locale.ROOT, "Evaluation took %.0f s.%n", evalSeconds));
    return md.toString();
  }
}
