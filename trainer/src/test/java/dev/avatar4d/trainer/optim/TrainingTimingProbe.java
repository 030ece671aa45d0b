package dev.avatar4d.trainer.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.camera.Cameras;
import dev.avatar4d.synthesizer.nn.Portrait4DNetwork;
import dev.avatar4d.synthesizer.render.RenderSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the cost of one lite training step (forward, backward, Adam) per batch size and render
 * resolution; run with {@code -Dtest=TrainingTimingProbe}. Never asserts on time.
 */
@Tag("timing")
class TrainingTimingProbe {

  private static final int WARM_UP = 2;
  private static final int TIMED = 5;

  @Test
  void printsMillisecondsPerTrainingStep() {
    ModelPreset lite = ModelPreset.lite();
    try (NDManager manager = NDManager.newBaseManager()) {
      Portrait4DNetwork net = new Portrait4DNetwork(lite);
      net.initialize(manager, 42);
      TrainableParameters params =
          TrainableParameters.of(net, n -> !n.startsWith("superresolution."));
      System.out.printf(
          "trainable: %d arrays, %.2fM scalars (%d motion-related); threads: %s%n",
          params.arrays().size(),
          params.scalarCount() / 1e6,
          params.motionRelated().size(),
          System.getProperty("ai.djl.pytorch.num_threads", "engine default"));
      for (int resolution : new int[] {64, 32}) {
        for (boolean dynamic : new boolean[] {false, true}) {
          for (int batch : new int[] {1, 2}) {
            try (Adam adam = Adam.forPortrait4D(params, manager, 1e-4f, 2.5f)) {
              measure(net, adam, manager, resolution, batch, dynamic);
            }
          }
        }
      }
    }
  }

  /**
   * Stage 1's shape of step (one source encoding, k target views, optionally rendered as p×p
   * windows of the 64² image): where the time goes between encoding and rendering.
   */
  @Test
  void printsStageOneCostPerTargetView() {
    ModelPreset lite = ModelPreset.lite();
    try (NDManager manager = NDManager.newBaseManager()) {
      Portrait4DNetwork net = new Portrait4DNetwork(lite);
      net.initialize(manager, 42);
      TrainableParameters params =
          TrainableParameters.of(net, n -> !n.startsWith("superresolution."));
      int[][] variants = {{1, 64}, {4, 64}, {4, 32}, {8, 32}, {16, 16}};
      for (int[] v : variants) {
        try (Adam adam = Adam.forPortrait4D(params, manager, 1e-4f, 2.5f)) {
          measureTargets(net, adam, manager, v[0], v[1]);
        }
      }
    }
  }

