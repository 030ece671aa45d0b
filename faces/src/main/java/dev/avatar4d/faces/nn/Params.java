package dev.avatar4d.faces.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.avatar4d.faces.weights.NamedTensor;
import dev.avatar4d.faces.weights.WeightsIntegrityException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Moves TF.js tensors into NDArrays in PyTorch layout, checking each tensor's shape and that every
 * tensor of the file is used exactly once.
 */
final class Params {

  private final NDManager manager;
  private final Map<String, NamedTensor> tensors;
  private final Set<String> used = new HashSet<>();

  Params(NDManager manager, Map<String, NamedTensor> tensors) {
    this.manager = manager;
    this.tensors = tensors;
  }

  /** A TF conv filter {@code (kh, kw, in, out)} as {@code (out, in, kh, kw)}. */
  NDArray convFilter(String name, int k, int in, int out) {
    return take(name, k, k, in, out).transpose(3, 2, 0, 1);
  }

  /** A TF depthwise filter {@code (kh, kw, c, 1)} as grouped weights {@code (c, 1, kh, kw)}. */
  NDArray depthwiseFilter(String name, int k, int channels) {
    return take(name, k, k, channels, 1).transpose(2, 3, 0, 1);
  }

  /**
   * A 1-D vector, reshaped to {@code (1, n, 1, 1)} when {@code asChannels} for NCHW broadcasting.
   */
  NDArray vector(String name, int n, boolean asChannels) {
    NDArray v = take(name, n);
    return asChannels ? v.reshape(1, n, 1, 1) : v;
  }

  /** A dense matrix {@code (in, out)}, used as {@code x · W}. */
  NDArray matrix(String name, int in, int out) {
    return take(name, in, out);
  }

  /** Fails unless every tensor was taken. */
  void requireAllUsed() {
    Set<String> left = new HashSet<>(tensors.keySet());
    left.removeAll(used);
    if (!left.isEmpty()) {
      throw new WeightsIntegrityException("unused weight tensors: " + left);
    }
  }

  private NDArray take(String name, int... shape) {
    NamedTensor t = tensors.get(name);
    if (t == null) {
      throw new WeightsIntegrityException("missing weight tensor " + name);
    }
    if (!Arrays.equals(t.shape(), shape)) {
      throw new WeightsIntegrityException(
          name
              + " has shape "
              + Arrays.toString(t.shape())
              + ", expected "
              + Arrays.toString(shape));
    }
    if (!used.add(name)) {
      throw new IllegalStateException(name + " taken twice");
    }
    long[] dims = Arrays.stream(shape).asLongStream().toArray();
    return manager.create(t.data(), new Shape(dims));
  }
}
