package dev.avatar4d.synthesizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelPresetTest {

  @Test
  void fullPresetHasThePapersSizes() {
    ModelPreset full = ModelPreset.full();
    assertThat(full.inputSize()).isEqualTo(512);
    assertThat(full.motion().codeDim()).isEqualTo(548);
    assertThat(full.triplaneResolution()).isEqualTo(256);
    assertThat(full.triplane().stackedChannels()).isEqualTo(96);
    assertThat(full.render().resolution()).isEqualTo(128);
    assertThat(full.render().stratifiedSamples() + full.render().importanceSamples()).isEqualTo(96);
    assertThat(full.superResolution().outputResolution()).isEqualTo(512);
    assertThat(full.canonical().blocks()).isEqualTo(8);
  }

  @Test
  void litePresetRendersA256ImageFromA64Render() {
    ModelPreset lite = ModelPreset.lite();
    assertThat(lite.superResolution().outputResolution()).isEqualTo(256);
    assertThat(lite.render().resolution()).isEqualTo(64);
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
    ModelPreset.Builder oddBlocks = ModelPreset.lite().toBuilder().canonicalBlocks(3);
    assertThatThrownBy(oddBlocks::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("canonicalBlocks");
    ModelPreset.Builder twoWidths = ModelPreset.lite().toBuilder().globalWidths(1, 2);
    assertThatThrownBy(twoWidths::build).hasMessageContaining("globalWidths");
    ModelPreset.Builder mismatchedTail = ModelPreset.lite().toBuilder().asppChannels(32);
    assertThatThrownBy(mismatchedTail::build)
        .hasMessageContaining("canonicalDim / 4 must equal asppChannels");
  }

  @Test
  void aPresetRebuiltFromItsBuilderIsTheSamePreset() {
    assertThat(ModelPreset.full().toBuilder().build()).isEqualTo(ModelPreset.full());
    assertThat(ModelPreset.lite().toBuilder().build()).isEqualTo(ModelPreset.lite());
  }

  @Test
  void eachSubNetworkHasItsOwnSizes() {
    ModelPreset lite = ModelPreset.lite();
    assertThat(lite.canonical().dim()).isEqualTo(256);
    assertThat(lite.triplane().stackedChannels()).isEqualTo(48);
    assertThat(lite.render().resolution()).isEqualTo(64);
    assertThat(lite.motion().codeDim()).isEqualTo(6 + 30 + 128);
  }

  @Test
  void aBuilderWithASizeLeftOutNamesTheMissingSize() {
    assertThatThrownBy(() -> ModelPreset.builder("partial").inputSize(256).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("globalWidths");
  }
}