  private static void measureTargets(
      Portrait4DNetwork net, Adam adam, NDManager manager, int targets, int window) {
    ModelPreset p = net.preset();
    int full = p.render().resolution();
    TrainingRender forward = new TrainingRender(net);
    List<Camera> cameras = new ArrayList<>();
    List<TrainingRender.Window> windows = new ArrayList<>();
    for (int i = 0; i < targets; i++) {
      cameras.add(Cameras.orbit(-30f + 60f * i / Math.max(1, targets - 1), 0f));
      windows.add(new TrainingRender.Window((full - window) / 2, (full - window) / 2, window));
    }
    double[] sums = new double[4];
    for (int step = 0; step < WARM_UP + TIMED; step++) {
      long t0;
      long t1;
      long t2;
      long t3;
      try (NDManager scope = manager.newSubManager()) {
        NDArray source =
            scope.randomUniform(-1f, 1f, new Shape(1, 3, p.inputSize(), p.inputSize()));
        NDArray target = scope.randomUniform(-1f, 1f, new Shape(targets, 3, window, window));
        t0 = System.nanoTime();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          TrainingRender.Encoded encoded = forward.encode(source, null, 0f);
          encoded.planes().getFloat(0, 0, 0, 0, 0);
          t1 = System.nanoTime();
          NDArray loss = forward.render(encoded, cameras, windows).rgb().sub(target).abs().mean();
          loss.getFloat();
          t2 = System.nanoTime();
          collector.backward(loss);
          t3 = System.nanoTime();
        }
        adam.step();
      }
      long t4 = System.nanoTime();
      if (step >= WARM_UP) {
        sums[0] += (t1 - t0) / 1e6;
        sums[1] += (t2 - t1) / 1e6;
        sums[2] += (t3 - t2) / 1e6;
        sums[3] += (t4 - t3) / 1e6;
      }
    }
    System.out.printf(
        "stage 1, %d targets at %d² of %d²: %.0f ms/step = encode %.0f + render %.0f + backward %.0f + Adam %.0f%n",
        targets,
        window,
        full,
        (sums[0] + sums[1] + sums[2] + sums[3]) / TIMED,
        sums[0] / TIMED,
        sums[1] / TIMED,
        sums[2] / TIMED,
        sums[3] / TIMED);
  }

  /**
   * @param dynamic stage 2 (Ψ: driving image, motion scale 1) rather than stage 1 (static Ψ3d:
   *     motion scale 0, no motion encoder)
   */
  private static void measure(
      Portrait4DNetwork net,
      Adam adam,
      NDManager manager,
      int resolution,
      int batch,
      boolean dynamic) {
    ModelPreset p = net.preset();
    TrainingRender forward =
        new TrainingRender(
            net,
            new RenderSettings(
                resolution,
                p.render().stratifiedSamples(),
                p.render().importanceSamples(),
                p.render().boxWarp()),
            TrainingRender.Noise.RANDOM);
    List<Camera> cameras = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      cameras.add(Cameras.orbit(-20f + 40f * i, 0f));
    }
    double[] sums = new double[3];
    for (int step = 0; step < WARM_UP + TIMED; step++) {
      long t0;
      long t1;
      long t2;
      try (NDManager scope = manager.newSubManager()) {
        NDArray source =
            scope.randomUniform(-1f, 1f, new Shape(batch, 3, p.inputSize(), p.inputSize()));
        NDArray driving =
            scope.randomUniform(-1f, 1f, new Shape(batch, 3, p.inputSize(), p.inputSize()));
        NDArray target = scope.randomUniform(-1f, 1f, new Shape(batch, 3, resolution, resolution));
        t0 = System.nanoTime();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray loss =
              forward
                  .forward(source, dynamic ? driving : null, cameras, dynamic ? 1f : 0f)
                  .rgb()
                  .sub(target)
                  .abs()
                  .mean();
          loss.getFloat();
          t1 = System.nanoTime();
          collector.backward(loss);
          t2 = System.nanoTime();
        }
        adam.step();
      }
      long t3 = System.nanoTime();
      if (step >= WARM_UP) {
        sums[0] += (t1 - t0) / 1e6;
        sums[1] += (t2 - t1) / 1e6;
        sums[2] += (t3 - t2) / 1e6;
      }
    }
    double total = sums[0] + sums[1] + sums[2];
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "%s, render %d², batch %d: %.0f ms/step (%.0f ms/sample) = forward %.0f + backward %.0f + Adam %.0f;"
            + " peak RSS %s, heap %d MB%n",
        dynamic ? "stage 2 (dynamic)" : "stage 1 (static) ",
        resolution,
        batch,
        total / TIMED,
        total / TIMED / batch,
        sums[0] / TIMED,
        sums[1] / TIMED,
        sums[2] / TIMED,
        peakRss(),
        (rt.totalMemory() - rt.freeMemory()) >> 20);
  }

  private static String peakRss() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("VmHWM"))
          .map(l -> l.replaceAll("VmHWM:\\s+", ""))
          .findFirst()
          .orElse("n/a");
    } catch (IOException e) {
      return "n/a";
    }
  }
}
