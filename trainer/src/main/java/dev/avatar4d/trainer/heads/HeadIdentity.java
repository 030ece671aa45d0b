package dev.avatar4d.trainer.heads;

import java.util.SplittableRandom;

/**
 * Who a procedural head is: the shape of its skull, face and features, and its colours. Every scale
 * is a factor around 1 applied to the generator's mean head; colours are linear RGB in [0, 1].
 *
 * @param skullWidth cranium width factor
 * @param skullHeight cranium height factor
 * @param skullDepth cranium front-to-back factor
 * @param jawWidth lower-face width factor
 * @param chinLength lower-face height factor
 * @param noseLength nose height and protrusion factor
 * @param noseWidth nose width factor
 * @param earSize ear size factor
 * @param eyeSpacing distance between the eyes, factor
 * @param hairVolume how far the hair stands off the skull, factor (0.5 to 1.8)
 * @param hairline height of the hairline on the forehead, in head units (higher is balder)
 * @param skin skin colour
 * @param hair hair colour
 * @param iris iris colour
 * @param lips lip colour
 * @param brows eyebrow colour
 * @param background backdrop colour
 * @param textureSeed seed of the skin and hair texture
 * @param textureStrength amplitude of the skin texture (blotches, freckles), 0 to 0.2
 */
public record HeadIdentity(
    double skullWidth,
    double skullHeight,
    double skullDepth,
    double jawWidth,
    double chinLength,
    double noseLength,
    double noseWidth,
    double earSize,
    double eyeSpacing,
    double hairVolume,
    double hairline,
    Rgb skin,
    Rgb hair,
    Rgb iris,
    Rgb lips,
    Rgb brows,
    Rgb background,
    long textureSeed,
    double textureStrength) {

  /** A mid-range head with plain colours, for tests and pictures of the mean. */
  public static HeadIdentity average() {
    return new HeadIdentity(
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        0.13,
        new Rgb(0.78, 0.58, 0.46),
        new Rgb(0.25, 0.16, 0.10),
        new Rgb(0.30, 0.45, 0.60),
        new Rgb(0.70, 0.35, 0.35),
        new Rgb(0.20, 0.13, 0.09),
        new Rgb(0.55, 0.60, 0.65),
        1L,
        0.08);
  }

  /** Draws an identity; the same random state gives the same head. */
  public static HeadIdentity sample(SplittableRandom rng) {
    Rgb skin = SKIN_TONES[rng.nextInt(SKIN_TONES.length)].jitter(rng, 0.06);
    Rgb hair = HAIR_COLOURS[rng.nextInt(HAIR_COLOURS.length)].jitter(rng, 0.05);
    Rgb lips = skin.mix(new Rgb(0.65, 0.20, 0.25), 0.45 + 0.2 * rng.nextDouble());
    Rgb brows = hair.mix(new Rgb(0.1, 0.08, 0.06), 0.3);
    Rgb iris = IRIS_COLOURS[rng.nextInt(IRIS_COLOURS.length)].jitter(rng, 0.05);
    Rgb background =
        new Rgb(uniform(rng, 0.15, 0.9), uniform(rng, 0.15, 0.9), uniform(rng, 0.15, 0.9));
    return new HeadIdentity(
        uniform(rng, 0.88, 1.12),
        uniform(rng, 0.9, 1.1),
        uniform(rng, 0.9, 1.1),
        uniform(rng, 0.85, 1.15),
        uniform(rng, 0.85, 1.15),
        uniform(rng, 0.8, 1.25),
        uniform(rng, 0.8, 1.3),
        uniform(rng, 0.8, 1.25),
        uniform(rng, 0.9, 1.1),
        uniform(rng, 0.5, 1.8),
        uniform(rng, 0.08, 0.2),
        skin,
        hair,
        iris,
        lips,
        brows,
        background,
        rng.nextLong(),
        uniform(rng, 0.02, 0.15));
  }

  private static double uniform(SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }

  private static final Rgb[] SKIN_TONES = {
    new Rgb(0.93, 0.78, 0.67), new Rgb(0.85, 0.66, 0.53), new Rgb(0.76, 0.57, 0.43),
    new Rgb(0.62, 0.44, 0.32), new Rgb(0.45, 0.31, 0.22), new Rgb(0.33, 0.22, 0.16),
  };
  private static final Rgb[] HAIR_COLOURS = {
    new Rgb(0.08, 0.06, 0.05), new Rgb(0.25, 0.16, 0.10), new Rgb(0.45, 0.30, 0.16),
    new Rgb(0.75, 0.60, 0.35), new Rgb(0.55, 0.22, 0.10), new Rgb(0.70, 0.70, 0.70),
  };
  private static final Rgb[] IRIS_COLOURS = {
    new Rgb(0.30, 0.18, 0.10),
    new Rgb(0.20, 0.35, 0.55),
    new Rgb(0.30, 0.45, 0.30),
    new Rgb(0.45, 0.35, 0.20),
  };
}
