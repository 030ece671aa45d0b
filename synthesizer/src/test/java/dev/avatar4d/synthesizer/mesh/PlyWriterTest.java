package dev.avatar4d.synthesizer.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlyWriterTest {

  private final Mesh mesh = MarchingCubes.extract(MeshChecks.sphere(16, 0.3, 0, 0, 0), 0f);

  @Test
  void theHeaderCountsTheMeshAndDeclaresColoursWhenItHasThem() {
    String header = header(PlyWriter.toBytes(mesh.withColors(new float[mesh.positions().length])));

    assertThat(header)
        .startsWith("ply\nformat binary_little_endian 1.0\n")
        .contains("element vertex " + mesh.vertexCount() + "\n")
        .contains("property uchar red\nproperty uchar green\nproperty uchar blue\n")
        .contains("element face " + mesh.triangleCount() + "\n")
        .endsWith("property list uchar int vertex_indices\nend_header\n");
    assertThat(header(PlyWriter.toBytes(mesh))).doesNotContain("red");
  }

  @Test
  void verticesCarryTheirColourAsBytesAndFacesTheirThreeIndices() {
    float[] rgb = new float[mesh.positions().length];
    rgb[0] = 1f;
    rgb[1] = 0.5f;
    rgb[2] = -0.2f;
    byte[] data = PlyWriter.toBytes(mesh.withColors(rgb));
    int end = header(data).length();

    assertThat(data.length - end).isEqualTo(15 * mesh.vertexCount() + 13 * mesh.triangleCount());
    ByteBuffer body = ByteBuffer.wrap(data, end, data.length - end).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(body.getFloat()).isEqualTo(mesh.positions()[0]);
    assertThat(body.getFloat()).isEqualTo(mesh.positions()[1]);
    assertThat(body.getFloat()).isEqualTo(mesh.positions()[2]);
    assertThat(Byte.toUnsignedInt(body.get())).isEqualTo(255);
    assertThat(Byte.toUnsignedInt(body.get())).isEqualTo(128);
    assertThat(Byte.toUnsignedInt(body.get())).isZero();
    body.position(end + 15 * mesh.vertexCount());
    assertThat(body.get()).isEqualTo((byte) 3);
    assertThat(body.getInt()).isEqualTo(mesh.triangles()[0]);
    assertThat(body.getInt()).isEqualTo(mesh.triangles()[1]);
    assertThat(body.getInt()).isEqualTo(mesh.triangles()[2]);
  }

  private static String header(byte[] data) {
    String text = new String(data, StandardCharsets.US_ASCII);
    return text.substring(0, text.indexOf("end_header\n") + "end_header\n".length());
  }
}
