package dev.avatar4d.faces;

import dev.avatar4d.faces.detect.DetectorConfig;
import dev.avatar4d.faces.image.RgbImage;
import dev.avatar4d.faces.weights.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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

  private static double median(double[] v) {
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double p90(double[] v) {
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length * 9 / 10];
  }

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
      for (DetectorConfig detector :
          List.of(DetectorConfig.DEFAULT, DetectorConfig.DEFAULT.withInputSize(320))) {
        double[] scan = new double[RUNS];
        double[] crop = new double[RUNS];
        double[] descriptor = new double[RUNS];
        for (int i = -WARMUP; i < RUNS; i++) {
          long t0 = System.nanoTime();
          FaceObservation face = analyzer.scan(image, detector).primary().orElseThrow();
          long t1 = System.nanoTime();
          analyzer.crop(image, face.crop(), face.landmarks());
          long t2 = System.nanoTime();
          analyzer.descriptor(image, face.landmarks()).orElseThrow();
          long t3 = System.nanoTime();
          if (i >= 0) {
            scan[i] = (t1 - t0) / 1e6;
            crop[i] = (t2 - t1) / 1e6;
            descriptor[i] = (t3 - t2) / 1e6;
          }
        }
        System.out.printf(
            "%dx%d image, detector input %d, %d runs, median (p90) ms: detect+landmarks+pose %.1f"
                + " (%.1f), 512 crop %.1f (%.1f), together %.1f; identity descriptor %.1f (%.1f)%n",
            image.width(),
            image.height(),
            detector.inputSize(),
            RUNS,
            median(scan),
            p90(scan),
            median(crop),
            p90(crop),
            median(scan) + median(crop),
            median(descriptor),
            p90(descriptor));
      }
    }
  }
}
