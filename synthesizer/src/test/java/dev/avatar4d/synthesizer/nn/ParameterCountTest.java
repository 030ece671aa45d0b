package dev.avatar4d.synthesizer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.avatar4d.synthesizer.ModelPreset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterCountTest {

  private static final double M = 1e6;

  @Test
  void fullPresetHasThePapersParameterCount() {
    Portrait4DNetwork net = new Portrait4DNetwork(ModelPreset.full());
    // Folding the constant SR styles removes the style affines; the paper counts them.
    long paperEquivalent =
        net.psiParameterCount() + SuperResolution.foldedStyleParameters(ModelPreset.full());
    assertThat(paperEquivalent / M).isCloseTo(224.8, within(0.1));
  }

  @Test
  void fullPresetModulesMatchThePapersPerModuleCounts() {
    ModelPreset full = ModelPreset.full();
    Map<String, Long> counts = new Portrait4DNetwork(full).moduleParameterCounts();
    assertThat(counts.get("encoder_global") / M).isCloseTo(25.99, within(0.01));
    assertThat(counts.get("encoder_detail") / M).isCloseTo(0.32, within(0.01));
    assertThat(counts.get("encoder_canonical") / M).isCloseTo(172.21, within(0.01));
    assertThat(counts.get("generator_triplane") / M).isCloseTo(15.90, within(0.01));
    assertThat(counts.get("background") / M).isCloseTo(8.69, within(0.01));
    assertThat((counts.get("superresolution") + SuperResolution.foldedStyleParameters(full)) / M)
        .isCloseTo(1.65, within(0.01));
    assertThat(counts.get("decoder")).isBetween(4_000L, 4_600L);
  }

  @Test
  void canonicalEncoderBlocksHaveTwelvePointSixTwoMillionParametersEach() {
    EncoderCanonical canonical = new EncoderCanonical(ModelPreset.full());
    long blocks =
        canonical.modules().get("blocks_source").parameterCount()
            + canonical.modules().get("blocks_driving").parameterCount();
    assertThat(blocks / M).isCloseTo(100.97, within(0.01));
    long tokens =
        canonical.modules().get("tokens_source").parameterCount()
            + canonical.modules().get("tokens_driving").parameterCount();
    assertThat(tokens / M).isCloseTo(67.2, within(0.05));
  }

  @Test
  void litePresetIsSmall() {
    Portrait4DNetwork net = new Portrait4DNetwork(ModelPreset.lite());
    assertThat(net.psiParameterCount()).isLessThan(10_000_000L);
  }
}
