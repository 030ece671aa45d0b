package dev.avatar4d.gateway.queue;

import java.util.List;

/**
 * How long a worker takes for a job, fit to finished jobs: {@code overhead + perFrameView × size},
 * where size is driving frames × views. A least-squares line through recent jobs; its root mean
 * square residual says how far a single job strays from it.
 *
 * @param overheadSeconds the line's intercept (never below 0)
 * @param secondsPerFrameView the line's slope (never below 0)
 * @param sample how many finished jobs it was fit to
 * @param rmsSeconds root mean square of the residuals
 */
public record JobCostModel(
    double overheadSeconds, double secondsPerFrameView, int sample, double rmsSeconds) {

  /** One finished job: its size (frames × views) and its seconds from start to finish. */
  public record Finished(long size, double seconds) {}

  /** The line through {@code finished}; null when there is nothing to fit. */
  public static JobCostModel fit(List<Finished> finished) {
    int n = finished.size();
    if (n == 0) {
      return null;
    }
    double meanX = finished.stream().mapToDouble(Finished::size).average().orElse(0);
    double meanY = finished.stream().mapToDouble(Finished::seconds).average().orElse(0);
    double sxx = 0;
    double sxy = 0;
    for (Finished f : finished) {
      sxx += (f.size() - meanX) * (f.size() - meanX);
      sxy += (f.size() - meanX) * (f.seconds() - meanY);
    }
    double slope;
    double intercept;
    if (sxx == 0) {
      // Every job had one size: overhead and per-item cost cannot be told apart.
      slope = meanX > 0 ? meanY / meanX : 0;
      intercept = meanX > 0 ? 0 : meanY;
    } else {
      slope = Math.max(0, sxy / sxx);
      intercept = Math.max(0, meanY - slope * meanX);
    }
    double squares = 0;
    for (Finished f : finished) {
      double residual = f.seconds() - (intercept + slope * f.size());
      squares += residual * residual;
    }
    return new JobCostModel(intercept, slope, n, Math.sqrt(squares / n));
  }

  /** Predicted seconds for a job of {@code size} frames × views. */
  public double seconds(long size) {
    return overheadSeconds + secondsPerFrameView * size;
  }
}
