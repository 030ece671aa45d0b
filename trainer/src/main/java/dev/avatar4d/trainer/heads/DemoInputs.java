package dev.avatar4d.trainer.heads;

import dev.avatar4d.synthesizer.camera.Cameras;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes the demo job's inputs from held-out identities, which no training run ever sees: the
 * source is held-out head 0, neutral, facing the front camera; the driving frames are a clip of
 * held-out head 1 (cross-identity reenactment, the service's main use).
 *
 * <p>Run: {@code java -cp … dev.avatar4d.trainer.heads.DemoInputs <folder>}; the committed files
 * under {@code devstack/src/main/resources/dev/avatar4d/devstack/sample/} came from {@link #SEED}
 * and {@link #SIZE}.
 */
public final class DemoInputs {
  /** The world seed of the demo inputs (and of training). */
  public static final long SEED = 42;

  /** Side of the demo images. */
  public static final int SIZE = 512;

  /** Driving frames written. */
  public static final int FRAMES = 6;

  /** The driving clip's expressions, frame by frame. */
  static final List<Expression> EXPRESSIONS =
      List.of(
          Expression.NEUTRAL,
          new Expression(0.6, 0, 0, 0, 0.3),
          new Expression(0.2, 0.9, 0, 0, 0),
          new Expression(0, 0.3, 1, 1, 0),
          new Expression(0.9, 0, 0, 0, 1),
          new Expression(0, 0.6, 0, 0.8, 0.5));

  /** The driving clip's head poses, frame by frame. */
  static final List<HeadPose> POSES =
      List.of(
          HeadPose.FRONT,
          new HeadPose(0.15, 0, 0),
          new HeadPose(0.3, 0.1, 0.05),
          new HeadPose(0, 0.15, 0),
          new HeadPose(-0.2, -0.05, -0.05),
          new HeadPose(-0.35, 0, 0.1));

  private DemoInputs() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: DemoInputs <output folder>");
      System.exit(2);
    }
    write(Path.of(args[0]), new SyntheticHeads(SEED, 1.3f));
  }

  static void write(Path folder, SyntheticHeads world) throws IOException {
    Files.createDirectories(folder);
    HeadIdentity source = world.identity(SyntheticHeads.Split.HELD_OUT, 0);
    HeadRender front =
        world.render(source, Expression.NEUTRAL, HeadPose.FRONT, Cameras.front(), SIZE);
    ImageIO.write(front.toImage(), "png", folder.resolve("source.png").toFile());
    HeadIdentity driver = world.identity(SyntheticHeads.Split.HELD_OUT, 1);
    for (int f = 0; f < FRAMES; f++) {
      HeadRender frame =
          world.render(driver, EXPRESSIONS.get(f), POSES.get(f), Cameras.front(), SIZE);
      ImageIO.write(
          frame.toImage(), "png", folder.resolve(String.format("driving-%02d.png", f)).toFile());
    }
  }
}
