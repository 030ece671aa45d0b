package dev.avatar4d.faces.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OneEuroFilterTest {

  @Test
  void aConstantSignalPassesUnchanged() {
    double[] in = {5, 5, 5, 5};
    assertArrayEquals(in, OneEuroFilter.CROP_CENTRE.apply(in), 1e-12);
  }

  @Test
  void jitterAroundAStillValueIsDampedAndAFastMoveIsFollowed() {
    Random random = new Random(7);
    double[] jitter = new double[200];
    for (int i = 0; i < jitter.length; i++) {
      jitter[i] = 100 + random.nextGaussian();
    }
    double[] still = OneEuroFilter.CROP_CENTRE.apply(jitter);
    assertTrue(spread(still, 100) < 0.5 * spread(jitter, 100), "jitter damped");

    double[] move = new double[40];
    for (int i = 0; i < move.length; i++) {
      move[i] = 10.0 * i;
    }
    double[] followed = OneEuroFilter.CROP_CENTRE.apply(move);
    // A 10-pixel-per-frame move is tracked within a few frames' travel, not frozen.
    assertEquals(move[39], followed[39], 30);
  }

  @Test
  void settingsOutsideTheirRangeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new OneEuroFilter(0, 1, 1));
  }

  private static double spread(double[] v, double centre) {
    double s = 0;
    for (int i = 20; i < v.length; i++) {
      s += (v[i] - centre) * (v[i] - centre);
    }
    return Math.sqrt(s / (v.length - 20));
  }
}
