package dev.avatar4d.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrainableParametersTest {

  private NDManager manager;
  private Portrait4DNetwork net;

  @BeforeEach
  void build() {
    manager = NDManager.newBaseManager();
    net = new Portrait4DNetwork(ModelPreset.lite());
    net.initialize(manager, 3);
  }

  @AfterEach
  void release() {
    manager.close();
  }

  @Test
  void everyParameterButBatchNormStatisticsGetsAGradient() {
    TrainableParameters params = TrainableParameters.of(net);

    Map<String, Parameter> all = net.namedParameters();
    long statistics =
        all.values().stream()
            .filter(
                p ->
                    p.getType() == Parameter.Type.RUNNING_MEAN
                        || p.getType() == Parameter.Type.RUNNING_VAR)
            .count();
    assertThat(statistics).isPositive();
    assertThat(params.arrays()).hasSize(all.size() - (int) statistics);
    assertThat(params.arrays().values()).allMatch(NDArray::hasGradient);
    assertThat(params.arrays().keySet())
        .noneMatch(n -> n.endsWith("running_mean") || n.endsWith("running_var"));
    assertThat(all.get("motion_encoder.fan.bn1.running_mean").getArray().hasGradient()).isFalse();
  }

  @Test
  void aPredicateOnTheDottedNameSelectsASubsetAndLeavesTheRestFrozen() {
    TrainableParameters params = TrainableParameters.of(net, n -> n.startsWith("decoder."));

    assertThat(params.arrays().keySet())
        .containsExactly(
            "decoder.net.weight",
            "decoder.net.bias",
            "decoder.out_sigma.weight",
            "decoder.out_sigma.bias",
            "decoder.out_rgb.weight",
            "decoder.out_rgb.bias");
    assertThat(
            net.namedParameters()
                .get("generator_triplane.conv_last.weight")
                .getArray()
                .hasGradient())
        .isFalse();
  }

  @Test
  void motionRelatedParametersAreTheCanonicalEncodersMotionMapsTokenProjectionsAndCrossAttention() {
    TrainableParameters params = TrainableParameters.of(net);

    Set<String> expected = new TreeSet<>();
    for (String side : new String[] {"source", "driving"}) {
      for (String layer :
          new String[] {"maps_" + side + ".0", "maps_" + side + ".1", "tokens_" + side}) {
        expected.add("encoder_canonical." + layer + ".weight");
        expected.add("encoder_canonical." + layer + ".bias");
      }
      String block = "encoder_canonical.blocks_" + side + ".0.";
      for (String member : new String[] {"norm2", "attn2.q", "attn2.kv", "attn2.proj"}) {
        expected.add(block + member + ".weight");
        expected.add(block + member + ".bias");
      }
    }
    assertThat(new TreeSet<>(params.motionRelated().keySet())).isEqualTo(expected);
    assertThat(params.others()).hasSize(params.arrays().size() - expected.size());
  }

  @Test
  void theTriplaneDecodersNorm2AndTheMotionEncoderAreNotMotionRelated() {
    assertThat(TrainableParameters.isMotionRelated("generator_triplane.blocks.0.norm2.weight"))
        .isFalse();
    assertThat(TrainableParameters.isMotionRelated("motion_encoder.fan.fc.weight")).isFalse();
    assertThat(
            TrainableParameters.isMotionRelated("encoder_canonical.blocks_source.0.attn1.q.weight"))
        .isFalse();
    assertThat(
            TrainableParameters.isMotionRelated("encoder_canonical.blocks_driving.0.attn2.kv.bias"))
        .isTrue();
  }

  @Test
  void freezingSwitchesTheGradientsOffAgain() {
    TrainableParameters params = TrainableParameters.of(net, n -> n.startsWith("encoder_detail."));

    params.freeze();

    assertThat(params.arrays().values()).noneMatch(NDArray::hasGradient);
  }
}
