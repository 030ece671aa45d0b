package dev.avatar4d.synthesizer.nn;

import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An indexed container whose children are named 0, 1, 2, ... like PyTorch's ModuleList. */
public final class ModuleList<M extends Module> extends Module {

  private final List<M> items = new ArrayList<>();

  /** Appends {@code module} under the next index. */
  public M add(M module) {
    child(String.valueOf(items.size()), module);
    items.add(module);
    return module;
  }

  /** The children in order. */
  public List<M> items() {
    return Collections.unmodifiableList(items);
  }

  /** Runs the children one after another (each must accept the previous one's output). */
  @Override
  protected NDList run(NDList inputs) {
    NDList x = inputs;
    for (M m : items) {
      x = m.run(x);
    }
    return x;
  }
}
