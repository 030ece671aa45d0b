package dev.avatar4d.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.avatar4d.synthesizer.nn.Module;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The parameters of a {@link Module} that a training run updates, with gradients switched on.
 *
 * <p>The synthesizer creates every parameter without gradients so that inference pays nothing for
 * autograd; this class turns them on for the arrays it selects (by a predicate on the dotted name
 * from {@link Module#namedParameters()}) and off again in {@link #freeze()}. BatchNorm running
 * statistics are buffers, not parameters, and are never selected.
 *
 * <p>{@link #MOTION_RELATED} picks the parameters that Portrait4D-v2 trains with {@code
 * cross_lr_scale} (2.5× the base learning rate): the official rule is "name contains {@code
 * encoder_canonical} and one of {@code maps}, {@code proj_y}, {@code norm2}, {@code attn2}". In our
 * naming the motion mapping MLPs are {@code maps_source} / {@code maps_driving} (official {@code
 * maps_neutral} / {@code maps}) and the token projections are {@code tokens_source} / {@code
 * tokens_driving} (official {@code proj_y_neutral} / {@code proj_y}); {@code norm2} and {@code
 * attn2} are the cross-attention pre-norm and attention of every {@code BlockCross}. The triplane
 * decoder's {@code blocks.N.norm2} (its Mix-FFN pre-norm) is excluded, exactly as the official
 * {@code encoder_canonical} prefix excludes it. The motion encoder is not motion-related in this
 * sense: the paper keeps PD-FGC frozen, so it has no learning rate to scale.
 */
public final class TrainableParameters {

  /** Names of the canonical encoder's motion and cross-attention members. */
  private static final Set<String> MOTION_SEGMENTS =
      Set.of("maps_source", "maps_driving", "tokens_source", "tokens_driving", "norm2", "attn2");

  private static final String CANONICAL_PREFIX = "encoder_canonical.";

  /** Whether a dotted parameter name belongs to the {@code cross_lr_scale} group. */
  public static final Predicate<String> MOTION_RELATED = TrainableParameters::isMotionRelated;

  private final Map<String, NDArray> arrays;

  private TrainableParameters(Map<String, NDArray> arrays) {
    this.arrays = Collections.unmodifiableMap(arrays);
  }

  /** Enables gradients for every parameter of {@code module}. */
  public static TrainableParameters of(Module module) {
    return of(module, name -> true);
  }

  /**
   * Enables gradients for the parameters of {@code module} whose dotted name passes {@code
   * include}; the others are left as they are.
   *
   * @throws IllegalStateException if the module has not been initialised
   */
  public static TrainableParameters of(Module module, Predicate<String> include) {
    Map<String, NDArray> selected = new LinkedHashMap<>();
    module
        .namedParameters()
        .forEach(
            (name, p) -> {
              if (isBuffer(p) || !include.test(name)) {
                return;
              }
              NDArray array = p.getArray();
              if (array == null) {
                throw new IllegalStateException("parameter " + name + " is not initialised");
              }
              if (!array.hasGradient()) {
                array.setRequiresGradient(true);
              }
              selected.put(name, array);
            });
    return new TrainableParameters(selected);
  }

  private static boolean isBuffer(Parameter p) {
    return p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
  }

  /** True for the canonical encoder's motion maps, token projections, norm2 and attn2. */
  public static boolean isMotionRelated(String name) {
    if (!name.startsWith(CANONICAL_PREFIX)) {
      return false;
    }
    for (String segment : name.split("\\.")) {
      if (MOTION_SEGMENTS.contains(segment)) {
        return true;
      }
    }
    return false;
  }

  /** The selected arrays by dotted name, in registration order. */
  public Map<String, NDArray> arrays() {
    return arrays;
  }

  /** The selected arrays whose names pass {@code filter}, in registration order. */
  public Map<String, NDArray> matching(Predicate<String> filter) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    arrays.forEach(
        (name, array) -> {
          if (filter.test(name)) {
            out.put(name, array);
          }
        });
    return Collections.unmodifiableMap(out);
  }

  /** The selected parameters in the {@code cross_lr_scale} group. */
  public Map<String, NDArray> motionRelated() {
    return matching(MOTION_RELATED);
  }

  /** The selected parameters outside the {@code cross_lr_scale} group. */
  public Map<String, NDArray> others() {
    return matching(MOTION_RELATED.negate());
  }

  /** Number of scalars over the selected arrays. */
  public long scalarCount() {
    return arrays.values().stream().mapToLong(a -> a.getShape().size()).sum();
  }

  /** Clears every selected gradient (zeros in place). */
  public void zeroGradients() {
    arrays.values().forEach(Autograd::zeroGradient);
  }

  /** Switches gradients off again, e.g. before the module serves as a frozen teacher. */
  public void freeze() {
    arrays.values().forEach(a -> a.setRequiresGradient(false));
  }
}
