package dev.avatar4d.synthesizer.weights;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Imports the official Portrait4D-v2 checkpoint, as exported by {@code tools/export_official.py}
 * (G_ema's state dict plus PD-FGC's under {@code pdfgc.}), into a full-preset network.
 *
 * <p>Plain tensors are renamed through {@link OfficialNames}; the OSG decoder's StyleGAN
 * fully-connected weights get their 1/√in gain; each super-resolution modulated layer is folded
 * with its constant style affine(w_avg) into a plain weight ({@link StyleFolding}). Every network
 * parameter the checkpoint does not provide, and every checkpoint key we do not understand, is
 * reported.
 */
public final class OfficialCheckpointImporter {

  private static final Pattern SR_KEY =
      Pattern.compile(
          "superresolution\\.block(\\d)\\.(conv0|conv1|torgb)\\.(weight|bias|affine\\.weight|affine\\.bias)");
  private static final String W_AVG = "w_avg";

  private OfficialCheckpointImporter() {}

  /** A read-only view of a state dict: names, shapes and values. */
  public interface StateDict {
    /** Every key, in file order. */
    Set<String> keys();

    /** The shape of {@code key}. */
    long[] shape(String key);

    /** The values of {@code key}, row-major. */
    float[] values(String key);

    /** A state dict backed by an open safetensors reader. */
    static StateDict of(SafeTensors.Reader reader) {
      return new StateDict() {
        @Override
        public Set<String> keys() {
          return reader.entries().keySet();
        }

        @Override
        public long[] shape(String key) {
          return reader.entries().get(key).shape();
        }

        @Override
        public float[] values(String key) {
          return reader.readFloats(key);
        }
      };
    }

    /** A state dict backed by in-memory tensors. */
    static StateDict of(Map<String, SafeTensors.Tensor> tensors) {
      return new StateDict() {
        @Override
        public Set<String> keys() {
          return tensors.keySet();
        }

        @Override
        public long[] shape(String key) {
          return tensors.get(key).shape();
        }

        @Override
        public float[] values(String key) {
          return tensors.get(key).data();
        }
      };
    }
  }

  /**
   * Copies {@code official} into {@code network}, whose parameters must be initialised.
   *
   * @return what was imported, missing, unexpected and deliberately ignored
   */
  public static ImportReport importInto(Portrait4DNetwork network, StateDict official) {
    Map<String, Parameter> ours = network.namedParameters();
    Set<String> assigned = new LinkedHashSet<>();
    List<String> unexpected = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    Map<String, String> srKeys = new LinkedHashMap<>();
    for (String raw : official.keys()) {
      String key = OfficialNames.normalise(raw);
      if (OfficialNames.ignored(key)) {
        ignored.add(raw);
        continue;
      }
      if (key.equals(W_AVG) || SR_KEY.matcher(key).matches()) {
        srKeys.put(key, raw);
        continue;
      }
      var target = OfficialNames.map(key);
      Parameter p = target.map(t -> ours.get(t.path())).orElse(null);
      if (p == null) {
        unexpected.add(raw + target.map(t -> " (maps to unknown " + t.path() + ")").orElse(""));
        continue;
      }
      long[] shape = official.shape(raw);
      if (!Arrays.equals(shape, p.getShape().getShape())) {
        unexpected.add(
            raw
                + " (shape "
                + Arrays.toString(shape)
                + " does not fit "
                + target.get().path()
                + " "
                + p.getShape()
                + ")");
        continue;
      }
      float[] values = official.values(raw);
      if (target.get().transform() == OfficialNames.Transform.FC_GAIN) {
        values = scaled(values, (float) (1.0 / Math.sqrt(shape[1])));
      }
      WeightsFile.assign(p, values);
      assigned.add(target.get().path());
    }
    foldSuperResolution(ours, official, srKeys, assigned, unexpected);
    List<String> missing = ours.keySet().stream().filter(k -> !assigned.contains(k)).toList();
    return new ImportReport(new ArrayList<>(assigned), missing, unexpected, ignored);
  }

