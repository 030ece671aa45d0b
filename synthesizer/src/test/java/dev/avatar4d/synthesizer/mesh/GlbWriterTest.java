package dev.avatar4d.synthesizer.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Reads the .glb back as a glTF 2.0 loader would and checks its structure against the mesh. */
class GlbWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Mesh mesh =
      coloured(MarchingCubes.extract(MeshChecks.sphere(24, 0.3, 0, 0, 0), 0f));

  /** A parsed .glb: its JSON and its BIN chunk. */
  private record Glb(JsonNode json, ByteBuffer bin) {}

  private static Glb parse(byte[] bytes) throws Exception {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(in.getInt()).as("magic").isEqualTo(0x46546C67);
    assertThat(in.getInt()).as("version").isEqualTo(2);
    assertThat(in.getInt()).as("length").isEqualTo(bytes.length);
    int jsonLength = in.getInt();
    assertThat(in.getInt()).as("first chunk type").isEqualTo(0x4E4F534A);
    assertThat(jsonLength % 4).isZero();
    byte[] text = Arrays.copyOfRange(bytes, 20, 20 + jsonLength);
    String json = new String(text, StandardCharsets.UTF_8);
    assertThat(json).as("one JSON object padded with spaces").matches("(?s)\\{.*\\} {0,3}");
    JsonNode root = JSON.readTree(json);
    in.position(20 + jsonLength);
    if (!in.hasRemaining()) {
      return new Glb(root, null);
    }
    int binLength = in.getInt();
    assertThat(in.getInt()).as("second chunk type").isEqualTo(0x004E4942);
    assertThat(binLength % 4).isZero();
    assertThat(in.remaining()).isEqualTo(binLength);
    ByteBuffer bin = in.slice().order(ByteOrder.LITTLE_ENDIAN);
    return new Glb(root, bin);
  }

  @Test
  void theFileHasTheGlbHeaderAPaddedJsonChunkAndABinChunk() throws Exception {
    byte[] bytes = GlbWriter.toBytes(mesh);

    Glb glb = parse(bytes);

    assertThat(bytes.length % 4).isZero();
    assertThat(glb.json().at("/asset/version").asText()).isEqualTo("2.0");
    long declared = glb.json().at("/buffers/0/byteLength").asLong();
    assertThat(glb.bin().capacity()).isBetween((int) declared, (int) declared + 3);
  }

  @Test
  void onePrimitiveHasPositionNormalColourAndUnsignedIntIndices() throws Exception {
    JsonNode json = parse(GlbWriter.toBytes(mesh)).json();

    assertThat(json.at("/scenes/0/nodes/0").asInt()).isZero();
    assertThat(json.at("/nodes/0/mesh").asInt()).isZero();
    assertThat(json.get("meshes")).hasSize(1);
    JsonNode primitive = json.at("/meshes/0/primitives/0");
    assertThat(json.at("/meshes/0/primitives")).hasSize(1);
    assertThat(primitive.get("mode").asInt()).isEqualTo(4);
    JsonNode position = accessor(json, primitive.at("/attributes/POSITION").asInt());
    JsonNode normal = accessor(json, primitive.at("/attributes/NORMAL").asInt());
    JsonNode colour = accessor(json, primitive.at("/attributes/COLOR_0").asInt());
    JsonNode indices = accessor(json, primitive.get("indices").asInt());
    assertThat(position.get("type").asText()).isEqualTo("VEC3");
    assertThat(position.get("componentType").asInt()).isEqualTo(5126);
    assertThat(normal.get("type").asText()).isEqualTo("VEC3");
    assertThat(colour.get("type").asText()).isEqualTo("VEC3");
    assertThat(colour.get("componentType").asInt()).isEqualTo(5126);
    assertThat(indices.get("type").asText()).isEqualTo("SCALAR");
    assertThat(indices.get("componentType").asInt()).isEqualTo(5125);
    for (JsonNode a : new JsonNode[] {position, normal, colour}) {
      assertThat(a.get("count").asInt()).isEqualTo(mesh.vertexCount());
    }
    assertThat(indices.get("count").asInt()).isEqualTo(3 * mesh.triangleCount());
    assertThat(json.at("/materials/0/pbrMetallicRoughness/metallicFactor").asDouble()).isZero();
  }

  @Test
  void everyAccessorFitsItsBufferViewAndEveryViewTheBufferFourByteAligned() throws Exception {
    Glb glb = parse(GlbWriter.toBytes(mesh));
    long buffer = glb.json().at("/buffers/0/byteLength").asLong();

    for (JsonNode a : glb.json().get("accessors")) {
      JsonNode view = glb.json().at("/bufferViews/" + a.get("bufferView").asInt());
      int components = a.get("type").asText().equals("VEC3") ? 3 : 1;
      long bytes = 4L * components * a.get("count").asLong();
      assertThat(view.get("byteLength").asLong()).isEqualTo(bytes);
      assertThat(view.get("byteOffset").asLong() % 4).isZero();
      assertThat(view.get("byteOffset").asLong() + bytes).isLessThanOrEqualTo(buffer);
    }
  }

  @Test
  void positionsBoundsIndicesNormalsAndColoursReadBackAsWritten() throws Exception {
    Glb glb = parse(GlbWriter.toBytes(mesh));
    JsonNode json = glb.json();
    JsonNode primitive = json.at("/meshes/0/primitives/0");

    float[] positions = floats(glb, json, primitive.at("/attributes/POSITION").asInt());
    assertThat(positions).containsExactly(mesh.positions());
    JsonNode position = accessor(json, primitive.at("/attributes/POSITION").asInt());
    for (int k = 0; k < 3; k++) {
      float min = Float.MAX_VALUE;
      float max = -Float.MAX_VALUE;
      for (int i = k; i < positions.length; i += 3) {
        min = Math.min(min, positions[i]);
        max = Math.max(max, positions[i]);
      }
      assertThat((float) position.at("/min/" + k).asDouble()).isEqualTo(min);
      assertThat((float) position.at("/max/" + k).asDouble()).isEqualTo(max);
    }

    int[] indices = ints(glb, json, primitive.get("indices").asInt());
    assertThat(indices).containsExactly(mesh.triangles());
    assertThat(Arrays.stream(indices).max().orElseThrow()).isLessThan(mesh.vertexCount());
    assertThat(Arrays.stream(indices).min().orElseThrow()).isNotNegative();

    float[] normals = floats(glb, json, primitive.at("/attributes/NORMAL").asInt());
    for (int i = 0; i < normals.length; i += 3) {
      double length =
          Math.sqrt(
              normals[i] * normals[i]
                  + normals[i + 1] * normals[i + 1]
                  + normals[i + 2] * normals[i + 2]);
      assertThat(length).isCloseTo(1.0, within(1e-5));
      // On a sphere about the origin the outward normal points along the position.
      double along =
          normals[i] * positions[i]
              + normals[i + 1] * positions[i + 1]
              + normals[i + 2] * positions[i + 2];
      assertThat(along).isPositive();
    }

    // sRGB 0.5 is linear 0.2140 (IEC 61966-2-1); glTF vertex colours are linear.
    float[] colours = floats(glb, json, primitive.at("/attributes/COLOR_0").asInt());
    assertThat(colours[0]).isCloseTo(0.2140f, within(1e-4f));
    assertThat(colours[1]).isCloseTo(1f, within(1e-6f));
    assertThat(colours[2]).isCloseTo(0f, within(1e-6f));
  }

  @Test
  void anEmptyMeshGivesAValidFileWithAnEmptySceneAndNoBinChunk() throws Exception {
    Glb glb = parse(GlbWriter.toBytes(new Mesh(new float[0], null, new int[0])));

    assertThat(glb.bin()).isNull();
    assertThat(glb.json().at("/asset/version").asText()).isEqualTo("2.0");
    assertThat(glb.json().get("scenes")).hasSize(1);
    assertThat(glb.json().has("meshes")).isFalse();
    assertThat(glb.json().has("buffers")).isFalse();
  }

  private static Mesh coloured(Mesh mesh) {
    float[] rgb = new float[mesh.positions().length];
    for (int i = 0; i < rgb.length; i += 3) {
      rgb[i] = 0.5f;
      rgb[i + 1] = 1f;
      rgb[i + 2] = 0f;
    }
    return mesh.withColors(rgb);
  }

  private static JsonNode accessor(JsonNode json, int index) {
    return json.at("/accessors/" + index);
  }

  private static ByteBuffer view(Glb glb, JsonNode json, int accessor) {
    JsonNode view = json.at("/bufferViews/" + accessor(json, accessor).get("bufferView").asInt());
    int offset = view.get("byteOffset").asInt();
    int length = view.get("byteLength").asInt();
    return glb.bin().slice(offset, length).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static float[] floats(Glb glb, JsonNode json, int accessor) {
    ByteBuffer b = view(glb, json, accessor);
    float[] out = new float[b.remaining() / 4];
    b.asFloatBuffer().get(out);
    return out;
  }

  private static int[] ints(Glb glb, JsonNode json, int accessor) {
    ByteBuffer b = view(glb, json, accessor);
    int[] out = new int[b.remaining() / 4];
    b.asIntBuffer().get(out);
    return out;
  }
}
