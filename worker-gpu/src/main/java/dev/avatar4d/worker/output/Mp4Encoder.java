package dev.avatar4d.worker.output;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jcodec.api.SequenceEncoder;
import org.jcodec.common.Codec;
import org.jcodec.common.Format;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rational;
import org.jcodec.scale.AWTUtil;

/**
 * H.264 (baseline, CAVLC) in an MP4 container, written by the pure-Java JCodec encoder so that
 * workers need no native video library. Chromium plays these files.
 */
public final class Mp4Encoder {
  private Mp4Encoder() {}

  /** Encodes {@code frames} (all the same size, sides multiples of 16) at {@code fps}. */
  public static byte[] encode(List<BufferedImage> frames, int fps) {
    return encode(frames, fps, () -> {});
  }

  /**
   * {@link #encode(List, int)}, running {@code checkpoint} before every frame: a long video must
   * not delay a cancel, and the checkpoint throws to abandon the encoding.
   */
  public static byte[] encode(List<BufferedImage> frames, int fps, Runnable checkpoint) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("a video needs at least one frame");
    }
    Path file = null;
    try {
      file = Files.createTempFile("avatar4d-", ".mp4");
      try (SeekableByteChannel out = NIOUtils.writableChannel(file.toFile())) {
        SequenceEncoder encoder =
            new SequenceEncoder(out, Rational.R(fps, 1), Format.MOV, Codec.H264, null);
        for (BufferedImage frame : frames) {
          checkpoint.run();
          // The sequence encoder takes RGB pictures and converts them to the codec's YUV 4:2:0
          // itself.
          Picture picture = AWTUtil.fromBufferedImageRGB(frame);
          encoder.encodeNativeFrame(picture);
        }
        encoder.finish();
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // A leftover temp file is harmless; the job's result does not depend on it.
        }
      }
    }
  }
}
