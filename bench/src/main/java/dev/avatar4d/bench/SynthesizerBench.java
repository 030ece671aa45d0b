package dev.avatar4d.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.MotionCode;
import dev.avatar4d.synthesizer.Portrait4DSynthesizer;
import dev.avatar4d.synthesizer.SourceFeatures;
import dev.avatar4d.synthesizer.SynthesizerConfig;
import dev.avatar4d.synthesizer.Triplanes;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.camera.Cameras;
import dev.avatar4d.synthesizer.render.RenderOutput;
import dev.avatar4d.synthesizer.render.RenderSettings;
import dev.avatar4d.synthesizer.render.VolumeRenderer;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Figures for the Portrait4D-v2 synthesizer on this machine (prints; never passes or fails on
 * time): milliseconds per stage (source encoding, per driving frame, per view), the analytic FLOPs
 * of each stage from {@link FlopCounter}, the achieved GFLOP/s, and how 8 views rendered in one
 * batched call compare with 1 view.
 *
 * <p>Usage: {@code SynthesizerBench [preset[:iterations]]...}, default {@code lite:5 full:1}. Each
 * preset runs one untimed warm-up round first; the median and the best over the iterations are
 * reported (the best is the figure least disturbed by other work on a shared machine). Weights are
 * random (timings do not depend on their values).
 */
public final class SynthesizerBench {

  private static final int MANY_VIEWS = 8;

  private SynthesizerBench() {}

