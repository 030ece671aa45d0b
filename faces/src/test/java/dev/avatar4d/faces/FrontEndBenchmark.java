package dev.avatar4d.faces;

import dev.avatar4d.faces.image.RgbImage;
import dev.avatar4d.faces.weights.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Time per frame of the front end (detection, landmarks, pose and the 512² crop) and of one
 * identity descriptor. Prints figures and asserts none: {@code mvn -pl faces test -Dgroups=timing
 * -Dfaces.excludedGroups=none}; set {@code -Dfaces.bench.image=PATH} to time another picture.
 */
@Tag("timing")
class FrontEndBenchmark {

  private static final int WARMUP = 5;
  private static final int RUNS = 30;

  @Test
  void printsMillisecondsPerFrame() throws Exception {
    String path = System.getProperty("faces.bench.image");
    RgbImage image =
        RgbImage.of(
            path == null
                ? Fixtures.image("astronaut")
                : javax.imageio.ImageIO.read(Files.newInputStream(Path.of(path))));
    long load = System.nanoTime();
    try (FaceAnalyzer analyzer = FaceAnalyzer.load(FaceAnalyzerConfig.DEFAULT)) {
      System.out.printf(
          "load (3 networks, %d pinned files): %.0f ms%n",
          ModelFiles.bundled().pins().size(), (System.nanoTime() - load) / 1e6);
      double[] front = new double[RUNS];
      double[] descriptor = new double[RUNS];
      for (int i = -WARMUP; i < RUNS; i++) {
        long t0 = System.nanoTime();
        FaceObservation face = analyzer.scan(image).primary().orElseThrow();
        analyzer.crop(image, face.crop(), face.landmarks());
        long t1 = System.nanoTime();
        analyzer.descriptor(image, face.landmarks()).orElseThrow();
        long t2 = System.nanoTime();
        if (i >= 0) {
          front[i] = (t1 - t0) / 1e6;
          descriptor[i] = (t2 - t1) / 1e6;
        }
      }
      java.util.Arrays.sort(front);
      java.util.Arrays.sort(descriptor);
      System.out.printf(
          "%dx%d image, %d runs: detect+landmarks+pose+crop median %.1f ms (p90 %.1f);"
              + " descriptor median %.1f ms (p90 %.1f)%n",
          image.width(),
          image.height(),
          RUNS,
          front[RUNS / 2],
          front[RUNS * 9 / 10],
          descriptor[RUNS / 2],
          descriptor[RUNS * 9 / 10]);
    }
  }
}
