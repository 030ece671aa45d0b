package dev.avatar4d.synthesizer.weights;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

  @TempDir Path dir;

  @Test
  void writtenTensorsReadBackWithShapesAndMetadata() throws Exception {
    Path file = dir.resolve("t.safetensors");
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
    tensors.put(
        "a.weight", new SafeTensors.Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
    tensors.put("b", new SafeTensors.Tensor(new long[] {1}, new float[] {-0.5f}));
    SafeTensors.write(file, Map.of("k", "v"), tensors);

    try (SafeTensors.Reader r = SafeTensors.open(file)) {
      assertThat(r.metadata()).containsEntry("k", "v");
      assertThat(r.entries()).containsKeys("a.weight", "b");
      assertThat(r.entries().get("a.weight").shape()).containsExactly(2, 3);
      assertThat(r.readFloats("a.weight")).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(r.readFloats("b")).containsExactly(-0.5f);
    }
    long headerLength =
        ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(headerLength % 8).isZero();
  }

  @Test
  void halfPrecisionAndInt64TensorsFromOtherWritersAreConverted() throws Exception {
    String header =
        "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
            + "\"n\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[4,12]}}";
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(8 + json.length + 12).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(json.length)
        .put(json)
        .putShort((short) 0x3C00)
        .putShort((short) 0xC000)
        .putLong(7L);
    Path file = dir.resolve("h.safetensors");
    Files.write(file, buf.array());
    try (SafeTensors.Reader r = SafeTensors.open(file)) {
      assertThat(r.readFloats("h")).containsExactly(1f, -2f);
      assertThat(r.readFloats("n")).containsExactly(7f);
    }
  }
}
