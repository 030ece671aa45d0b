package dev.avatar4d.trainer.train;

import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import dev.avatar4d.trainer.eval.ProgressBar;
import dev.avatar4d.trainer.optim.Adam;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * The loop every stage shares: resume from the stage's checkpoint, run the remaining steps, log
 * every loss term, show progress, save a checkpoint every so often and at the end.
 */
final class StageRunner {

  /** One optimisation step; returns the loss terms it computed, the total first. */
  interface Step {
    List<LossLog.Entry> run(long step);
  }

  private final String name;
  private final StageCheckpoint checkpoint;
  private final LossLog log;
  private final int checkpointEvery;
  private final PrintStream out;
  private final Clock clock;

  StageRunner(
      String name,
      StageCheckpoint checkpoint,
      LossLog log,
      int checkpointEvery,
      PrintStream out,
      Clock clock) {
    this.name = name;
    this.checkpoint = checkpoint;
    this.log = log;
    this.checkpointEvery = checkpointEvery;
    this.out = out;
    this.clock = clock;
  }

  /**
   * Runs steps 1..total of the stage, skipping those a previous run saved.
   *
   * @return the wall-clock seconds spent on steps in this call
   */
  double run(Portrait4DNetwork network, Adam adam, long total, Step step) throws IOException {
    long start = checkpoint.savedStep().orElse(0);
    if (start > 0) {
      checkpoint.restore(network, adam);
      log.truncateAfter(start);
      out.printf(Locale.ROOT, "[%s] resuming after step %d of %d%n", name, start, total);
    }
    if (start >= total) {
      return 0;
    }
    ProgressBar bar = new ProgressBar(name, total, start, out, clock);
    long began = clock.millis();
    double smoothed = Double.NaN;
    for (long s = start + 1; s <= total; s++) {
      List<LossLog.Entry> terms = step.run(s);
      log.append(s, terms);
      double loss = terms.get(0).value();
      smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
      bar.update(s, String.format(Locale.ROOT, "loss %.4f", smoothed));
      if (s % checkpointEvery == 0 || s == total) {
        checkpoint.save(network, adam, s);
      }
    }
    bar.finish(
        String.format(
            Locale.ROOT,
            "loss %.4f, %d steps skipped (non-finite)",
            smoothed,
            adam.skippedSteps()));
    return (clock.millis() - began) / 1000.0;
  }
}
