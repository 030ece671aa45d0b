package dev.avatar4d.worker.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class DepthMapsTest {

  @Test
  void nearAndFarMapToTheEndsOfTheSixteenBitRange() {
    float[] depth = {3.55f, 4.85f, 4.2f, 100f};
    BufferedImage image = DepthMaps.toImage(depth, 2, 2, 3.55f, 4.85f);
    assertThat(image.getRaster().getSample(0, 0, 0)).isEqualTo(0);
    assertThat(image.getRaster().getSample(1, 0, 0)).isEqualTo(65535);
    assertThat(image.getRaster().getSample(0, 1, 0)).isBetween(32767, 32768);
    assertThat(image.getRaster().getSample(1, 1, 0)).as("beyond far is clamped").isEqualTo(65535);
  }

  @Test
  void upsamplingKeepsAConstantMapConstant() {
    float[] depth = new float[16];
    java.util.Arrays.fill(depth, 4.0f);
    BufferedImage image = DepthMaps.toImage(depth, 4, 16, 3.5f, 4.5f);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        // Bilinear weights summing to 1 in float may land one quantisation step below the half.
        assertThat(image.getRaster().getSample(x, y, 0)).isBetween(32767, 32768);
      }
    }
  }

  @Test
  void aMapOfTheWrongLengthIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DepthMaps.toImage(new float[3], 2, 4, 0, 1))
        .hasMessageContaining("expected 4");
  }
}
