package dev.avatar4d.synthesizer.mesh;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link Mesh} as binary little-endian PLY: per vertex float x, y, z and, when the mesh
 * has colours, uchar red, green, blue (the sRGB values as displayed, as PLY readers such as MeshLab
 * expect); per face a uchar count (3) and three int indices.
 */
public final class PlyWriter {

  private PlyWriter() {}

  /** The {@code .ply} bytes of {@code mesh}. */
  public static byte[] toBytes(Mesh mesh) {
    boolean colored = mesh.colors() != null;
    StringBuilder header =
        new StringBuilder("ply\nformat binary_little_endian 1.0\n")
            .append("comment Avatar4D density iso-surface (marching cubes)\n")
            .append("element vertex ")
            .append(mesh.vertexCount())
            .append("\nproperty float x\nproperty float y\nproperty float z\n");
    if (colored) {
      header.append("property uchar red\nproperty uchar green\nproperty uchar blue\n");
    }
    header
        .append("element face ")
        .append(mesh.triangleCount())
        .append("\nproperty list uchar int vertex_indices\nend_header\n");
    byte[] head = header.toString().getBytes(StandardCharsets.US_ASCII);
    int vertexBytes = colored ? 15 : 12;
    ByteBuffer out =
        ByteBuffer.allocate(
                head.length + vertexBytes * mesh.vertexCount() + 13 * mesh.triangleCount())
            .order(ByteOrder.LITTLE_ENDIAN);
    out.put(head);
    float[] p = mesh.positions();
    float[] c = mesh.colors();
    for (int i = 0; i < p.length; i += 3) {
      out.putFloat(p[i]).putFloat(p[i + 1]).putFloat(p[i + 2]);
      if (colored) {
        out.put(toByte(c[i])).put(toByte(c[i + 1])).put(toByte(c[i + 2]));
      }
    }
    int[] t = mesh.triangles();
    for (int i = 0; i < t.length; i += 3) {
      out.put((byte) 3).putInt(t[i]).putInt(t[i + 1]).putInt(t[i + 2]);
    }
    return out.array();
  }

  /** [0, 1] to 0..255, rounded, clamped. */
  static byte toByte(float value) {
    return (byte) Math.round(Math.max(0f, Math.min(1f, value)) * 255f);
  }
}
