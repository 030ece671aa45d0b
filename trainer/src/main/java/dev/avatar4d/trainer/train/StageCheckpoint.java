package dev.avatar4d.trainer.train;

import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import dev.avatar4d.synthesizer.weights.WeightsFile;
import dev.avatar4d.trainer.optim.Adam;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

/**
 * A stage's resumable state in its own folder: the weights, the optimiser state and the number of
 * steps done. Each file is written under a temporary name and moved into place, and the step file
 * goes last: a crash while saving leaves at worst weights a few steps newer than the step count,
 * never a torn file.
 */
final class StageCheckpoint {

  private final Path dir;

  StageCheckpoint(Path dir) {
    this.dir = dir;
  }

  Path weights() {
    return dir.resolve("weights.safetensors");
  }

  private Path optimiser() {
    return dir.resolve("adam.safetensors");
  }

  private Path stepFile() {
    return dir.resolve("step");
  }

  /** Steps done by the last complete save, if any. */
  OptionalLong savedStep() throws IOException {
    if (!Files.exists(stepFile())) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(
        Long.parseLong(Files.readString(stepFile(), StandardCharsets.UTF_8).trim()));
  }

  void save(Portrait4DNetwork network, Adam adam, long step) throws IOException {
    Files.createDirectories(dir);
    Path weightsTmp = dir.resolve("weights.safetensors.tmp");
    Path adamTmp = dir.resolve("adam.safetensors.tmp");
    WeightsFile.save(network, network.preset().name(), weightsTmp);
    adam.saveState(adamTmp);
    Files.move(
        weightsTmp, weights(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.move(
        adamTmp, optimiser(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Path stepTmp = dir.resolve("step.tmp");
    Files.writeString(stepTmp, Long.toString(step), StandardCharsets.UTF_8);
    Files.move(
        stepTmp, stepFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Loads the weights and, when given, the optimiser state of the last save. */
  void restore(Portrait4DNetwork network, Adam adam) throws IOException {
    WeightsFile.load(weights(), network, network.preset().name());
    if (adam != null) {
      adam.loadState(optimiser());
    }
  }
}