  /** Runs the presets named in {@code args} (see the class comment). */
  public static void main(String[] args) {
    List<String> runs = args.length == 0 ? List.of("lite:5", "full:1") : Arrays.asList(args);
    System.out.printf(
        Locale.ROOT,
        "cpus %d, OMP_NUM_THREADS=%s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"));
    for (String run : runs) {
      String[] parts = run.split(":");
      int iterations = parts.length > 1 ? Integer.parseInt(parts[1]) : 3;
      bench(ModelPreset.byName(parts[0]), iterations);
    }
  }

  private static void bench(ModelPreset preset, int iterations) {
    System.out.printf(
        Locale.ROOT,
        "%n== preset %s (%d timed iteration(s) after 1 warm-up) ==%n",
        preset.name(),
        iterations);
    FlopCounter flops = new FlopCounter(preset);
    BufferedImage source = portrait(preset.inputSize(), new Color(220, 180, 150));
    BufferedImage driving = portrait(preset.inputSize(), new Color(200, 160, 140));
    List<Camera> one = List.of(Cameras.front());
    List<Camera> many =
        Cameras.orbitPath(MANY_VIEWS, 0f, Cameras.DEFAULT_RADIUS, Cameras.DEFAULT_FOV_DEG);

    long openStart = System.nanoTime();
    try (Portrait4DSynthesizer synthesizer =
        Portrait4DSynthesizer.open(SynthesizerConfig.defaults().withPreset(preset.name()))) {
      System.out.printf(
          Locale.ROOT, "open (random weights): %.0f ms%n", ms(System.nanoTime() - openStart));
      Samples samples = new Samples();
      for (int round = 0; round <= iterations; round++) {
        boolean timed = round > 0;
        long t0 = System.nanoTime();
        try (SourceFeatures features = synthesizer.encodeSource(source)) {
          long t1 = System.nanoTime();
          try (MotionCode motion = synthesizer.encodeMotion(driving)) {
            long t2 = System.nanoTime();
            try (Triplanes planes = synthesizer.triplanes(features, motion)) {
              long t3 = System.nanoTime();
              synthesizer.render(features, planes, one);
              long t4 = System.nanoTime();
              synthesizer.render(features, planes, many);
              long t5 = System.nanoTime();
              System.out.printf(
                  Locale.ROOT,
                  "    source %.0f ms, motion %.0f ms, triplanes %.0f ms, 1 view %.0f ms, 8 views %.0f ms%n",
                  ms(t1 - t0),
                  ms(t2 - t1),
                  ms(t3 - t2),
                  ms(t4 - t3),
                  ms(t5 - t4));
              double[] split = renderAndSuperResolve(synthesizer, preset, features, planes, one);
              double[] splitMany =
                  renderAndSuperResolve(synthesizer, preset, features, planes, many);
              if (timed) {
                samples.add("source", ms(t1 - t0));
                samples.add("motion", ms(t2 - t1));
                samples.add("triplanes", ms(t3 - t2));
                samples.add("view1", ms(t4 - t3));
                samples.add("view8", ms(t5 - t4));
                samples.add("render1", split[0]);
                samples.add("sr1", split[1]);
                samples.add("render8", splitMany[0]);
                samples.add("sr8", splitMany[1]);
              }
            }
          }
        }
        System.out.printf(
            Locale.ROOT,
            "  round %d%s done in %.1f s%n",
            round,
            timed ? "" : " (warm-up)",
            (System.nanoTime() - t0) / 1e9);
      }
      report(flops, samples);
    }
  }

  /**
   * Renderer alone, then super-resolution alone (view by view), on the facade's network: {ms, ms}.
   */
  private static double[] renderAndSuperResolve(
      Portrait4DSynthesizer synthesizer,
      ModelPreset p,
      SourceFeatures features,
      Triplanes planes,
      List<Camera> cameras) {
    RenderSettings settings =
        new RenderSettings(
            p.render().resolution(),
            p.render().stratifiedSamples(),
            p.render().importanceSamples(),
            p.render().boxWarp());
    try (NDManager scope = NDManager.newBaseManager()) {
      planes.planes().tempAttach(scope);
      features.background().tempAttach(scope);
      long t0 = System.nanoTime();
      RenderOutput out =
          new VolumeRenderer()
              .render(
                  planes.planes(),
                  synthesizer.network().decoder(),
                  features.background(),
                  cameras,
                  settings,
                  null);
      out.featureImage().toFloatArray();
      long t1 = System.nanoTime();
      // One view at a time, as the facade does (batched SR is slower per view).
      for (int i = 0; i < cameras.size(); i++) {
        try (NDManager view = scope.newSubManager()) {
          NDArray input = out.featureImage().get(i + ":" + (i + 1));
          input.attach(view);
          synthesizer.network().superResolve(input).toFloatArray();
        }
      }
      long t2 = System.nanoTime();
      return new double[] {ms(t1 - t0), ms(t2 - t1)};
    }
  }

  private static void report(FlopCounter flops, Samples s) {
    double sourceFlops = FlopCounter.total(flops.sourceEncoding());
    Map<String, Double> frame = flops.perFrame();
    double motionFlops = frame.get("motion encoder");
    double triplaneFlops = frame.get("canonical encoder") + frame.get("triplane decoder");
    double renderFlops = flops.perView().get("render");
    double srFlops = flops.perView().get("super-resolution");

    System.out.println(
        "stage                        median ms    best ms      GFLOP  GFLOP/s(best)");
    row("source encoding", s, "source", 1, sourceFlops);
    row("per frame: motion code", s, "motion", 1, motionFlops);
    row("per frame: triplanes", s, "triplanes", 1, triplaneFlops);
    row("per view: render (1 view)", s, "render1", 1, renderFlops);
    row("per view: SR (1 view)", s, "sr1", 1, srFlops);
    row("render, 8 views / 8", s, "render8", MANY_VIEWS, renderFlops);
    row("SR, 8 views / 8", s, "sr8", MANY_VIEWS, srFlops);
    row("facade render+SR, 1 view", s, "view1", 1, renderFlops + srFlops);
    row("facade render+SR, 8 views", s, "view8", 1, MANY_VIEWS * (renderFlops + srFlops));
    System.out.printf(
        Locale.ROOT,
        "8 views vs 1 view in one call (median | best): %.2fx | %.2fx the time; renderer alone %.2fx | %.2fx;"
            + " SR alone %.2fx | %.2fx%n",
        s.median("view8") / s.median("view1"),
        s.best("view8") / s.best("view1"),
        s.median("render8") / s.median("render1"),
        s.best("render8") / s.best("render1"),
        s.median("sr8") / s.median("sr1"),
        s.best("sr8") / s.best("sr1"));
    double frame1 = s.best("motion") + s.best("triplanes") + s.best("view1");
    double frame8 = s.best("motion") + s.best("triplanes") + s.best("view8");
    System.out.printf(
        Locale.ROOT,
        "whole driving frame (motion + triplanes + render + SR, best): 1 view %.0f ms, 8 views %.0f ms (%.2fx)%n",
        frame1,
        frame8,
        frame8 / frame1);
    System.out.println("FLOP breakdown (GFLOP):");
    Map<String, Map<String, Double>> stages = new java.util.LinkedHashMap<>();
    stages.put("source", flops.sourceEncoding());
    stages.put("frame", frame);
    stages.put("view", flops.perView());
    for (Map.Entry<String, Map<String, Double>> stage : stages.entrySet()) {
      StringBuilder line = new StringBuilder("  " + stage.getKey() + ":");
      stage
          .getValue()
          .forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s %.3f;", k, v / 1e9)));
      System.out.println(line);
    }
  }

  private static void row(String name, Samples s, String key, int per, double flops) {
    double best = s.best(key) / per;
    System.out.printf(
        Locale.ROOT,
        "%-27s %10.1f %10.1f %10.3f %10.2f%n",
        name,
        s.median(key) / per,
        best,
        flops / 1e9,
        flops / 1e9 / (best / 1e3));
  }

  /** A synthetic head-and-shoulders picture: enough structure for the encoders to chew on. */
  static BufferedImage portrait(int size, Color skin) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setPaint(
        new GradientPaint(0, 0, new Color(40, 60, 90), size, size, new Color(120, 140, 170)));
    g.fillRect(0, 0, size, size);
    g.setColor(skin.darker());
    g.fillOval(size / 8, size * 3 / 4, size * 3 / 4, size / 2);
    g.setColor(skin);
    g.fillOval(size * 3 / 10, size / 6, size * 2 / 5, size / 2);
    g.setColor(Color.DARK_GRAY);
    g.fillOval(size * 2 / 5 - size / 40, size * 2 / 5, size / 20, size / 30);
    g.fillOval(size * 3 / 5 - size / 40, size * 2 / 5, size / 20, size / 30);
    g.setColor(new Color(150, 60, 60));
    g.fillRect(size * 9 / 20, size * 11 / 20, size / 10, size / 50 + 1);
    g.dispose();
    return img;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** Timed samples per key. */
  private static final class Samples {
    private final Map<String, List<Double>> values = new java.util.HashMap<>();

    void add(String key, double value) {
      values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    double best(String key) {
      return values.get(key).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    double median(String key) {
      List<Double> v = new ArrayList<>(values.get(key));
      v.sort(Double::compare);
      int n = v.size();
      return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }
  }
}
