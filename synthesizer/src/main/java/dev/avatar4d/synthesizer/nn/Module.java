package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A DJL block with explicitly shaped parameters and named children, so that every parameter has a
 * stable dotted path ({@code encoder_canonical.blocks_source.0.attn1.q.weight}) and the parameter
 * count is known without allocating anything.
 *
 * <p>Parameters are created without gradients; inference never pays for autograd bookkeeping.
 */
public abstract class Module extends AbstractBlock {

  private final Map<String, Module> modules = new LinkedHashMap<>();
  private final Map<String, Parameter> params = new LinkedHashMap<>();
  private final Map<String, Init> inits = new LinkedHashMap<>();

  /** Registers a named child. */
  protected final <M extends Module> M child(String name, M module) {
    if (modules.containsKey(name) || params.containsKey(name)) {
      throw new IllegalArgumentException("duplicate member name: " + name);
    }
    modules.put(name, module);
    addChildBlock(name, module);
    return module;
  }

  /** Registers a named parameter of fixed shape. */
  protected final Parameter param(String name, Init init, long... shape) {
    if (modules.containsKey(name) || params.containsKey(name)) {
      throw new IllegalArgumentException("duplicate member name: " + name);
    }
    Parameter p =
        Parameter.builder()
            .setName(name)
            .setType(typeOf(name))
            .optShape(new Shape(shape))
            .optRequiresGrad(false)
            .build();
    params.put(name, p);
    inits.put(name, init);
    addParameter(p);
    return p;
  }

  private static Parameter.Type typeOf(String name) {
    return switch (name) {
      case "bias" -> Parameter.Type.BIAS;
      case "running_mean" -> Parameter.Type.RUNNING_MEAN;
      case "running_var" -> Parameter.Type.RUNNING_VAR;
      default -> Parameter.Type.WEIGHT;
    };
  }

  /** Direct children by name, in registration order. */
  public Map<String, Module> modules() {
    return Collections.unmodifiableMap(modules);
  }

  /** Every parameter of this module and its descendants, keyed by dotted path. */
  public Map<String, Parameter> namedParameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    collect("", out);
    return out;
  }

  private void collect(String prefix, Map<String, Parameter> out) {
    params.forEach((n, p) -> out.put(prefix + n, p));
    modules.forEach((n, m) -> m.collect(prefix + n + ".", out));
  }

  private void collectInits(String prefix, Map<String, Init> out) {
    inits.forEach((n, i) -> out.put(prefix + n, i));
    modules.forEach((n, m) -> m.collectInits(prefix + n + ".", out));
  }

  /** Number of scalars over all parameters, computed from shapes alone. */
  public long parameterCount() {
    return namedParameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
  }

  /**
   * Allocates every parameter on {@code manager} with seeded random values. Each parameter draws
   * from its own stream derived from {@code seed} and its path, so values do not depend on
   * registration order or on the device.
   */
  public void initialize(NDManager manager, long seed) {
    Map<String, Init> allInits = new LinkedHashMap<>();
    collectInits("", allInits);
    namedParameters()
        .forEach(
            (path, p) -> {
              Shape shape = p.getShape();
              float[] data = new float[Math.toIntExact(shape.size())];
              allInits
                  .get(path)
                  .fill(
                      data,
                      shape,
                      new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ path.hashCode()));
              NDArray array = manager.create(data, shape);
              p.setInitializer((m, s, t) -> array);
              p.initialize(manager, DataType.FLOAT32);
            });
  }

  /** The generic DJL entry; modules with several inputs document their list layout. */
  protected abstract NDList run(NDList inputs);

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    return run(inputs);
  }

  /**
   * Output shapes, obtained by running the module on zeros (shapes here depend on the data path).
   */
  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Parameter any =
        params.isEmpty()
            ? namedParameters().values().stream().findFirst().orElse(null)
            : params.values().iterator().next();
    if (any == null || any.getArray() == null) {
      throw new IllegalStateException("initialise the module before asking for output shapes");
    }
    try (NDManager scratch = any.getArray().getManager().newSubManager()) {
      NDList zeros = new NDList();
      for (Shape s : inputShapes) {
        zeros.add(scratch.zeros(s));
      }
      return run(zeros).getShapes();
    }
  }

  /** The array of a direct parameter. */
  protected static NDArray value(Parameter p) {
    NDArray a = p.getArray();
    if (a == null) {
      throw new IllegalStateException("parameter " + p.getName() + " is not initialised");
    }
    return a;
  }
}
