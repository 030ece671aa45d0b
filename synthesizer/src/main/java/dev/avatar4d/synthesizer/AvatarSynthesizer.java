package dev.avatar4d.synthesizer;

import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.mesh.Mesh;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A one-shot 4D head avatar model: encode a source portrait once, encode each driving frame's
 * motion, build triplanes per frame, and render any number of views from them.
 *
 * <p>Returned {@link SourceFeatures}, {@link MotionCode} and {@link Triplanes} own native memory
 * and must be closed by the caller. An instance is not meant to be used by several threads at once.
 */
public interface AvatarSynthesizer extends AutoCloseable {

  /** What this synthesizer runs. */
  ModelInfo modelInfo();

  /**
   * Encodes the source portrait: F_g, F_d, background and the source motion code.
   *
   * @param motionPoints the motion encoder's crop points in pixels of {@code source}: image-left
   *     eye centre, image-right eye centre, inner mouth centre, each {@code {x, y}}; null takes the
   *     places a pre-aligned portrait has them
   */
  SourceFeatures encodeSource(BufferedImage source, double[][] motionPoints);

  /** {@link #encodeSource(BufferedImage, double[][])} for a pre-aligned portrait. */
  default SourceFeatures encodeSource(BufferedImage source) {
    return encodeSource(source, null);
  }

  /**
   * Encodes a driving frame's motion.
   *
   * @param motionPoints as for {@link #encodeSource(BufferedImage, double[][])}
   */
  MotionCode encodeMotion(BufferedImage driving, double[][] motionPoints);

  /** {@link #encodeMotion(BufferedImage, double[][])} for a pre-aligned frame. */
  default MotionCode encodeMotion(BufferedImage driving) {
    return encodeMotion(driving, null);
  }

  /** Builds the triplanes of the source animated by {@code driving}. */
  Triplanes triplanes(SourceFeatures source, MotionCode driving);

  /**
   * Builds the triplanes of the source in its own expression: the avatar before any driving frame
   * moves it.
   */
  Triplanes sourceTriplanes(SourceFeatures source);

  /**
   * The head's surface in {@code planes}: marching cubes on a {@code gridSize}³ density grid over
   * the triplane cube, with vertex colours from the radiance field ({@link
   * dev.avatar4d.synthesizer.render.MeshExport}). The mesh is in the renderer's world frame (+y up,
   * the front camera on +z), where the head faces the front camera whatever pose a job applies.
   *
   * @param checkpoint run between chunks of work (a cancellation check); may throw
   */
  Mesh mesh(Triplanes planes, int gridSize, Runnable checkpoint);

  /** Renders every camera in one batched call. */
  List<RenderedView> render(SourceFeatures source, Triplanes planes, List<Camera> cameras);

  /** Releases the model's native memory. */
  @Override
  void close();
}
