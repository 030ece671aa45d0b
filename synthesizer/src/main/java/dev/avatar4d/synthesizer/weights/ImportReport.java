package dev.avatar4d.synthesizer.weights;

import java.util.List;

/**
 * What an official-checkpoint import did.
 *
 * @param imported our parameter paths that received values
 * @param missing our parameter paths nothing in the checkpoint mapped to (they keep their
 *     initialisation)
 * @param unexpected checkpoint keys that map to nothing of ours, or whose shape does not fit
 * @param ignored checkpoint keys skipped on purpose (FLAME deformer buffers, SR noise and filter
 *     buffers, PD-FGC head-pose branch, BatchNorm counters)
 */
public record ImportReport(
    List<String> imported, List<String> missing, List<String> unexpected, List<String> ignored) {

  /** Copies the lists. */
  public ImportReport {
    imported = List.copyOf(imported);
    missing = List.copyOf(missing);
    unexpected = List.copyOf(unexpected);
    ignored = List.copyOf(ignored);
  }

  /** True when every parameter was set and every checkpoint key was understood. */
  public boolean complete() {
    return missing.isEmpty() && unexpected.isEmpty();
  }

  /** A multi-line human-readable summary listing every missing and unexpected key. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("imported ")
        .append(imported.size())
        .append(", missing ")
        .append(missing.size())
        .append(", unexpected ")
        .append(unexpected.size())
        .append(", ignored ")
        .append(ignored.size());
    missing.forEach(k -> sb.append("\n  missing: ").append(k));
    unexpected.forEach(k -> sb.append("\n  unexpected: ").append(k));
    return sb.toString();
  }
}
