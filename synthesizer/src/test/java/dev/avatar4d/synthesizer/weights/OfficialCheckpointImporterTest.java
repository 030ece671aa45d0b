package dev.avatar4d.synthesizer.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OfficialCheckpointImporterTest {

  private static final ModelPreset LITE = ModelPreset.lite();
  private NDManager manager;
  private Portrait4DNetwork network;
  private Map<String, SafeTensors.Tensor> official;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    network = new Portrait4DNetwork(LITE);
    network.initialize(manager, 5);
    official = new java.util.LinkedHashMap<>(OfficialStateDicts.forPreset(LITE));
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private float[] ours(String path) {
    return network.namedParameters().get(path).getArray().toFloatArray();
  }

  @Test
  void aCompleteOfficialStateDictSetsEveryParameter() {
    ImportReport report =
        OfficialCheckpointImporter.importInto(
            network, OfficialCheckpointImporter.StateDict.of(official));

    assertThat(report.missing()).isEmpty();
    assertThat(report.unexpected()).isEmpty();
    assertThat(report.complete()).isTrue();
    assertThat(report.imported()).hasSize(network.namedParameters().size());
    assertThat(report.ignored())
        .contains(
            "superresolution.block0.conv0.noise_const",
            "pdfgc.to_headpose.0.weight",
            "pdfgc.model.bn1.num_batches_tracked");
    assertThat(ours("encoder_canonical.blocks_source.0.mlp.dwconv.weight"))
        .isEqualTo(
            official
                .get("encoder_canonical.trans_blocks_neutral.0.mlp.dwconv.dwconv.weight")
                .data());
    assertThat(ours("encoder_global.layers.1.0.downsample.weight"))
        .isEqualTo(official.get("encoder_global.encoder.layer2.0.downsample.0.weight").data());
    assertThat(ours("motion_encoder.emotion.bn.running_var"))
        .isEqualTo(official.get("pdfgc.to_emo.2.running_var").data());
  }

  @Test
  void missingAndUnexpectedKeysAreReported() {
    official.remove("generator_triplane.conv_last.bias");
    official.put(
        "encoder_global.encoder.fc.weight", new SafeTensors.Tensor(new long[] {2}, new float[2]));
    official.put("decoder.net.0.weight", new SafeTensors.Tensor(new long[] {3, 3}, new float[9]));
    official.put("deformer.flame.v_template", new SafeTensors.Tensor(new long[] {1}, new float[1]));

    ImportReport report =
        OfficialCheckpointImporter.importInto(
            network, OfficialCheckpointImporter.StateDict.of(official));

    assertThat(report.missing())
        .containsExactlyInAnyOrder("generator_triplane.conv_last.bias", "decoder.net.weight");
    assertThat(report.unexpected()).hasSize(2);
    assertThat(report.unexpected())
        .anySatisfy(u -> assertThat(u).startsWith("encoder_global.encoder.fc.weight"));
    assertThat(report.unexpected())
        .anySatisfy(u -> assertThat(u).startsWith("decoder.net.0.weight (shape"));
    assertThat(report.ignored()).contains("deformer.flame.v_template");
    assertThat(report.describe()).contains("missing: generator_triplane.conv_last.bias");
  }

  @Test
  void fullyConnectedGainIsAppliedToTheOsgDecoderWeightsButNotItsBiases() {
    OfficialCheckpointImporter.importInto(
        network, OfficialCheckpointImporter.StateDict.of(official));

    float[] raw = official.get("decoder.out_rgb.weight").data();
    float[] imported = ours("decoder.out_rgb.weight");
    float gain = (float) (1 / Math.sqrt(LITE.render().decoderHidden()));
    for (int i = 0; i < raw.length; i++) {
      assertThat(imported[i]).isCloseTo(raw[i] * gain, within(1e-7f));
    }
    assertThat(ours("decoder.out_rgb.bias")).isEqualTo(official.get("decoder.out_rgb.bias").data());
    assertThat(ours("encoder_canonical.tokens_source.weight"))
        .as("plain nn.Linear layers get no gain")
        .isEqualTo(official.get("encoder_canonical.proj_y_neutral.weight").data());
  }

  @Test
  void foldedUpConvEqualsTheModulatedConvComputedTheLongWay() {
    OfficialCheckpointImporter.importInto(
        network, OfficialCheckpointImporter.StateDict.of(official));
    String s = "superresolution.block1.conv0.";
    int out = LITE.superResolution().channels().get(1);
    int in = LITE.superResolution().channels().get(0);
    NDArray x = manager.randomNormal(new Shape(1, in, 5, 5));
    NDArray folded = manager.create(ours(s + "weight"), new Shape(out, in, 3, 3));

    // Long way: style = affine(w_avg) with the FC gain, scale the input channels (same as
    // scaling W's input channels), convolve, then demodulate each output channel.
    NDArray w = manager.create(official.get("w_avg").data());
    NDArray a = manager.create(official.get(s + "affine.weight").data(), new Shape(in, 512));
    NDArray styles =
        a.matMul(w.reshape(512, 1))
            .reshape(in)
            .mul(1 / Math.sqrt(512))
            .add(manager.create(official.get(s + "affine.bias").data()));
    NDArray weight = manager.create(official.get(s + "weight").data(), new Shape(out, in, 3, 3));
    NDArray modulated = weight.mul(styles.reshape(1, in, 1, 1));
    NDArray demod = modulated.square().sum(new int[] {1, 2, 3}).add(1e-8f).sqrt().pow(-1f);
    NDArray longWay =
        conv(x.mul(styles.reshape(1, in, 1, 1)), weight).mul(demod.reshape(1, out, 1, 1));

    NDArray viaFold = conv(x, folded);
    assertThat(viaFold.sub(longWay).abs().max().getFloat()).isLessThan(1e-4f);
  }

  @Test
  void foldedToRgbUsesTheInputGainAndNoDemodulation() {
    OfficialCheckpointImporter.importInto(
        network, OfficialCheckpointImporter.StateDict.of(official));
    String s = "superresolution.block0.torgb.";
    int in = LITE.superResolution().channels().get(0);
    float[] w = official.get("w_avg").data();
    float[] a = official.get(s + "affine.weight").data();
    float[] b = official.get(s + "affine.bias").data();
    float[] k = official.get(s + "weight").data();
    float[] folded = ours(s + "weight");
    for (int o = 0; o < 3; o++) {
      for (int i = 0; i < in; i++) {
        double style = b[i];
        for (int j = 0; j < 512; j++) {
          style += a[i * 512 + j] * w[j] / Math.sqrt(512);
        }
        assertThat((double) folded[o * in + i])
            .isCloseTo(k[o * in + i] * style / Math.sqrt(in), within(1e-5));
      }
    }
  }

  private static NDArray conv(NDArray x, NDArray w) {
    return Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
  }
}
