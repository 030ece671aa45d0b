package dev.avatar4d.faces.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression by IoU. */
final class NonMaxSuppression {

  private NonMaxSuppression() {}

  /** Keeps the best box, drops those overlapping it by more than {@code iouThreshold}, repeats. */
  static List<Detection> apply(List<Detection> candidates, double iouThreshold) {
    List<Detection> left = new ArrayList<>(candidates);
    left.sort(Comparator.comparingDouble(Detection::score).reversed());
    List<Detection> kept = new ArrayList<>();
    while (!left.isEmpty()) {
      Detection best = left.remove(0);
      kept.add(best);
      left.removeIf(d -> d.box().iou(best.box()) > iouThreshold);
    }
    return kept;
  }
}
