package dev.avatar4d.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.trainer.heads.SyntheticHeads;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Looks at a training run while it runs: writes the yaw sweep sheet of a checkpoint's weights
 * ({@code -Dprobe.weights=PATH}, fed as Ψ3d is) to {@code -Dprobe.out} (default
 * target/checkpoint-sweep.png). Opt-in: {@code -Dtest=CheckpointSweepProbe}.
 */
class CheckpointSweepProbe {

  @Test
  void writesTheYawSweepOfACheckpoint() throws Exception {
    Path weights =
        Path.of(
            System.getProperty(
                "probe.weights", "target/lite-training/stage1-psi3d/weights.safetensors"));
    Path out = Path.of(System.getProperty("probe.out", "target/checkpoint-sweep.png"));
    ModelPreset lite = ModelPreset.lite();
    Evaluation evaluation =
        new Evaluation(
            new SyntheticHeads(TrainingPlan.DEFAULT_SEED, lite.render().boxWarp()), lite, 2);
    try (NDManager manager = NDManager.newBaseManager()) {
      ImageIO.write(
          evaluation.yawSweep(weights, Evaluation.Feed.DRIVING_AS_SOURCE, manager),
          "png",
          out.toFile());
    }
    assertThat(Files.size(out)).isPositive();
  }
}
