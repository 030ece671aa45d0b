package dev.avatar4d.trainer.heads;

import java.util.SplittableRandom;

/**
 * What the face is doing, each control in [0, 1]. These are also the labels of the expression
 * regressor used for evaluation, in the order of {@link #toArray()}.
 *
 * @param jawOpen 0 closed, 1 wide open
 * @param smile 0 neutral, 1 broad smile (mouth wider, corners up)
 * @param blinkLeft 0 open, 1 closed (the subject's left eye, at +x)
 * @param blinkRight 0 open, 1 closed (the subject's right eye, at −x)
 * @param browRaise 0 rest, 1 raised
 */
public record Expression(
    double jawOpen, double smile, double blinkLeft, double blinkRight, double browRaise) {

  /** The resting face. */
  public static final Expression NEUTRAL = new Expression(0, 0, 0, 0, 0);

  /** Number of controls. */
  public static final int SIZE = 5;

  /** Validates the range. */
  public Expression {
    for (double v : new double[] {jawOpen, smile, blinkLeft, blinkRight, browRaise}) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("expression controls must lie in [0, 1], got " + v);
      }
    }
  }

  /** A random expression: each control is often near rest, sometimes strong. */
  public static Expression sample(SplittableRandom rng) {
    double blink = rng.nextDouble() < 0.2 ? rng.nextDouble() : 0;
    return new Expression(
        skewed(rng),
        skewed(rng),
        rng.nextDouble() < 0.15 ? rng.nextDouble() : blink,
        rng.nextDouble() < 0.15 ? rng.nextDouble() : blink,
        skewed(rng));
  }

  private static double skewed(SplittableRandom rng) {
    return rng.nextDouble() < 0.35 ? 0 : Math.pow(rng.nextDouble(), 1.5);
  }

  /** The controls in declaration order. */
  public double[] toArray() {
    return new double[] {jawOpen, smile, blinkLeft, blinkRight, browRaise};
  }

  /** {@code (1 − t)·this + t·other}. */
  public Expression lerp(Expression other, double t) {
    return new Expression(
        jawOpen + (other.jawOpen - jawOpen) * t,
        smile + (other.smile - smile) * t,
        blinkLeft + (other.blinkLeft - blinkLeft) * t,
        blinkRight + (other.blinkRight - blinkRight) * t,
        browRaise + (other.browRaise - browRaise) * t);
  }
}
