package dev.avatar4d.trainer.heads;

import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.camera.Cameras;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The synthetic world the lite model learns in: an endless, deterministic population of procedural
 * heads with two disjoint splits, and the two kinds of data the paper's stages use.
 *
 * <ul>
 *   <li>{@link #multiView}: one identity with one expression and a frontal pose, seen by several
 *       cameras (stage 1, Ψ3d);
 *   <li>{@link #monocularClip}: one identity filmed by one camera while its expression and head
 *       pose change smoothly over time (stage 2, Ψ), with the ground truth any other camera would
 *       have seen available through {@link #render}.
 * </ul>
 *
 * <p>Everything follows from the seed, the split and the index: the same call gives the same pixels
 * on any machine. Training identities and held-out identities come from different random streams,
 * so no held-out head is ever trained on.
 */
public final class SyntheticHeads {
  /** Which population an identity comes from. */
  public enum Split {
    TRAIN(0x7A41),
    HELD_OUT(0x4E1D);

    private final long salt;

    Split(long salt) {
      this.salt = salt;
    }
  }

  private final long seed;
  private final HeadRenderer renderer;

  /**
   * @param seed world seed
   * @param boxWarp the synthesizer preset's triplane cube side (the traced range)
   */
  public SyntheticHeads(long seed, float boxWarp) {
    this.seed = seed;
    this.renderer = new HeadRenderer(boxWarp);
  }

  public HeadRenderer renderer() {
    return renderer;
  }

  /** Identity number {@code index} of a split. */
  public HeadIdentity identity(Split split, int index) {
    return HeadIdentity.sample(random(split, index, 1));
  }

  /** Renders one state of a head from one camera. */
  public HeadRender render(
      HeadIdentity identity, Expression expression, HeadPose pose, Camera camera, int resolution) {
    return renderer.render(new HeadShape(identity, expression, pose), camera, resolution);
  }

  /**
   * Sample {@code sample} of identity {@code index}: its first camera is the source view, the
   * others are targets.
   */
  public MultiViewSet multiView(Split split, int index, int sample, int views, int resolution) {
    if (views < 2) {
      throw new IllegalArgumentException("a multi-view set needs at least 2 views");
    }
    HeadIdentity identity = identity(split, index);
    SplittableRandom rng = random(split, index, 1000L + sample);
    Expression expression = Expression.sample(rng);
    CameraSampler cameras = CameraSampler.paper();
    List<Camera> cams = new ArrayList<>();
    List<HeadRender> renders = new ArrayList<>();
    for (int v = 0; v < views; v++) {
      Camera camera;
      if (v == 0) {
        camera = rng.nextDouble() < 0.5 ? Cameras.front() : cameras.sample(rng);
      } else {
        // Targets alternate between the paper's range and the service's own orbit views.
        camera = v % 2 == 0 ? CameraSampler.service(rng) : cameras.sample(rng);
      }
      cams.add(camera);
      renders.add(render(identity, expression, HeadPose.FRONT, camera, resolution));
    }
    return new MultiViewSet(identity, expression, cams, renders);
  }

  /**
   * Clip {@code clip} of identity {@code index}: {@code frames} frames from one camera, the face
   * moving between random key expressions and poses (a new key every 8 frames, eased between).
   */
  public MonocularClip monocularClip(Split split, int index, int clip, int frames, int resolution) {
    HeadIdentity identity = identity(split, index);
    SplittableRandom rng = random(split, index, 500_000L + clip);
    Camera camera = CameraSampler.narrow().sample(rng);
    List<Expression> expressions = new ArrayList<>();
    List<HeadPose> poses = new ArrayList<>();
    Expression fromEx = Expression.sample(rng);
    Expression toEx = Expression.sample(rng);
    HeadPose fromPose = samplePose(rng);
    HeadPose toPose = samplePose(rng);
    List<HeadRender> renders = new ArrayList<>();
    for (int f = 0; f < frames; f++) {
      int phase = f % KEY_EVERY;
      if (f > 0 && phase == 0) {
        fromEx = toEx;
        toEx = Expression.sample(rng);
        fromPose = toPose;
        toPose = samplePose(rng);
      }
      double t = Sdf.smoothstep(0, 1, (double) phase / KEY_EVERY);
      Expression ex = fromEx.lerp(toEx, t);
      HeadPose pose = fromPose.lerp(toPose, t);
      expressions.add(ex);
      poses.add(pose);
      renders.add(render(identity, ex, pose, camera, resolution));
    }
    return new MonocularClip(identity, camera, expressions, poses, renders);
  }

  private static final int KEY_EVERY = 8;

  /**
   * A head pose of a talking subject: yaw, pitch and roll uniform within ±0.45, ±0.25 and ±0.15 rad
   * (small turns and nods), as the monocular clips use.
   */
  public static HeadPose samplePose(SplittableRandom rng) {
    return new HeadPose(
        0.45 * (2 * rng.nextDouble() - 1),
        0.25 * (2 * rng.nextDouble() - 1),
        0.15 * (2 * rng.nextDouble() - 1));
  }

  private SplittableRandom random(Split split, int index, long stream) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0");
    }
    long mixed =
        seed * 0x9E3779B97F4A7C15L
            ^ split.salt * 0xC2B2AE3D27D4EB4FL
            ^ index * 0x165667B19E3779F9L
            ^ stream * 0xD6E8FEB86659FD93L;
    return new SplittableRandom(mixed);
  }

  /** One identity and expression from several cameras; view 0 is the source. */
  public record MultiViewSet(
      HeadIdentity identity,
      Expression expression,
      List<Camera> cameras,
      List<HeadRender> renders) {
    public MultiViewSet {
      cameras = List.copyOf(cameras);
      renders = List.copyOf(renders);
    }
  }

  /** One identity, one camera, a moving face; frame f has expressions.get(f) and poses.get(f). */
  public record MonocularClip(
      HeadIdentity identity,
      Camera camera,
      List<Expression> expressions,
      List<HeadPose> poses,
      List<HeadRender> renders) {
    public MonocularClip {
      expressions = List.copyOf(expressions);
      poses = List.copyOf(poses);
      renders = List.copyOf(renders);
    }
  }
}
