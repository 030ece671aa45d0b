package dev.avatar4d.synthesizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelPresetTest {

  @Test
  void fullPresetHasThePapersSizes() {
    ModelPreset full = ModelPreset.full();
    assertThat(full.inputSize()).isEqualTo(512);
    assertThat(full.motionDim()).isEqualTo(548);
    assertThat(full.triplaneResolution()).isEqualTo(256);
    assertThat(full.triplaneChannels()).isEqualTo(96);
    assertThat(full.renderResolution()).isEqualTo(128);
    assertThat(full.stratifiedSamples() + full.importanceSamples()).isEqualTo(96);
    assertThat(full.outputResolution()).isEqualTo(512);
    assertThat(full.canonicalBlocks()).isEqualTo(8);
  }

  @Test
  void litePresetRendersA256ImageFromA64Render() {
    ModelPreset lite = ModelPreset.lite();
    assertThat(lite.outputResolution()).isEqualTo(256);
    assertThat(lite.renderResolution()).isEqualTo(64);
    assertThat(lite.inputSize()).isEqualTo(256);
  }

  @Test
  void presetsAreFoundByNameIgnoringCase() {
    assertThat(ModelPreset.byName("FULL")).isEqualTo(ModelPreset.full());
    assertThat(ModelPreset.byName(" lite ")).isEqualTo(ModelPreset.lite());
  }

  @Test
  void anUnknownPresetNameListsTheAllowedValues() {
    assertThatThrownBy(() -> ModelPreset.byName("medium"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("medium")
        .hasMessageContaining("full")
        .hasMessageContaining("lite");
  }

  @Test
  void inconsistentSizesAreRejectedWhenThePresetIsBuilt() {
    ModelPreset l = ModelPreset.lite();
    assertThatThrownBy(
            () ->
                new ModelPreset(
                    l.name(),
                    l.inputSize(),
                    l.globalStemChannels(),
                    l.globalWidths(),
                    l.globalDepths(),
                    l.asppChannels(),
                    l.asppRates(),
                    l.detailStemChannels(),
                    l.detailChannels(),
                    l.detailLayers(),
                    l.canonicalDim(),
                    l.canonicalHeads(),
                    3,
                    l.motionTokens(),
                    l.motionHidden(),
                    l.canonicalTailChannels(),
                    l.triplaneConvs1(),
                    l.triplaneDim(),
                    l.triplaneHeads(),
                    l.triplaneBlocks(),
                    l.triplaneReduction(),
                    l.triplaneConvs2(),
                    l.planeChannels(),
                    l.mlpRatio(),
                    l.backgroundWidths(),
                    l.decoderHidden(),
                    l.featureChannels(),
                    l.renderResolution(),
                    l.stratifiedSamples(),
                    l.importanceSamples(),
                    l.boxWarp(),
                    l.srChannels(),
                    l.outputResolution(),
                    l.fanChannels(),
                    l.fanDepth(),
                    l.motionFeatureDim(),
                    l.motionEyeDim(),
                    l.motionEmotionDim(),
                    l.motionCropSize()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("canonicalBlocks");
    assertThatThrownBy(
            () ->
                new ModelPreset(
                    l.name(),
                    l.inputSize(),
                    l.globalStemChannels(),
                    List.of(1, 2),
                    l.globalDepths(),
                    l.asppChannels(),
                    l.asppRates(),
                    l.detailStemChannels(),
                    l.detailChannels(),
                    l.detailLayers(),
                    l.canonicalDim(),
                    l.canonicalHeads(),
                    l.canonicalBlocks(),
                    l.motionTokens(),
                    l.motionHidden(),
                    l.canonicalTailChannels(),
                    l.triplaneConvs1(),
                    l.triplaneDim(),
                    l.triplaneHeads(),
                    l.triplaneBlocks(),
                    l.triplaneReduction(),
                    l.triplaneConvs2(),
                    l.planeChannels(),
                    l.mlpRatio(),
                    l.backgroundWidths(),
                    l.decoderHidden(),
                    l.featureChannels(),
                    l.renderResolution(),
                    l.stratifiedSamples(),
                    l.importanceSamples(),
                    l.boxWarp(),
                    l.srChannels(),
                    l.outputResolution(),
                    l.fanChannels(),
                    l.fanDepth(),
                    l.motionFeatureDim(),
                    l.motionEyeDim(),
                    l.motionEmotionDim(),
                    l.motionCropSize()))
        .hasMessageContaining("globalWidths");
  }

  @Test
  void aBuilderWithASizeLeftOutNamesTheMissingSize() {
    assertThatThrownBy(() -> ModelPreset.builder("partial").inputSize(256).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("globalWidths");
  }
}
