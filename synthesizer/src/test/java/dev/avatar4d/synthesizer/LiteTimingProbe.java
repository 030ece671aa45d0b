package dev.avatar4d.synthesizer;

import dev.avatar4d.synthesizer.camera.Cameras;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints per-stage timings of the lite preset; run with {@code -Dgroups=timing}. Never asserts on
 * time.
 */
@Tag("timing")
class LiteTimingProbe {

  @Test
  void printsLiteStageTimings() {
    try (Portrait4DSynthesizer s = Portrait4DSynthesizer.open(SynthesizerConfig.defaults())) {
      BufferedImage img = Portrait4DSynthesizerTest.portrait(256, new Color(220, 180, 150));
      for (int round = 0; round < 4; round++) {
        long t0 = System.nanoTime();
        try (SourceFeatures src = s.encodeSource(img)) {
          long t1 = System.nanoTime();
          try (MotionCode m = s.encodeMotion(img)) {
            long t2 = System.nanoTime();
            try (Triplanes p = s.triplanes(src, m)) {
              long t3 = System.nanoTime();
              s.render(src, p, List.of(Cameras.front()));
              long t4 = System.nanoTime();
              s.render(
                  src,
                  p,
                  List.of(
                      Cameras.front(),
                      Cameras.orbit(20, 0),
                      Cameras.orbit(-20, 0),
                      Cameras.orbit(0, 10)));
              long t5 = System.nanoTime();
              System.out.printf(
                  "round %d: source %.0f ms, motion %.0f ms, triplanes %.0f ms, render+SR 1 view %.0f ms, 4 views %.0f ms%n",
                  round, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(t5 - t4));
            }
          }
        }
      }
    }
  }

  @Test
  void printsRenderAndSuperResolutionSeparately() {
    ModelPreset lite = ModelPreset.lite();
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      dev.avatar4d.synthesizer.nn.Portrait4DNetwork net =
          new dev.avatar4d.synthesizer.nn.Portrait4DNetwork(lite);
      net.initialize(m, 1);
      ai.djl.ndarray.NDArray planes =
          m.randomNormal(
              new ai.djl.ndarray.types.Shape(1, 3, lite.triplane().planeChannels(), 128, 128));
      var settings = new dev.avatar4d.synthesizer.render.RenderSettings(64, 24, 24, 1.3f);
      var renderer = new dev.avatar4d.synthesizer.render.VolumeRenderer();
      for (int n : new int[] {1, 4, 1, 4, 1, 4}) {
        try (ai.djl.ndarray.NDManager scope = m.newSubManager()) {
          planes.tempAttach(scope);
          List<dev.avatar4d.synthesizer.camera.Camera> cams = new java.util.ArrayList<>();
          for (int i = 0; i < n; i++) {
            cams.add(Cameras.orbit(10 * i, 0));
          }
          long t0 = System.nanoTime();
          var out = renderer.render(planes, net.decoder(), null, cams, settings, null);
          out.featureImage().toFloatArray();
          long t1 = System.nanoTime();
          net.superResolve(out.featureImage()).toFloatArray();
          long t2 = System.nanoTime();
          System.out.printf("n=%d render %.0f ms, SR %.0f ms%n", n, ms(t1 - t0), ms(t2 - t1));
        }
      }
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
