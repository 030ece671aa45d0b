package dev.avatar4d.synthesizer.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The small MLP that turns triplane features into per-sample radiance features and raw density (the
 * OSG decoder of Portrait4D-v2).
 */
@FunctionalInterface
public interface FeatureDecoder {

  /**
   * Decodes sampled triplane features.
   *
   * @param features shape {@code (..., C)}: the mean of the features sampled from the 3 planes
   * @return {@code NDList(rgbFeatures (..., Cf), rawDensity (..., 1))}, where the features are
   *     already activated ({@code sigmoid(x)·1.002 − 0.001}) and the density is raw (the renderer
   *     applies {@code softplus(σ − 1)})
   */
  NDList decode(NDArray features);
}
