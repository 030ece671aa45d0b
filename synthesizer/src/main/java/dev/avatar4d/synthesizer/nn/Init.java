package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/** How a parameter is filled at seeded random initialisation. */
@FunctionalInterface
public interface Init {

  /**
   * Fills {@code data}, the row-major contents of a tensor of {@code shape}.
   *
   * @param data destination
   * @param shape tensor shape
   * @param random seeded source, private to this parameter
   */
  void fill(float[] data, Shape shape, SplittableRandom random);

  /** Every value equals {@code value}. */
  static Init constant(float value) {
    return (data, shape, random) -> java.util.Arrays.fill(data, value);
  }

  /** Zero-mean normal with standard deviation {@code std}. */
  static Init normal(double std) {
    return (data, shape, random) -> {
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) (random.nextGaussian() * std);
      }
    };
  }

  /**
   * He initialisation on fan-out for an {@code (out, in/groups, kh, kw)} convolution weight: std =
   * sqrt(2 / (kh·kw·out/groups)). A weight with one input channel per group is taken as depthwise
   * (groups = out), whose fan-out is kh·kw.
   */
  static Init convFanOut() {
    return (data, shape, random) -> {
      long out = shape.get(0);
      long k = shape.size() / (shape.get(0) * shape.get(1));
      long fanOut = shape.get(1) == 1 ? k : k * out;
      normal(Math.sqrt(2.0 / fanOut)).fill(data, shape, random);
    };
  }

  /** std = 1/sqrt(fan-in): keeps activations at unit scale for a {@code (out, in, ...)} weight. */
  static Init fanIn() {
    return (data, shape, random) -> {
      long fanIn = shape.size() / shape.get(0);
      normal(1.0 / Math.sqrt(fanIn)).fill(data, shape, random);
    };
  }

  /**
   * A weight that looks like a demodulated StyleGAN convolution: normal values rescaled so each
   * output filter has unit L2 norm (what folding a style into a modulated conv produces).
   */
  static Init demodulated() {
    return (data, shape, random) -> {
      normal(1.0).fill(data, shape, random);
      int perFilter = (int) (shape.size() / shape.get(0));
      for (int o = 0; o < shape.get(0); o++) {
        double sum = 1e-8;
        for (int i = 0; i < perFilter; i++) {
          sum += data[o * perFilter + i] * data[o * perFilter + i];
        }
        float inv = (float) (1 / Math.sqrt(sum));
        for (int i = 0; i < perFilter; i++) {
          data[o * perFilter + i] *= inv;
        }
      }
    };
  }
}
