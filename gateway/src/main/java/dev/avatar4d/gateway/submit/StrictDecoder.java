package dev.avatar4d.gateway.submit;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes an image whose structure and size were already checked, and treats every decoder warning
 * as an error: ImageIO reports damaged data (such as a corrupt JPEG scan) only as a warning and
 * returns an image anyway.
 */
final class StrictDecoder {
  private StrictDecoder() {}

  /** The decoded image; {@link MalformedImageException} when decoding fails or warns. */
  static BufferedImage decode(byte[] bytes, ImageType type) {
    ImageReader reader = reader(type);
    List<String> warnings = new ArrayList<>();
    IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      // Metadata is ignored: compressed text chunks could otherwise inflate without bound.
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener(listener);
      BufferedImage image = reader.read(0);
      if (!warnings.isEmpty()) {
        throw new MalformedImageException("corrupt: " + warnings.get(0));
      }
      return image;
    } catch (IOException | RuntimeException e) {
      if (e instanceof MalformedImageException malformed) {
        throw malformed;
      }
      throw new MalformedImageException(
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } finally {
      reader.dispose();
    }
  }

  private static ImageReader reader(ImageType type) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(type.mediaType());
    if (!readers.hasNext()) {
      throw new IllegalStateException("this JVM has no ImageIO reader for " + type.mediaType());
    }
    return readers.next();
  }
}
