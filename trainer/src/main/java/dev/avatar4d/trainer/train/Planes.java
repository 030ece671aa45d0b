package dev.avatar4d.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Conversions between the generator's channel-major float planes and network tensors. */
final class Planes {

  private Planes() {}

  /**
   * Box-filters {@code channels} planes of side {@code size} down by an integer {@code factor}:
   * each output pixel is the mean of a factor × factor block, i.e. what a renderer with that many
   * rays per pixel would see.
   */
  static float[] downsample(float[] planes, int channels, int size, int factor) {
    if (size % factor != 0) {
      throw new IllegalArgumentException(size + " is not a multiple of " + factor);
    }
    int out = size / factor;
    float[] result = new float[channels * out * out];
    float norm = 1f / (factor * factor);
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < out; y++) {
        for (int x = 0; x < out; x++) {
          float sum = 0;
          for (int dy = 0; dy < factor; dy++) {
            int row = c * size * size + (y * factor + dy) * size + x * factor;
            for (int dx = 0; dx < factor; dx++) {
              sum += planes[row + dx];
            }
          }
          result[c * out * out + y * out + x] = sum * norm;
        }
      }
    }
    return result;
  }

  /** Stacks same-sized planes into a {@code (B, C, S, S)} tensor. */
  static NDArray batch(NDManager manager, List<float[]> items, int channels, int size) {
    int per = channels * size * size;
    float[] all = new float[items.size() * per];
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).length != per) {
        throw new IllegalArgumentException(
            "item " + i + " has " + items.get(i).length + " values, expected " + per);
      }
      System.arraycopy(items.get(i), 0, all, i * per, per);
    }
    return manager.create(all, new Shape(items.size(), channels, size, size));
  }

  /** Like {@link #batch} but maps [0, 1] to the network's [-1, 1]. */
  static NDArray signedBatch(NDManager manager, List<float[]> items, int channels, int size) {
    return batch(manager, items, channels, size).mul(2f).sub(1f);
  }

  /** 8-bit copy of [0, 1] planes: a quarter of the memory for the large source images. */
  static byte[] quantise(float[] planes) {
    byte[] out = new byte[planes.length];
    for (int i = 0; i < planes.length; i++) {
      out[i] = (byte) Math.round(Math.max(0f, Math.min(1f, planes[i])) * 255f);
    }
    return out;
  }

  /** The inverse of {@link #quantise}. */
  static float[] expand(byte[] planes) {
    float[] out = new float[planes.length];
    for (int i = 0; i < planes.length; i++) {
      out[i] = (planes[i] & 0xFF) / 255f;
    }
    return out;
  }
}
