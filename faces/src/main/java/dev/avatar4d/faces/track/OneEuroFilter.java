package dev.avatar4d.faces.track;

/**
 * The one-euro filter (Casiez, Roussel and Vogel, CHI 2012): a low-pass filter whose cut-off rises
 * with the signal's speed, so that a still head's crop does not jitter and a moving one does not
 * lag. Samples are taken one per frame (time step 1).
 *
 * @param minCutoff cut-off frequency at rest, in cycles per frame
 * @param beta how fast the cut-off grows with speed
 * @param derivativeCutoff cut-off of the speed estimate itself
 */
public record OneEuroFilter(double minCutoff, double beta, double derivativeCutoff) {

  /** The official crop tools' setting for the crop scale. */
  public static final OneEuroFilter CROP_SCALE = new OneEuroFilter(0.0001, 0.005, 1.0);

  /** The official crop tools' setting for the crop centre, in pixels. */
  public static final OneEuroFilter CROP_CENTRE = new OneEuroFilter(0.001, 0.05, 1.0);

  /** Validates the settings. */
  public OneEuroFilter {
    if (!(minCutoff > 0) || !(beta >= 0) || !(derivativeCutoff > 0)) {
      throw new IllegalArgumentException(
          "one-euro filter needs minCutoff > 0, beta >= 0, derivativeCutoff > 0");
    }
  }

  /** Filters a whole sequence, starting from its first value. */
  public double[] apply(double[] values) {
    double[] out = new double[values.length];
    if (values.length == 0) {
      return out;
    }
    double previous = values[0];
    double speed = 0;
    out[0] = previous;
    for (int i = 1; i < values.length; i++) {
      speed = lowPass(speed, values[i] - previous, alpha(derivativeCutoff));
      double cutoff = minCutoff + beta * Math.abs(speed);
      previous = lowPass(previous, values[i], alpha(cutoff));
      out[i] = previous;
    }
    return out;
  }

  private static double alpha(double cutoff) {
    double tau = 1 / (2 * Math.PI * cutoff);
    return 1 / (1 + tau);
  }

  private static double lowPass(double previous, double value, double alpha) {
    return previous + alpha * (value - previous);
  }
}
