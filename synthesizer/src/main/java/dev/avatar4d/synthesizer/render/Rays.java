package dev.avatar4d.synthesizer.render;

import ai.djl.ndarray.NDArray;

/**
 * Camera rays for a batch of N cameras at R×R pixels, pixel-major (row by row, top row first).
 *
 * @param origins {@code (N, 1, 3)} camera centres (shared by all rays of a camera)
 * @param directions {@code (N, R², 3)} unit world-space directions
 * @param near {@code (N, 1, 1)} start of the sampled interval
 * @param far {@code (N, 1, 1)} end of the sampled interval
 */
public record Rays(NDArray origins, NDArray directions, NDArray near, NDArray far) {

  /** World-space points {@code o + t·d} for depths {@code (N, R², S)}: {@code (N, R², S, 3)}. */
  public NDArray pointsAt(NDArray depths) {
    return origins.expandDims(2).add(depths.expandDims(-1).mul(directions.expandDims(2)));
  }
}
