package dev.avatar4d.gateway.submit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.multipart.FormValue;

/**
 * Reads the content of one multipart part. A file part over the byte limit is refused from its size
 * on disk, before it is read into memory: the body limit alone would let one part fill the heap.
 */
final class PartContent {
  private PartContent() {}

  /**
   * The part's bytes; {@link PartTooLargeException} naming {@code field} when a file part exceeds
   * {@code limit}.
   */
  static byte[] read(String field, FormValue part, long limit) {
    if (!part.isFileItem()) {
      // A text field where a file was expected; its characters are all we have.
      return part.getValue() == null
          ? new byte[0]
          : part.getValue().getBytes(StandardCharsets.ISO_8859_1);
    }
    try {
      long size = part.getFileItem().getFileSize();
      if (size > limit) {
        throw new PartTooLargeException(field, size, limit, "bytes");
      }
      try (InputStream in = part.getFileItem().getInputStream()) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read uploaded part " + field, e);
    }
  }
}
