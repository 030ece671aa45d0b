package dev.avatar4d.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.avatar4d.synthesizer.weights.SafeTensors;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Adam (Kingma and Ba) over NDArray leaves, with per-group learning-rate scales, computed exactly
 * as {@code torch.optim.Adam} without weight decay or amsgrad:
 *
 * <pre>
 * m ← β1·m + (1−β1)·g        v ← β2·v + (1−β2)·g²
 * p ← p − (lr·scale / (1−β1^t)) · m / (√v / √(1−β2^t) + ε)
 * </pre>
 *
 * <p>Defaults are the Portrait4D-v2 settings: β = (0.9, 0.999) and <b>ε = 1e-5</b> (the official
 * {@code G_opt_kwargs}; torch's default is 1e-8, available through {@link Builder#epsilon}). The
 * larger ε damps the first steps of parameters whose gradients are tiny, such as the
 * zero-initialised motion cross-attention outputs.
 *
 * <p>The moments live in the optimiser's own NDManager, created as children of {@code parent}, and
 * are freed by {@link #close()}. The step counter is shared by all parameters, as torch's is in
 * practice. A parameter whose gradient is undefined (backward never reached it) is skipped, like
 * torch's {@code grad is None}; one whose gradient is all zeros is updated (its momentum keeps
 * moving it). Gradients are cleared after every step; a step whose gradients are not all finite is
 * refused as a whole (see {@link #step()}).
 */
public final class Adam implements AutoCloseable {

  /**
   * Parameters sharing one learning-rate scale.
   *
   * @param name label for diagnostics
   * @param parameters the leaves, by name
   * @param lrScale multiplier of the base learning rate (2.5 for {@code cross_lr_scale})
   */
  public record Group(String name, Map<String, NDArray> parameters, float lrScale) {

    /** Validates the scale and copies the map. */
    public Group {
      Objects.requireNonNull(name, "name");
      parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
      if (!(lrScale >= 0f) || !Float.isFinite(lrScale)) {
        throw new IllegalArgumentException("lrScale must be finite and >= 0, got " + lrScale);
      }
    }
  }

  private final NDManager state;
  private final List<Group> groups;
  private final Map<NDArray, Moments> moments = new IdentityHashMap<>();
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private float learningRate;
  private long step;
  private long skipped;

  private Adam(Builder b) {
    this.state = b.parent.newSubManager();
    this.groups = List.copyOf(b.groups);
    this.learningRate = b.learningRate;
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.epsilon = b.epsilon;
    for (Group g : groups) {
      for (NDArray p : g.parameters().values()) {
        if (moments.containsKey(p)) {
          throw new IllegalArgumentException("a parameter appears in two groups: " + g.name());
        }
        moments.put(
            p,
            new Moments(
                state.zeros(p.getShape(), p.getDataType()),
                state.zeros(p.getShape(), p.getDataType())));
      }
    }
  }

  /**
   * {@link #forPortrait4D(TrainableParameters, NDManager, float, float, float)} with the decoder at
   * 1×.
   */
  public static Adam forPortrait4D(
      TrainableParameters params, NDManager parent, float learningRate, float motionLrScale) {
    return forPortrait4D(params, parent, learningRate, motionLrScale, 1f);
  }

  /**
   * Three groups: the motion-related parameters at {@code motionLrScale}, the OSG decoder (the NeRF
   * MLP, names starting {@code decoder.}) at {@code decoderLrScale}, and the rest at 1×. The
   * decoder's density head starts at zero, and at the encoder's rate it needs hundreds of steps
   * before any ray can become opaque.
   */
  public static Adam forPortrait4D(
      TrainableParameters params,
      NDManager parent,
      float learningRate,
      float motionLrScale,
      float decoderLrScale) {
    Predicate<String> decoder = name -> name.startsWith("decoder.");
    return builder(parent)
        .learningRate(learningRate)
        .group(
            new Group(
                "base",
                params.matching(decoder.negate().and(TrainableParameters.MOTION_RELATED.negate())),
                1f))
        .group(new Group("decoder", params.matching(decoder), decoderLrScale))
        .group(new Group("motion", params.motionRelated(), motionLrScale))
        .build();
  }

  /** Starts an optimiser whose state is a child of {@code parent}. */
  public static Builder builder(NDManager parent) {
    return new Builder(parent);
  }

  /**
   * Applies one update from the accumulated gradients, then clears them. When any gradient holds a
   * NaN or an infinity nothing is updated (one bad batch would otherwise turn every moment and
   * parameter into NaN for good); the gradients are cleared either way.
   *
   * @return whether the update was applied
   */
  public boolean step() {
    if (!gradientsFinite()) {
      skip();
      return false;
    }
    step++;
    float correction1 = 1f - (float) Math.pow(beta1, step);
    float sqrtCorrection2 = (float) Math.sqrt(1f - Math.pow(beta2, step));
    try (Autograd.NoGrad ignored = Autograd.noGrad()) {
      for (Group g : groups) {
        float stepSize = learningRate * g.lrScale() / correction1;
        for (NDArray p : g.parameters().values()) {
          update(p, moments.get(p), stepSize, sqrtCorrection2);
        }
      }
    }
    return true;
  }

  /** One reduction per parameter and a single host sync: max|g| propagates NaN and infinity. */
  private boolean gradientsFinite() {
    try (NDManager scope = state.newSubManager();
        Autograd.NoGrad ignored = Autograd.noGrad()) {
      NDList peaks = new NDList();
      for (NDArray p : moments.keySet()) {
        NDArray grad = Autograd.gradientOrNull(p);
        if (grad != null) {
          grad.attach(scope);
          peaks.add(grad.abs().max());
        }
      }
      if (peaks.isEmpty()) {
        return true;
      }
      NDArray peak = NDArrays.stack(peaks).max();
      return !peak.isNaN().getBoolean() && !peak.isInfinite().getBoolean();
    }
  }

  private void update(NDArray p, Moments mv, float stepSize, float sqrtCorrection2) {
    NDArray grad = Autograd.gradientOrNull(p);
    if (grad == null) {
      return;
    }
    try (NDManager scope = state.newSubManager()) {
      grad.attach(scope);
      // Borrowed so that every temporary lands in the scope, not in the long-lived managers.
      mv.m().tempAttach(scope);
      mv.v().tempAttach(scope);
      mv.m().muli(beta1).addi(grad.mul(1f - beta1));
      mv.v().muli(beta2).addi(grad.square().muli(1f - beta2));
      NDArray denominator = mv.v().sqrt().divi(sqrtCorrection2).addi(epsilon);
      p.subi(mv.m().div(denominator).muli(stepSize));
    }
    Autograd.zeroGradient(p);
  }

  /** Discards the accumulated gradients without updating, e.g. after a non-finite loss. */
  public void skip() {
    skipped++;
    moments.keySet().forEach(Autograd::zeroGradient);
  }

  /** Base learning rate (before group scales). */
  public float learningRate() {
    return learningRate;
  }

  /** Changes the base learning rate, e.g. for a schedule; the moments are kept. */
  public void setLearningRate(float learningRate) {
    this.learningRate = checkRate(learningRate);
  }

  /** Number of updates applied. */
  public long steps() {
    return step;
  }

  /** Number of steps refused because a gradient was not finite. */
  public long skippedSteps() {
    return skipped;
  }

  /** The groups, in order. */
  public List<Group> groups() {
    return groups;
  }

  /**
   * Writes the moments, the step count and the learning rate to a safetensors file, so a run can
   * resume exactly where it stopped. Tensors are named {@code m/<param>} and {@code v/<param>}.
   */
  public void saveState(Path path) throws IOException {
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
    for (Group g : groups) {
      g.parameters()
          .forEach(
              (name, p) -> {
                Moments mv = moments.get(p);
                long[] shape = p.getShape().getShape();
                tensors.put("m/" + name, new SafeTensors.Tensor(shape, mv.m().toFloatArray()));
                tensors.put("v/" + name, new SafeTensors.Tensor(shape, mv.v().toFloatArray()));
              });
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", "avatar4d-adam");
    meta.put("step", Long.toString(step));
    meta.put("skipped", Long.toString(skipped));
    meta.put("learning_rate", Float.toString(learningRate));
    SafeTensors.write(path, meta, tensors);
  }

  /**
   * Restores what {@link #saveState} wrote for the same parameter names and shapes.
   *
   * @throws IllegalArgumentException when the file lacks a parameter or holds another shape
   */
  public void loadState(Path path) throws IOException {
    try (SafeTensors.Reader reader = SafeTensors.open(path)) {
      Map<String, String> meta = reader.metadata();
      if (!"avatar4d-adam".equals(meta.get("format"))) {
        throw new IllegalArgumentException(path + " is not an optimiser state file");
      }
      for (Group g : groups) {
        for (Map.Entry<String, NDArray> e : g.parameters().entrySet()) {
          Moments mv = moments.get(e.getValue());
          restore(reader, "m/" + e.getKey(), mv.m());
          restore(reader, "v/" + e.getKey(), mv.v());
        }
      }
      step = Long.parseLong(meta.get("step"));
      skipped = Long.parseLong(meta.get("skipped"));
      learningRate = checkRate(Float.parseFloat(meta.get("learning_rate")));
    }
  }

  private static void restore(SafeTensors.Reader reader, String name, NDArray into) {
    SafeTensors.Entry entry = reader.entries().get(name);
    if (entry == null || !java.util.Arrays.equals(entry.shape(), into.getShape().getShape())) {
      throw new IllegalArgumentException(
          "optimiser state has no " + name + " of shape " + into.getShape());
    }
    into.set(FloatBuffer.wrap(reader.readFloats(name)));
  }

  /** Frees the moments. */
  @Override
  public void close() {
    state.close();
  }

  private static float checkRate(float lr) {
    if (!(lr > 0f) || !Float.isFinite(lr)) {
      throw new IllegalArgumentException("learning rate must be finite and > 0, got " + lr);
    }
    return lr;
  }

  private record Moments(NDArray m, NDArray v) {}

  /** Hyper-parameters and groups of an {@link Adam}. */
  public static final class Builder {
    private final NDManager parent;
    private final List<Group> groups = new ArrayList<>();
    private float learningRate = 1e-4f;
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-5f;

    private Builder(NDManager parent) {
      this.parent = Objects.requireNonNull(parent, "parent");
    }

    /** Base learning rate; default 1e-4 (the paper's G lr). */
    public Builder learningRate(float value) {
      learningRate = checkRate(value);
      return this;
    }

    /** β1 and β2, each in [0, 1); default 0.9 and 0.999. */
    public Builder betas(float b1, float b2) {
      if (!(b1 >= 0f && b1 < 1f) || !(b2 >= 0f && b2 < 1f)) {
        throw new IllegalArgumentException("betas must be in [0, 1), got " + b1 + ", " + b2);
      }
      beta1 = b1;
      beta2 = b2;
      return this;
    }

    /** ε; default 1e-5 (Portrait4D-v2), torch's default is 1e-8. */
    public Builder epsilon(float value) {
      if (!(value > 0f) || !Float.isFinite(value)) {
        throw new IllegalArgumentException("epsilon must be finite and > 0, got " + value);
      }
      epsilon = value;
      return this;
    }

    /** Adds a parameter group. */
    public Builder group(Group group) {
      groups.add(Objects.requireNonNull(group, "group"));
      return this;
    }

    /** Adds a group at learning-rate scale 1. */
    public Builder group(String name, Map<String, NDArray> parameters) {
      return group(new Group(name, parameters, 1f));
    }

    /** The optimiser with zeroed moments. */
    public Adam build() {
      if (groups.isEmpty()) {
        throw new IllegalStateException("Adam needs at least one parameter group");
      }
      return new Adam(this);
    }
  }
}
