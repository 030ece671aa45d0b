package dev.avatar4d.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import dev.avatar4d.synthesizer.weights.SafeTensors;
import dev.avatar4d.synthesizer.weights.WeightsFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole recipe at smoke size: three trainings, the evaluation, the shipped file, resuming. */
class LiteTrainingTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(console, true, StandardCharsets.UTF_8);

  @Test
  void aSmokeRunTrainsThreeModelsScoresThemAndShipsPsiWithItsDigest() throws Exception {
    Path out = dir.resolve("run");
    Path models = dir.resolve("models");

    String report =
        TrainCommand.run(
            TrainingPlan.smoke(),
            out,
            models,
            true,
            LiteTraining.Psi3dStart.fresh(),
            log,
            Clock.systemUTC());

    String psi3d = WeightsFile.sha256(out.resolve("psi3d.safetensors"));
    String psi = WeightsFile.sha256(out.resolve("psi.safetensors"));
    String baseline = WeightsFile.sha256(out.resolve("baseline.safetensors"));
    assertThat(List.of(psi3d, psi, baseline)).doesNotHaveDuplicates();
    for (String stage : List.of(StaticStage.NAME, LiteTraining.PSI, LiteTraining.BASELINE)) {
      List<LossLog.Entry> totals =
          new LossLog(out.resolve("losses-" + stage + ".csv"))
              .read().stream().filter(e -> e.term().equals("total")).toList();
      assertThat(totals).as(stage).extracting(LossLog.Entry::step).containsExactly(1L, 2L, 3L, 4L);
      assertThat(totals).as(stage).allSatisfy(e -> assertThat(e.value()).isFinite().isPositive());
    }
    assertThat(new LossLog(out.resolve("losses-" + LiteTraining.PSI + ".csv")).read())
        .as("the cross-view loss runs every second step in the smoke plan")
        .anySatisfy(e -> assertThat(e.term()).isEqualTo("cross_view"));
    assertThat(new LossLog(out.resolve("losses-" + LiteTraining.BASELINE + ".csv")).read())
        .noneSatisfy(e -> assertThat(e.term()).isEqualTo("cross_view"));
    assertThat(new LossLog(out.resolve("losses-" + MotionStage.NAME + ".csv")).read())
        .as("stage 1b trains the motion encoder alone on the expression labels")
        .extracting(LossLog.Entry::step)
        .containsExactly(1L, 2L, 3L);
    String encoder = Portrait4DNetwork.MOTION_ENCODER + ".";
    Map<String, float[]> pretrained = tensors(out.resolve("psi3d-motion.safetensors"), encoder);
    assertThat(pretrained).isNotEmpty();
    assertThat(tensors(out.resolve("psi.safetensors"), encoder))
        .as("stage 2 keeps the pretrained motion encoder frozen")
        .containsOnlyKeys(pretrained.keySet())
        .allSatisfy((name, values) -> assertThat(values).containsExactly(pretrained.get(name)));
    assertThat(tensors(out.resolve("psi3d.safetensors"), encoder))
        .as("stage 1b changed the encoder")
        .anySatisfy((name, values) -> assertThat(values).isNotEqualTo(pretrained.get(name)));

    assertThat(report)
        .contains(
            "Ψ3d (fed the driving frame)",
            "Ψ, v2-style (cross-view)",
            "baseline (no cross-view)",
            "Ψ ignoring the driving frame",
            "copy source (source image for every view)",
            "mean image",
            "regressor on ground truth (floor)",
            "opacity in");
    assertThat(new LossLog(out.resolve("losses-" + StaticStage.NAME + ".csv")).read())
        .as("the background branch has its own target in stage 1")
        .anySatisfy(e -> assertThat(e.term()).isEqualTo("background"));
    assertThat(Files.readString(out.resolve("evaluation.md"))).isEqualTo(report);
    BufferedImage sheet = ImageIO.read(out.resolve("contact-sheet.png").toFile());
    assertThat(sheet.getWidth()).isEqualTo(7 * 128);
    assertThat(sheet.getHeight()).as("truth, 4 model rows, 2 baseline rows").isGreaterThan(7 * 128);
    BufferedImage sweep = ImageIO.read(out.resolve("yaw-sweep.png").toFile());
    assertThat(sweep.getWidth()).as("input and 7 yaws").isEqualTo(8 * 96);
    assertThat(sweep.getHeight()).as("truth, RGB and depth for 2 heads").isGreaterThan(6 * 96);
    assertThat(ImageIO.read(out.resolve("losses.png").toFile()).getWidth()).isEqualTo(1000);

    Path shipped = models.resolve("lite.safetensors");
    assertThat(WeightsFile.verifiedSha256(shipped)).isEqualTo(psi);
    assertThat(WeightsFile.metadata(shipped)).containsEntry("preset", "lite");
  }

  @Test
  void aLongerRunInTheSameFolderResumesAfterTheLastCheckpointAndRepeatsNoStep() throws Exception {
    Path out = dir.resolve("run");
    TrainingPlan plan = TrainingPlan.smoke();
    LiteTraining first = new LiteTraining(plan.withSteps(3, 2), out, log, Clock.systemUTC());
    first.run();
    List<LossLog.Entry> before = totals(out);

    LiteTraining second = new LiteTraining(plan.withSteps(5, 2), out, log, Clock.systemUTC());
    second.run();

    assertThat(second.stageSeconds())
        .as("only stage 1 had steps left")
        .containsOnlyKeys(StaticStage.NAME);
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("[stage1-psi3d] resuming after step 3 of 5");
    List<LossLog.Entry> after = totals(out);
    assertThat(after).extracting(LossLog.Entry::step).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(after.subList(0, 3)).isEqualTo(before);
  }

  /** The tensors of a weights file whose names start with {@code prefix}. */
  private static Map<String, float[]> tensors(Path file, String prefix) throws Exception {
    Map<String, float[]> out = new TreeMap<>();
    try (SafeTensors.Reader reader = SafeTensors.open(file)) {
      for (String name : reader.entries().keySet()) {
        if (name.startsWith(prefix)) {
          out.put(name, reader.readFloats(name));
        }
      }
    }
    return out;
  }

  private static List<LossLog.Entry> totals(Path out) throws Exception {
    return new LossLog(out.resolve("losses-" + StaticStage.NAME + ".csv"))
        .read().stream().filter(e -> e.term().equals("total")).toList();
  }
}
