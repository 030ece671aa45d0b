package dev.avatar4d.synthesizer;

import dev.avatar4d.synthesizer.mesh.GlbWriter;
import dev.avatar4d.synthesizer.mesh.Mesh;
import dev.avatar4d.synthesizer.mesh.PlyWriter;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the time, size and file sizes of the shipped lite model's mesh of the sample source, and
 * leaves the files in {@code target/mesh-probe/} (for a glTF validator); run with {@code
 * -Dgroups=timing}. Never asserts on time.
 */
@Tag("timing")
class MeshProbe {

  @Test
  void printsTheLiteMeshOfTheSampleSource() throws Exception {
    Path weights = Path.of("..", "models", "lite.safetensors");
    Path sample = Path.of("..", "devstack", "src", "main", "resources", "dev", "avatar4d");
    BufferedImage source = ImageIO.read(sample.resolve("devstack/sample/source.png").toFile());
    Path out = Files.createDirectories(Path.of("target", "mesh-probe"));
    try (Portrait4DSynthesizer s =
            Portrait4DSynthesizer.open(
                new SynthesizerConfig("lite", Optional.of(weights), 42, "cpu"));
        SourceFeatures features = s.encodeSource(source)) {
      for (int grid : new int[] {64, 128, 128}) {
        long t0 = System.nanoTime();
        Mesh mesh;
        try (Triplanes planes = s.sourceTriplanes(features)) {
          mesh = s.mesh(planes, grid, () -> {});
        }
        long t1 = System.nanoTime();
        byte[] glb = GlbWriter.toBytes(mesh);
        byte[] ply = PlyWriter.toBytes(mesh);
        long t2 = System.nanoTime();
        Files.write(out.resolve("avatar-" + grid + ".glb"), glb);
        Files.write(out.resolve("avatar-" + grid + ".ply"), ply);
        System.out.printf(
            "grid %d: %d vertices, %d triangles, extraction %.0f ms, encoding %.0f ms, glb %d bytes,"
                + " ply %d bytes%n",
            grid,
            mesh.vertexCount(),
            mesh.triangleCount(),
            (t1 - t0) / 1e6,
            (t2 - t1) / 1e6,
            glb.length,
            ply.length);
      }
    }
  }
}
