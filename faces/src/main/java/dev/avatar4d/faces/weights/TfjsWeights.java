package dev.avatar4d.faces.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads TF.js "weights manifest" models: a JSON manifest naming binary shards and, in order, the
 * tensors packed into their concatenation.
 *
 * <p>Values are little-endian. Plain tensors are {@code float32} or {@code int32}; quantised ones
 * carry a {@code quantization} entry: {@code uint8}/{@code uint16} with {@code value = q · scale +
 * min} (face-api's files use only {@code uint8}; TF.js's {@code float16} quantisation is refused).
 */
public final class TfjsWeights {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TfjsWeights() {}

  /**
   * Reads {@code <model>-weights_manifest.json} and its shards, every file checked by {@code
   * files}.
   *
   * @return the tensors by name, in manifest order
   */
  public static Map<String, NamedTensor> read(ModelFiles files, String model) {
    JsonNode manifest = parse(files.read(model + "-weights_manifest.json"));
    Map<String, NamedTensor> out = new LinkedHashMap<>();
    for (JsonNode group : manifest) {
      ByteBuffer data = concatShards(files, group.get("paths"));
      for (JsonNode entry : group.get("weights")) {
        NamedTensor t = readTensor(entry, data);
        if (out.put(t.name(), t) != null) {
          throw new WeightsIntegrityException(model + ": tensor " + t.name() + " appears twice");
        }
      }
      if (data.hasRemaining()) {
        throw new WeightsIntegrityException(
            model + ": " + data.remaining() + " bytes left after the last tensor");
      }
    }
    return out;
  }

  private static JsonNode parse(byte[] json) {
    try {
      JsonNode node = JSON.readTree(json);
      if (!node.isArray()) {
        throw new WeightsIntegrityException("a weights manifest is a JSON array of groups");
      }
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ByteBuffer concatShards(ModelFiles files, JsonNode paths) {
    byte[][] shards = new byte[paths.size()][];
    int total = 0;
    for (int i = 0; i < shards.length; i++) {
      shards[i] = files.read(paths.get(i).asText());
      total += shards[i].length;
    }
    ByteBuffer all = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    for (byte[] s : shards) {
      all.put(s);
    }
    return all.flip();
  }

  private static NamedTensor readTensor(JsonNode entry, ByteBuffer data) {
    String name = entry.get("name").asText();
    JsonNode shapeNode = entry.get("shape");
    int[] shape = new int[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asInt();
    }
    int n = Math.toIntExact(NamedTensor.elementCount(shape));
    JsonNode q = entry.get("quantization");
    String dtype = q != null ? q.get("dtype").asText() : entry.get("dtype").asText();
    int bytes = bytesPer(dtype, name);
    if (data.remaining() < (long) n * bytes) {
      throw new WeightsIntegrityException(name + ": shards end before the tensor does");
    }
    float[] values = new float[n];
    if (q == null) {
      readPlain(dtype, data, values);
    } else {
      readQuantised(q, dtype, data, values);
    }
    return new NamedTensor(name, shape, values);
  }

  private static int bytesPer(String dtype, String name) {
    return switch (dtype) {
      case "float32", "int32" -> 4;
      case "uint16" -> 2;
      case "uint8" -> 1;
      default -> throw new WeightsIntegrityException(name + ": unsupported dtype " + dtype);
    };
  }

  private static void readPlain(String dtype, ByteBuffer data, float[] values) {
    for (int i = 0; i < values.length; i++) {
      values[i] = dtype.equals("int32") ? data.getInt() : data.getFloat();
    }
  }

  /** The affine uint8/uint16 quantisation face-api's files use (TF.js's float16 one is refused). */
  private static void readQuantised(JsonNode q, String dtype, ByteBuffer data, float[] values) {
    // As TF.js does: the affine map in double precision, then rounded to float32.
    double scale = q.get("scale").asDouble();
    double min = q.get("min").asDouble();
    for (int i = 0; i < values.length; i++) {
      int v =
          dtype.equals("uint8")
              ? Byte.toUnsignedInt(data.get())
              : Short.toUnsignedInt(data.getShort());
      values[i] = (float) (v * scale + min);
    }
  }
}
