package dev.avatar4d.trainer.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/**
 * One optimisation step: the loss is computed under a gradient collector inside a fresh scope,
 * back-propagated, and applied by {@link Adam}; the scope (every activation of the step) is then
 * freed. A non-finite loss or gradient skips the update and clears the gradients, so one bad batch
 * cannot poison the moments ({@link Adam#skippedSteps()} counts them).
 */
public final class TrainingStep {

  private TrainingStep() {}

  /**
   * Runs one step.
   *
   * @param adam the optimiser holding the trainable leaves
   * @param parent the manager the step's scope is created under
   * @param loss builds a scalar loss; every array it creates should belong to the scope it is given
   *     (create or attach its inputs there)
   * @return the loss value before the update
   */
  public static float run(Adam adam, NDManager parent, Function<NDManager, NDArray> loss) {
    try (NDManager scope = parent.newSubManager()) {
      float value;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray l = loss.apply(scope);
        if (l.getShape().size() != 1) {
          throw new IllegalArgumentException("loss must be a scalar, got shape " + l.getShape());
        }
        collector.backward(l);
        value = l.toType(DataType.FLOAT32, false).getFloat();
      }
      if (Float.isFinite(value)) {
        adam.step();
      } else {
        adam.skip();
      }
      return value;
    }
  }
}
