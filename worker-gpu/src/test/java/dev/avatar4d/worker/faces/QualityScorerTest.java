package dev.avatar4d.worker.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.avatar4d.faces.geom.Point;
import dev.avatar4d.faces.landmark.Landmarks68;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QualityScorerTest {

  /** A face-like spread of 68 points, eyes (36–47) about 60 px apart. */
  private static List<Point> face() {
    Random random = new Random(5);
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < 68; i++) {
      double x = 100 + random.nextDouble() * 120;
      double y = 100 + random.nextDouble() * 140;
      if (i >= 36 && i <= 41) {
        x = 130 + (i - 36) * 3;
        y = 150;
      } else if (i >= 42 && i <= 47) {
        x = 190 + (i - 42) * 3;
        y = 150;
      }
      points.add(new Point(x, y));
    }
    return points;
  }

  @Test
  void theSameExpressionMovedScaledAndTurnedScoresZero() {
    List<Point> driving = face();
    double c = Math.cos(0.2);
    double s = Math.sin(0.2);
    List<Point> output = new ArrayList<>();
    for (Point p : driving) {
      output.add(new Point(0.5 * (c * p.x() - s * p.y()) + 17, 0.5 * (s * p.x() + c * p.y()) - 9));
    }

    double error = QualityScorer.expressionError(new Landmarks68(output), new Landmarks68(driving));

    assertThat(error).isCloseTo(0, within(1e-9));
  }

  @Test
  void aMouthThatDidNotOpenWithTheDriversScoresItsDistanceInEyeDistances() {
    List<Point> driving = face();
    List<Point> output = new ArrayList<>(driving);
    for (int i = 48; i < 68; i++) {
      Point p = driving.get(i);
      output.set(i, new Point(p.x(), p.y() - 30));
    }

    double error = QualityScorer.expressionError(new Landmarks68(output), new Landmarks68(driving));

    // 20 of the 42 scored points are 30 px (half an eye distance) off before the fit spreads it.
    assertThat(error).isBetween(0.1, 0.5);
  }
}
