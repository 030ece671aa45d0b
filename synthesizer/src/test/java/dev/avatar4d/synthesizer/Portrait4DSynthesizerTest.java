package dev.avatar4d.synthesizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avatar4d.synthesizer.camera.Cameras;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Portrait4DSynthesizerTest {

  private static Portrait4DSynthesizer synthesizer;

  @BeforeAll
  static void open() {
    synthesizer = Portrait4DSynthesizer.open(SynthesizerConfig.defaults());
  }

  @AfterAll
  static void close() {
    synthesizer.close();
  }

  static BufferedImage portrait(int size, Color face) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(40, 60, 90));
    g.fillRect(0, 0, size, size);
    g.setColor(face);
    g.fillOval(size / 4, size / 6, size / 2, 2 * size / 3);
    g.dispose();
    return image;
  }

  @Test
  void untrainedDefaultSynthesizerDescribesItself() {
    ModelInfo info = synthesizer.modelInfo();
    assertThat(info.preset()).isEqualTo("lite");
    assertThat(info.trained()).isFalse();
    assertThat(info.weightsSha256()).isEqualTo("untrained-seed-42");
    assertThat(info.device()).isEqualTo("cpu");
    assertThat(info.outputResolution()).isEqualTo(256);
    assertThat(info.renderResolution()).isEqualTo(64);
  }

  @Test
  void oneBatchedRenderReturnsAViewPerCamera() {
    try (SourceFeatures source = synthesizer.encodeSource(portrait(300, new Color(220, 180, 150)));
        MotionCode motion = synthesizer.encodeMotion(portrait(200, new Color(200, 170, 140)));
        Triplanes planes = synthesizer.triplanes(source, motion)) {
      List<RenderedView> views =
          synthesizer.render(
              source,
              planes,
              List.of(Cameras.front(), Cameras.orbit(25, 5), Cameras.orbit(-25, -5)));

      assertThat(views).hasSize(3);
      for (RenderedView view : views) {
        assertThat(view.rgb().getWidth()).isEqualTo(256);
        assertThat(view.rgb().getHeight()).isEqualTo(256);
        assertThat(view.renderResolution()).isEqualTo(64);
        assertThat(view.depth()).hasSize(64 * 64);
        assertThat(view.opacity()).hasSize(64 * 64);
        for (float o : view.opacity()) {
          assertThat(o).isBetween(0f, 1f);
        }
      }
      assertThat(motion.toFloatArray()).hasSize(ModelPreset.lite().motion().codeDim());
    }
  }

  @Test
  void closedResultsCannotBeUsed() {
    SourceFeatures source = synthesizer.encodeSource(portrait(256, Color.PINK));
    MotionCode motion = synthesizer.encodeMotion(portrait(256, Color.PINK));
    source.close();
    assertThatThrownBy(() -> synthesizer.triplanes(source, motion))
        .isInstanceOf(IllegalStateException.class);
    motion.close();
  }

  @Test
  void configRejectsUnknownDevicesAndPresets() {
    assertThatThrownBy(() -> SynthesizerConfig.defaults().withDevice("tpu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auto");
    assertThatThrownBy(() -> SynthesizerConfig.defaults().withPreset("huge"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[full, lite]");
  }
}
