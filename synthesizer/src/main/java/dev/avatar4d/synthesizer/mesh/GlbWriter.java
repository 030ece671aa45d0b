package dev.avatar4d.synthesizer.mesh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a {@link Mesh} as binary glTF 2.0 ({@code .glb}): a 12-byte header, a JSON chunk padded
 * with spaces and a BIN chunk padded with zeros, both to 4 bytes. One node, one mesh, one triangle
 * primitive with {@code POSITION} (with the min and max the specification requires), {@code
 * NORMAL}, {@code COLOR_0} (float RGB) and {@code UNSIGNED_INT} indices, and a rough, non-metallic
 * white material for the vertex colours to tint. An empty mesh gives a file with an empty scene.
 *
 * <p>glTF vertex colours are linear, so the mesh's sRGB colours are converted on the way out.
 * Positions keep the mesh's frame: glTF's +y up and +z front are the renderer's OpenGL axes.
 */
public final class GlbWriter {

  /** "glTF" read as a little-endian integer. */
  public static final int MAGIC = 0x46546C67;

  /** Chunk type "JSON". */
  public static final int CHUNK_JSON = 0x4E4F534A;

  /** Chunk type "BIN\0". */
  public static final int CHUNK_BIN = 0x004E4942;

  private static final int FLOAT = 5126;
  private static final int UNSIGNED_INT = 5125;
  private static final int ARRAY_BUFFER = 34962;
  private static final int ELEMENT_ARRAY_BUFFER = 34963;
  private static final int TRIANGLES = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  private GlbWriter() {}

  /** The {@code .glb} bytes of {@code mesh}. */
  public static byte[] toBytes(Mesh mesh) {
    int n = mesh.vertexCount();
    ObjectNode root = JSON.createObjectNode();
    root.putObject("asset").put("version", "2.0").put("generator", "Avatar4D marching cubes");
    root.put("scene", 0);
    ObjectNode scene = root.putArray("scenes").addObject();
    if (mesh.isEmpty()) {
      return glb(root, new byte[0]);
    }
    scene.putArray("nodes").add(0);
    root.putArray("nodes").addObject().put("name", "avatar").put("mesh", 0);

    float[] colors = mesh.colors() != null ? linear(mesh.colors()) : grey(n);
    ByteBuffer bin =
        ByteBuffer.allocate(3 * 12 * n + 4 * mesh.triangles().length)
            .order(ByteOrder.LITTLE_ENDIAN);
    ArrayNode views = root.putArray("bufferViews");
    ArrayNode accessors = root.putArray("accessors");
    ObjectNode position = vec3(bin, views, accessors, mesh.positions());
    bounds(position, mesh.positions());
    vec3(bin, views, accessors, mesh.normals());
    vec3(bin, views, accessors, colors);
    int indexOffset = bin.position();
    bin.asIntBuffer().put(mesh.triangles());
    bin.position(indexOffset + 4 * mesh.triangles().length);
    views
        .addObject()
        .put("buffer", 0)
        .put("byteOffset", indexOffset)
        .put("byteLength", 4 * mesh.triangles().length)
        .put("target", ELEMENT_ARRAY_BUFFER);
    accessors
        .addObject()
        .put("bufferView", 3)
        .put("componentType", UNSIGNED_INT)
        .put("count", mesh.triangles().length)
        .put("type", "SCALAR");

    ObjectNode primitive =
        root.putArray("meshes")
            .addObject()
            .put("name", "avatar")
            .putArray("primitives")
            .addObject();
    primitive.putObject("attributes").put("POSITION", 0).put("NORMAL", 1).put("COLOR_0", 2);
    primitive.put("indices", 3).put("material", 0).put("mode", TRIANGLES);
    ObjectNode pbr =
        root.putArray("materials")
            .addObject()
            .put("name", "radiance")
            .putObject("pbrMetallicRoughness");
    pbr.putArray("baseColorFactor").add(1.0).add(1.0).add(1.0).add(1.0);
    pbr.put("metallicFactor", 0.0).put("roughnessFactor", 1.0);
    root.putArray("buffers").addObject().put("byteLength", bin.capacity());
    return glb(root, bin.array());
  }

  /** Appends {@code values} as a tightly packed float VEC3 buffer view and its accessor. */
  private static ObjectNode vec3(
      ByteBuffer bin, ArrayNode views, ArrayNode accessors, float[] values) {
    int offset = bin.position();
    bin.asFloatBuffer().put(values);
    bin.position(offset + 4 * values.length);
    views
        .addObject()
        .put("buffer", 0)
        .put("byteOffset", offset)
        .put("byteLength", 4 * values.length)
        .put("target", ARRAY_BUFFER);
    return accessors
        .addObject()
        .put("bufferView", views.size() - 1)
        .put("componentType", FLOAT)
        .put("count", values.length / 3)
        .put("type", "VEC3");
  }

  /**
   * The exact per-axis min and max. Written as the doubles equal to the float values, so a reader
   * comparing in either precision finds them equal.
   */
  private static void bounds(ObjectNode accessor, float[] xyz) {
    float[] min = {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE};
    float[] max = {-Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
    for (int i = 0; i < xyz.length; i++) {
      min[i % 3] = Math.min(min[i % 3], xyz[i]);
      max[i % 3] = Math.max(max[i % 3], xyz[i]);
    }
    ArrayNode lo = accessor.putArray("min");
    ArrayNode hi = accessor.putArray("max");
    for (int k = 0; k < 3; k++) {
      lo.add((double) min[k]);
      hi.add((double) max[k]);
    }
  }

  private static byte[] glb(ObjectNode root, byte[] bin) {
    byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
    int jsonLength = padded(json.length);
    int binLength = padded(bin.length);
    int total = 12 + 8 + jsonLength + (bin.length > 0 ? 8 + binLength : 0);
    ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(MAGIC).putInt(2).putInt(total);
    out.putInt(jsonLength).putInt(CHUNK_JSON).put(json);
    for (int i = json.length; i < jsonLength; i++) {
      out.put((byte) ' ');
    }
    if (bin.length > 0) {
      // The rest of the chunk stays zero: ByteBuffer.allocate zero-fills.
      out.putInt(binLength).putInt(CHUNK_BIN).put(bin);
    }
    return out.array();
  }

  private static int padded(int length) {
    return (length + 3) & ~3;
  }

  /** sRGB display values to linear light (IEC 61966-2-1), clamped to [0, 1] first (NaN: 0). */
  static float[] linear(float[] srgb) {
    float[] out = new float[srgb.length];
    for (int i = 0; i < srgb.length; i++) {
      double c = Float.isNaN(srgb[i]) ? 0 : Math.max(0, Math.min(1, srgb[i]));
      out[i] = (float) (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
    }
    return out;
  }

  private static float[] grey(int n) {
    float[] out = new float[3 * n];
    Arrays.fill(out, 0.5f);
    return out;
  }
}