  private static void foldSuperResolution(
      Map<String, Parameter> ours,
      StateDict official,
      Map<String, String> srKeys,
      Set<String> assigned,
      List<String> unexpected) {
    Set<String> used = new LinkedHashSet<>();
    String wKey = srKeys.get(W_AVG);
    float[] w = wKey == null ? null : official.values(wKey);
    if (wKey != null) {
      used.add(W_AVG);
    }
    for (int block = 0; block < 2; block++) {
      for (String layer : List.of("conv0", "conv1", "torgb")) {
        String prefix = "superresolution.block" + block + "." + layer + ".";
        Parameter weight = ours.get(prefix + "weight");
        Parameter bias = ours.get(prefix + "bias");
        String bKey = srKeys.get(prefix + "bias");
        if (bKey != null
            && bias != null
            && official.shape(bKey).length == 1
            && official.shape(bKey)[0] == bias.getShape().get(0)) {
          WeightsFile.assign(bias, official.values(bKey));
          assigned.add(prefix + "bias");
          used.add(prefix + "bias");
        }
        String kKey = srKeys.get(prefix + "weight");
        String aw = srKeys.get(prefix + "affine.weight");
        String ab = srKeys.get(prefix + "affine.bias");
        if (w == null || kKey == null || aw == null || ab == null || weight == null) {
          continue;
        }
        long[] shape = official.shape(kKey);
        if (!Arrays.equals(shape, weight.getShape().getShape())) {
          unexpected.add(
              kKey
                  + " (shape "
                  + Arrays.toString(shape)
                  + " does not fit "
                  + weight.getShape()
                  + ")");
          continue;
        }
        int out = (int) shape[0];
        int in = (int) shape[1];
        float[] style = StyleFolding.style(official.values(aw), official.values(ab), w);
        boolean toRgb = layer.equals("torgb");
        // ToRGB is not demodulated; its weight gain 1/√(in·k²) has k = 1.
        float gain = toRgb ? (float) (1.0 / Math.sqrt(in)) : 1f;
        WeightsFile.assign(
            weight, StyleFolding.fold(official.values(kKey), out, in, style, gain, !toRgb));
        assigned.add(prefix + "weight");
        used.add(prefix + "weight");
        used.add(prefix + "affine.weight");
        used.add(prefix + "affine.bias");
      }
    }
    srKeys.forEach(
        (key, raw) -> {
          if (!used.contains(key)) {
            unexpected.add(raw);
          }
        });
  }

  private static float[] scaled(float[] values, float gain) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] * gain;
    }
    return out;
  }

  /**
   * Converts an exported official checkpoint into our weights format for the full preset.
   *
   * @return the import report; the output is written even when parameters are missing (they keep
   *     their seeded initialisation), so callers should check {@link ImportReport#complete()}
   */
  public static ImportReport convert(Path officialSafetensors, Path output, long seed)
      throws IOException {
    ModelPreset full = ModelPreset.full();
    try (NDManager manager = NDManager.newBaseManager();
        SafeTensors.Reader reader = SafeTensors.open(officialSafetensors)) {
      Portrait4DNetwork network = new Portrait4DNetwork(full);
      network.initialize(manager, seed);
      ImportReport report = importInto(network, StateDict.of(reader));
      WeightsFile.save(network, full.name(), output);
      return report;
    }
  }

  /** Command line: {@code OfficialCheckpointImporter <official.safetensors> <out.safetensors>}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println(
          "usage: OfficialCheckpointImporter <official.safetensors> <avatar4d-full.safetensors>");
      System.exit(2);
    }
    ImportReport report = convert(Path.of(args[0]), Path.of(args[1]), 42L);
    System.out.println(report.describe());
    System.exit(report.complete() ? 0 : 1);
  }
}
