package dev.avatar4d.faces.weights;

import java.util.Arrays;

/**
 * One weight tensor read from a TF.js manifest, in TensorFlow's layout and row-major order.
 *
 * @param name the manifest's name, e.g. {@code conv1/depthwise_filter}
 * @param shape the manifest's shape
 * @param data the dequantised values, {@code product(shape)} of them
 */
public record NamedTensor(String name, int[] shape, float[] data) {

  /** Checks that the data fills the shape. */
  public NamedTensor {
    shape = shape.clone();
    if (elementCount(shape) != data.length) {
      throw new IllegalArgumentException(
          name + ": shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
    }
  }

  /** The shape (a copy). */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** The number of elements a shape holds. */
  public static long elementCount(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }
}
