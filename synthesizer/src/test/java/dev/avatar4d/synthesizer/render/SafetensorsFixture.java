package dev.avatar4d.synthesizer.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the parity fixtures (float32 safetensors files on the test classpath). */
public final class SafetensorsFixture {

  private final Map<String, NDArray> tensors = new LinkedHashMap<>();

  private SafetensorsFixture() {}

  /** Loads {@code /parity/<name>} into arrays owned by {@code manager}. */
  public static SafetensorsFixture load(NDManager manager, String name) {
    String resource = "/parity/" + name;
    try (InputStream in = SafetensorsFixture.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + resource);
      }
      ByteBuffer all = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      int headerLength = (int) all.getLong(0);
      byte[] header = new byte[headerLength];
      all.get(8, header);
      JsonNode json = new ObjectMapper().readTree(header);
      SafetensorsFixture fixture = new SafetensorsFixture();
      int base = 8 + headerLength;
      for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("__metadata__")) {
          continue;
        }
        fixture.tensors.put(e.getKey(), read(manager, all, base, e.getValue()));
      }
      return fixture;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static NDArray read(NDManager manager, ByteBuffer all, int base, JsonNode info) {
    if (!info.get("dtype").asText().equals("F32")) {
      throw new IllegalStateException("only F32 fixtures are supported: " + info);
    }
    long[] shape = new long[info.get("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = info.get("shape").get(i).asLong();
    }
    int start = base + info.get("data_offsets").get(0).asInt();
    int end = base + info.get("data_offsets").get(1).asInt();
    float[] values = new float[(end - start) / 4];
    all.slice(start, end - start).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return manager.create(values, new Shape(shape)).toType(DataType.FLOAT32, false);
  }

  /** The named tensor; throws when absent. */
  public NDArray get(String name) {
    NDArray a = tensors.get(name);
    if (a == null) {
      throw new IllegalArgumentException(
          "fixture has no tensor " + name + "; has " + tensors.keySet());
    }
    return a;
  }

  /** All tensors by name. */
  public Map<String, NDArray> all() {
    return tensors;
  }

  /** ‖actual − expected‖₂ / ‖expected‖₂. */
  public static double relativeL2(NDArray actual, NDArray expected) {
    if (!actual.getShape().equals(expected.getShape())) {
      throw new IllegalArgumentException(
          "shape " + actual.getShape() + " != expected " + expected.getShape());
    }
    double diff =
        actual
            .toType(DataType.FLOAT64, false)
            .sub(expected.toType(DataType.FLOAT64, false))
            .square()
            .sum()
            .getDouble();
    double ref = expected.toType(DataType.FLOAT64, false).square().sum().getDouble();
    return Math.sqrt(diff / ref);
  }
}
