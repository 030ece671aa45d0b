package dev.avatar4d.synthesizer.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.avatar4d.synthesizer.nn.Module;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our own weights format: a safetensors file whose {@code __metadata__} says {@code format =
 * avatar4d}, the format {@code version} and the {@code preset}; tensor names are our parameter
 * paths. Loading refuses files of another format, version or preset, and files whose tensors do not
 * match the network one for one.
 */
public final class WeightsFile {

  /** Value of the {@code format} metadata key. */
  public static final String FORMAT = "avatar4d";

  /** Current format version; bump it whenever parameter names or layouts change. */
  public static final int VERSION = 1;

  private WeightsFile() {}

  /** Saves every parameter of {@code network}, tagged with {@code preset}. */
  public static void save(Module network, String preset, Path path) throws IOException {
    Map<String, Parameter> params = network.namedParameters();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    params.forEach((name, p) -> shapes.put(name, p.getShape().getShape()));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.put("version", Integer.toString(VERSION));
    meta.put("preset", preset);
    SafeTensors.write(
        path,
        meta,
        shapes,
        name -> {
          NDArray a = params.get(name).getArray();
          if (a == null) {
            throw new IllegalStateException("parameter " + name + " is not initialised");
          }
          return a.toFloatArray();
        });
  }

  /**
   * Loads {@code path} into {@code network}.
   *
   * @throws WeightsMismatchException when the file's format, version or preset differ from what is
   *     expected, or its tensors do not match the network's parameters
   */
  public static void load(Path path, Module network, String preset) throws IOException {
    try (SafeTensors.Reader reader = SafeTensors.open(path)) {
      checkHeader(path, reader.metadata(), preset);
      Map<String, Parameter> params = network.namedParameters();
      List<String> problems = new ArrayList<>();
      params.forEach(
          (name, p) -> {
            SafeTensors.Entry e = reader.entries().get(name);
            if (e == null) {
              problems.add("missing " + name);
            } else if (!java.util.Arrays.equals(e.shape(), p.getShape().getShape())) {
              problems.add(
                  name
                      + " has shape "
                      + java.util.Arrays.toString(e.shape())
                      + ", expected "
                      + p.getShape());
            }
          });
      reader.entries().keySet().stream()
          .filter(k -> !params.containsKey(k))
          .forEach(k -> problems.add("unexpected " + k));
      if (!problems.isEmpty()) {
        throw new WeightsMismatchException(
            path
                + " does not match the "
                + preset
                + " network: "
                + String.join("; ", problems.subList(0, Math.min(20, problems.size())))
                + (problems.size() > 20 ? " (and " + (problems.size() - 20) + " more)" : ""));
      }
      params.forEach((name, p) -> assign(p, reader.readFloats(name)));
    }
  }

  /** Copies {@code values} into an initialised parameter. */
  static void assign(Parameter p, float[] values) {
    NDArray a = p.getArray();
    if (a == null) {
      throw new IllegalStateException(
          "parameter " + p.getName() + " must be initialised before loading");
    }
    a.set(FloatBuffer.wrap(values));
  }

  private static void checkHeader(Path path, Map<String, String> meta, String preset) {
    String format = meta.get("format");
    if (!FORMAT.equals(format)) {
      throw new WeightsMismatchException(
          path
              + " is not an Avatar4D weights file (format '"
              + format
              + "'); official checkpoints must be converted with OfficialCheckpointImporter first");
    }
    String version = meta.get("version");
    if (!Integer.toString(VERSION).equals(version)) {
      throw new WeightsMismatchException(
          path
              + " has weights format version "
              + version
              + " but this build reads version "
              + VERSION
              + "; re-export the weights with a matching build");
    }
    String filePreset = meta.get("preset");
    if (!preset.equals(filePreset)) {
      throw new WeightsMismatchException(
          path
              + " holds weights for preset '"
              + filePreset
              + "' but the model was opened with preset '"
              + preset
              + "'");
    }
  }

  /** The metadata of a weights file, without loading tensors. */
  public static Map<String, String> metadata(Path path) throws IOException {
    try (SafeTensors.Reader reader = SafeTensors.open(path)) {
      return reader.metadata();
    }
  }

  /**
   * The file that pins a weights file's digest: {@code <file>.sha256}, holding the lower-case hex
   * SHA-256 (optionally followed by the file name, as {@code sha256sum} writes it).
   */
  public static Path digestFile(Path weights) {
    return weights.resolveSibling(weights.getFileName() + ".sha256");
  }

  /**
   * The file's SHA-256, checked against its {@link #digestFile} when one exists.
   *
   * @throws WeightsMismatchException when the pinned digest differs: the file is corrupt, truncated
   *     or not the one that was shipped
   */
  public static String verifiedSha256(Path weights) throws IOException {
    String actual = sha256(weights);
    Path pin = digestFile(weights);
    if (Files.exists(pin)) {
      String text = Files.readString(pin).trim();
      String expected =
          text.isEmpty() ? "" : text.split("\\s+")[0].toLowerCase(java.util.Locale.ROOT);
      if (!expected.equals(actual)) {
        throw new WeightsMismatchException(
            weights
                + " has SHA-256 "
                + actual
                + " but "
                + pin
                + " expects "
                + expected
                + "; the file is damaged or was replaced (re-fetch it or retrain with ./avatar4d train)");
      }
    }
    return actual;
  }

  /** Lower-case hex SHA-256 of the file's bytes. */
  public static String sha256(Path path) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
    try (InputStream in = Files.newInputStream(path)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        digest.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
