package dev.avatar4d.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles of a sample, for printing. */
record Stats(int count, double p50, double p99, double max, double mean) {

  static Stats of(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Stats(
        v.length,
        percentile(v, 0.50),
        percentile(v, 0.99),
        v[v.length - 1],
        Arrays.stream(v).average().orElse(Double.NaN));
  }

  private static double percentile(double[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  @Override
  public String toString() {
    return String.format("n=%d p50=%.1f p99=%.1f max=%.1f mean=%.1f", count, p50, p99, max, mean);
  }
}
