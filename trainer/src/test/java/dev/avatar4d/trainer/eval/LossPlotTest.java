package dev.avatar4d.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossPlotTest {

  private static int pixelsOf(BufferedImage image, Color colour) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF)) {
          count++;
        }
      }
    }
    return count;
  }

  @Test
  void theWrittenPngHasTheRequestedSizeAndEverySeriesColour(@TempDir Path dir) throws Exception {
    LossPlot plot = new LossPlot("stage 1", "loss");
    SplittableRandom rng = new SplittableRandom(1);
    for (int step = 1; step <= 2000; step++) {
      plot.add("total", step, 2.0 * Math.exp(-step / 500.0) * (1 + 0.3 * rng.nextDouble()) + 0.05);
      plot.add("l1", step, 0.5 * Math.exp(-step / 800.0) * (1 + 0.3 * rng.nextDouble()) + 0.02);
      plot.add("lpips", step, 0.3 / Math.sqrt(step));
    }
    plot.add("total", 2001, Double.NaN).add("l1", 2001, 0).add("lpips", 2001, -1);
    Path file = dir.resolve("plots/loss.png");

    plot.write(file, 800, 500);
    BufferedImage image = ImageIO.read(file.toFile());

    assertThat(image.getWidth()).isEqualTo(800);
    assertThat(image.getHeight()).isEqualTo(500);
    for (String series : new String[] {"total", "l1", "lpips"}) {
      // More than the legend swatch (20×4): the averaged curve is drawn too.
      assertThat(pixelsOf(image, plot.colour(series))).as(series).isGreaterThan(200);
    }
    assertThat(plot.colour("total"))
        .isNotEqualTo(plot.colour("l1"))
        .isNotEqualTo(plot.colour("lpips"));
  }

  @Test
  void aPlotWithoutDataStillRenders() {
    BufferedImage image =
        new LossPlot("empty", "loss").add("total", 0, Double.NaN).render(300, 200);

    assertThat(image.getWidth()).isEqualTo(300);
  }

  @Test
  void theMovingAverageSpansAFiftiethOfThePoints() {
    double[] values = new double[200];
    values[100] = 4;

    double[] average = LossPlot.movingAverage(values);

    // A window of 4 points is centred as 2 either side: 5 points share the spike.
    assertThat(average[98]).isCloseTo(0.8, within(1e-12));
    assertThat(average[102]).isCloseTo(0.8, within(1e-12));
    assertThat(average[97]).isZero();
    assertThat(LossPlot.movingAverage(new double[] {1, 3})).containsExactly(1, 3);
  }

  @Test
  void theLogAxisTicksDecadesOrFinerStepsForNarrowRangesAndTheStepAxisRoundNumbers() {
    Comparator<Double> close =
        (a, b) -> Math.abs(a - b) <= 1e-12 * Math.abs(b) ? 0 : Double.compare(a, b);

    assertThat(LossPlot.yTicks(-3.2, 0.1))
        .usingElementComparator(close)
        .containsExactly(1e-3, 1e-2, 1e-1, 1.0);
    assertThat(LossPlot.yTicks(-1.1, -0.2))
        .usingElementComparator(close)
        .containsExactly(0.1, 0.2, 0.5);
    assertThat(LossPlot.yTicks(Math.log10(0.065), Math.log10(0.165)))
        .usingElementComparator(close)
        .containsExactly(0.08, 0.1, 0.12, 0.14, 0.16);
    assertThat(LossPlot.xTicks(0, 2000)).containsExactly(0.0, 500.0, 1000.0, 1500.0, 2000.0);
    assertThat(LossPlot.tickLabel(0.05)).isEqualTo("0.05");
    assertThat(LossPlot.tickLabel(1e-5)).isEqualTo("1e-5");
    assertThat(LossPlot.tickLabel(2e-4)).isEqualTo("2e-4");
  }
}
