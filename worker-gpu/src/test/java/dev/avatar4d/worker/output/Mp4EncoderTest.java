package dev.avatar4d.worker.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Mp4EncoderTest {

  @Test
  void framesFromTheRendererBecomeAnMp4File() {
    List<BufferedImage> frames = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      BufferedImage f = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
      var g = f.createGraphics();
      g.setColor(new Color(40 * i, 100, 200 - 40 * i));
      g.fillRect(0, 0, 64, 64);
      g.dispose();
      frames.add(f);
    }
    byte[] mp4 = Mp4Encoder.encode(frames, 6);
    assertThat(new String(mp4, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
    assertThat(mp4.length).isGreaterThan(200);
  }
}
