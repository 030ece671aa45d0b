package dev.avatar4d.synthesizer.weights;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The safetensors container, in pure Java: an 8-byte little-endian header length, a JSON header
 * mapping tensor names to dtype, shape and byte range (plus an optional {@code __metadata__} string
 * map), then the raw little-endian data. We write F32; we read F32, F64, F16, BF16, I64 and I32 and
 * convert to float.
 */
public final class SafeTensors {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String METADATA = "__metadata__";
  private static final long MAX_HEADER = 100L << 20;

  private SafeTensors() {}

  /** A tensor's header entry. */
  public record Entry(String dtype, long[] shape, long begin, long end) {
    /** Number of elements. */
    public long size() {
      return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }
  }

  /** An in-memory F32 tensor. */
  public record Tensor(long[] shape, float[] data) {
    /** Validates that the data fills the shape. */
    public Tensor {
      long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
      if (n != data.length) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
      }
    }
  }

  /**
   * Writes F32 tensors, streaming their data one at a time.
   *
   * @param metadata string map stored under {@code __metadata__}
   * @param shapes tensor names and shapes, in file order
   * @param data supplies each tensor's values when it is written
   */
  public static void write(
      Path path,
      Map<String, String> metadata,
      Map<String, long[]> shapes,
      Function<String, float[]> data)
      throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      header.set(METADATA, JSON.valueToTree(metadata));
    }
    long offset = 0;
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      long bytes = Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b) * 4;
      ObjectNode entry = header.putObject(e.getKey());
      entry.put("dtype", "F32");
      entry.set("shape", JSON.valueToTree(e.getValue()));
      entry.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    // The format asks for the data to start 8-byte aligned; pad the header with spaces.
    int padded = (json.length + 7) / 8 * 8;
    byte[] headerBytes = Arrays.copyOf(json, padded);
    Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
    try (FileChannel ch =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
      len.flip();
      writeFully(ch, len);
      writeFully(ch, ByteBuffer.wrap(headerBytes));
      for (Map.Entry<String, long[]> e : shapes.entrySet()) {
        float[] values = data.apply(e.getKey());
        long expected = Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b);
        if (values.length != expected) {
          throw new IllegalArgumentException(
              e.getKey() + ": expected " + expected + " values, got " + values.length);
        }
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        writeFully(ch, buf);
      }
    }
  }

  /** Writes in-memory tensors. */
  public static void write(Path path, Map<String, String> metadata, Map<String, Tensor> tensors)
      throws IOException {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    tensors.forEach((k, v) -> shapes.put(k, v.shape()));
    write(path, metadata, shapes, name -> tensors.get(name).data());
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  /** Opens a file for reading; the header is parsed immediately. */
  public static Reader open(Path path) throws IOException {
    return new Reader(path);
  }

  /** Random access to the tensors of one file. */
  public static final class Reader implements AutoCloseable {
    private final FileChannel channel;
    private final Map<String, String> metadata;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final long dataStart;

    private Reader(Path path) throws IOException {
      this.channel = FileChannel.open(path, StandardOpenOption.READ);
      try {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(0, len);
        long headerLength = len.flip().getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > channel.size()) {
          throw new IOException(
              path + " is not a safetensors file (header length " + headerLength + ")");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLength);
        readFully(8, header);
        JsonNode root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
        this.dataStart = 8 + headerLength;
        Map<String, String> meta = Map.of();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> f = it.next();
          if (f.getKey().equals(METADATA)) {
            meta = JSON.convertValue(f.getValue(), new TypeReference<Map<String, String>>() {});
            continue;
          }
          JsonNode n = f.getValue();
          long[] shape = JSON.convertValue(n.get("shape"), long[].class);
          JsonNode off = n.get("data_offsets");
          entries.put(
              f.getKey(),
              new Entry(n.get("dtype").asText(), shape, off.get(0).asLong(), off.get(1).asLong()));
        }
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    }

    /** The {@code __metadata__} map (empty when absent). */
    public Map<String, String> metadata() {
      return metadata;
    }

    /** Tensor entries by name, in header order. */
    public Map<String, Entry> entries() {
      return Collections.unmodifiableMap(entries);
    }

    /** Reads one tensor as float values. */
    public float[] readFloats(String name) {
      Entry e = entries.get(name);
      if (e == null) {
        throw new IllegalArgumentException("no tensor named " + name);
      }
      long bytes = e.end() - e.begin();
      ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
      try {
        readFully(dataStart + e.begin(), buf);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      buf.flip();
      return decode(name, e, buf);
    }

    private static float[] decode(String name, Entry e, ByteBuffer buf) {
      int n = Math.toIntExact(e.size());
      float[] out = new float[n];
      int width =
          switch (e.dtype()) {
            case "F32", "I32" -> 4;
            case "F64", "I64" -> 8;
            case "F16", "BF16" -> 2;
            default ->
                throw new IllegalArgumentException(name + ": unsupported dtype " + e.dtype());
          };
      if ((long) n * width != buf.remaining()) {
        throw new IllegalArgumentException(name + ": byte range does not match shape and dtype");
      }
      for (int i = 0; i < n; i++) {
        out[i] =
            switch (e.dtype()) {
              case "F32" -> buf.getFloat();
              case "I32" -> buf.getInt();
              case "F64" -> (float) buf.getDouble();
              case "I64" -> buf.getLong();
              case "F16" -> halfToFloat(buf.getShort());
              default -> Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
            };
      }
      return out;
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat arrives only in Java 20). */
    static float halfToFloat(short bits) {
      int h = bits & 0xffff;
      int sign = (h & 0x8000) << 16;
      int exp = (h >> 10) & 0x1f;
      int mant = h & 0x3ff;
      if (exp == 0x1f) {
        return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
      }
      if (exp == 0) {
        float v = mant * 0x1p-24f;
        return sign == 0 ? v : -v;
      }
      return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private void readFully(long position, ByteBuffer buf) throws IOException {
      long pos = position;
      while (buf.hasRemaining()) {
        int r = channel.read(buf, pos);
        if (r < 0) {
          throw new IOException("unexpected end of file");
        }
        pos += r;
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
