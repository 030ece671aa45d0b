package dev.avatar4d.protocol;

import java.util.Locale;

/**
 * The stages a worker spends a job's time in, as a manifest's {@code timings} names them. The
 * stages marked {@link #model()} are the network's share; the rest is the work around it.
 */
public enum JobStage {
  /** Reading the source and driving images from the object store and decoding them. */
  DOWNLOAD(false),
  /** Finding, aligning and posing the faces, and scoring the output's identity and expression. */
  FACE_ANALYSIS(false),
  /** Loading the model, when this worker had not loaded the job's preset yet. */
  MODEL_LOAD(false),
  /** Encoding the source image once (global, detail and background features). */
  SOURCE_ENCODING(true),
  /** Computing each driving frame's motion code. */
  MOTION(true),
  /** Computing each frame's tri-planes from the source features and motion code. */
  TRIPLANES(true),
  /** Volume rendering and super-resolution of every view of every frame. */
  RENDER(true),
  /** The source's triplanes, its density grid, marching cubes and vertex colours (MESH format). */
  MESH(true),
  /** PNG, 16-bit depth, MP4, glTF and PLY encoding of the outputs. */
  OUTPUT_ENCODING(false),
  /** Storing the outputs and the manifest. */
  UPLOAD(false);

  private final boolean model;

  JobStage(boolean model) {
    this.model = model;
  }

  /** Whether this stage is the network's own work. */
  public boolean model() {
    return model;
  }

  /** The stage's key in a manifest's {@code timings}, e.g. {@code source_encoding}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
