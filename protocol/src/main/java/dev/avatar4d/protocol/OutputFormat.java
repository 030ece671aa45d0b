package dev.avatar4d.protocol;

/** What a worker writes: per view (PNG, MP4, DEPTH) or once per job (MESH). */
public enum OutputFormat {
  /** Every frame as an RGB PNG at the requested resolution. */
  PNG,
  /** All frames of the view as an H.264 MP4. */
  MP4,
  /**
   * Per-frame depth maps: 16-bit grayscale PNG of the ray distance, plus its range in the manifest.
   */
  DEPTH,
  /**
   * The head's surface in the source's expression, once per job: binary glTF ({@code
   * mesh/avatar.glb}) and PLY ({@code mesh/avatar.ply}) with vertex colours. Not among the
   * defaults.
   */
  MESH
}
