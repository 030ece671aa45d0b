package dev.avatar4d.synthesizer.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.Portrait4DSynthesizer;
import dev.avatar4d.synthesizer.SynthesizerConfig;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsFileTest {

  @TempDir Path dir;

  @Test
  void savedWeightsLoadBackIntoAFreshNetworkBitForBit() throws Exception {
    Path file = dir.resolve("lite.safetensors");
    try (NDManager m = NDManager.newBaseManager()) {
      Portrait4DNetwork a = new Portrait4DNetwork(ModelPreset.lite());
      a.initialize(m, 1);
      WeightsFile.save(a, "lite", file);
      Portrait4DNetwork b = new Portrait4DNetwork(ModelPreset.lite());
      b.initialize(m, 2);
      String probe = "encoder_canonical.blocks_driving.0.attn1.q.weight";
      assertThat(b.namedParameters().get(probe).getArray().toFloatArray())
          .isNotEqualTo(a.namedParameters().get(probe).getArray().toFloatArray());

      WeightsFile.load(file, b, "lite");

      a.namedParameters()
          .forEach(
              (name, p) ->
                  assertThat(b.namedParameters().get(name).getArray().toFloatArray())
                      .as(name)
                      .isEqualTo(p.getArray().toFloatArray()));
    }
    assertThat(WeightsFile.metadata(file))
        .containsEntry("format", "avatar4d")
        .containsEntry("preset", "lite")
        .containsEntry("version", Integer.toString(WeightsFile.VERSION));
    assertThat(WeightsFile.sha256(file)).hasSize(64).matches("[0-9a-f]+");
  }

  @Test
  void aSynthesizerOpenedWithWeightsReportsTheirHash() throws Exception {
    Path file = dir.resolve("lite.safetensors");
    try (NDManager m = NDManager.newBaseManager()) {
      Portrait4DNetwork a = new Portrait4DNetwork(ModelPreset.lite());
      a.initialize(m, 7);
      WeightsFile.save(a, "lite", file);
    }
    try (Portrait4DSynthesizer s =
        Portrait4DSynthesizer.open(SynthesizerConfig.defaults().withWeights(file))) {
      assertThat(s.modelInfo().trained()).isTrue();
      assertThat(s.modelInfo().weightsSha256()).isEqualTo(WeightsFile.sha256(file));
    }
  }

  @Test
  void weightsWhoseBytesDifferFromTheirPinnedDigestAreRefused() throws Exception {
    Path file = dir.resolve("lite.safetensors");
    try (NDManager m = NDManager.newBaseManager()) {
      Portrait4DNetwork a = new Portrait4DNetwork(ModelPreset.lite());
      a.initialize(m, 7);
      WeightsFile.save(a, "lite", file);
    }
    String digest = WeightsFile.sha256(file);
    java.nio.file.Files.writeString(WeightsFile.digestFile(file), digest + "  lite.safetensors\n");
    assertThat(WeightsFile.verifiedSha256(file)).isEqualTo(digest);

    byte[] bytes = java.nio.file.Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 1;
    java.nio.file.Files.write(file, bytes);

    assertThatThrownBy(
            () -> Portrait4DSynthesizer.open(SynthesizerConfig.defaults().withWeights(file)))
        .isInstanceOf(WeightsMismatchException.class)
        .hasMessageContaining("SHA-256")
        .hasMessageContaining(digest);
  }

  @Test
  void aFileFromAnotherFormatVersionIsRefusedWithAClearMessage() throws Exception {
    Path file = dir.resolve("old.safetensors");
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", "avatar4d");
    meta.put("version", "0");
    meta.put("preset", "lite");
    SafeTensors.write(
        file, meta, Map.of("x", new SafeTensors.Tensor(new long[] {1}, new float[] {1f})));
    try (NDManager m = NDManager.newBaseManager()) {
      Portrait4DNetwork net = new Portrait4DNetwork(ModelPreset.lite());
      net.initialize(m, 1);
      assertThatThrownBy(() -> WeightsFile.load(file, net, "lite"))
          .isInstanceOf(WeightsMismatchException.class)
          .hasMessageContaining("version 0")
          .hasMessageContaining("reads version " + WeightsFile.VERSION);
    }
  }

  @Test
  void aFileForAnotherPresetIsRefused() throws Exception {
    Path file = dir.resolve("lite.safetensors");
    try (NDManager m = NDManager.newBaseManager()) {
      Portrait4DNetwork a = new Portrait4DNetwork(ModelPreset.lite());
      a.initialize(m, 1);
      WeightsFile.save(a, "lite", file);
    }
    assertThatThrownBy(
            () ->
                Portrait4DSynthesizer.open(
                    SynthesizerConfig.defaults().withPreset("full").withWeights(file)))
        .isInstanceOf(WeightsMismatchException.class)
        .hasMessageContaining("preset 'lite'")
        .hasMessageContaining("preset 'full'");
  }

  @Test
  void aFileWithoutOurMetadataIsRefused() throws Exception {
    Path file = dir.resolve("foreign.safetensors");
    SafeTensors.write(
        file,
        Map.of(),
        Map.of("w_avg", new SafeTensors.Tensor(new long[] {2}, new float[] {0f, 0f})));
    try (NDManager m = NDManager.newBaseManager()) {
      Portrait4DNetwork net = new Portrait4DNetwork(ModelPreset.lite());
      net.initialize(m, 1);
      assertThatThrownBy(() -> WeightsFile.load(file, net, "lite"))
          .isInstanceOf(WeightsMismatchException.class)
          .hasMessageContaining("not an Avatar4D weights file");
    }
  }
}
