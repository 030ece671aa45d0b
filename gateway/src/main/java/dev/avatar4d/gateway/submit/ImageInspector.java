package dev.avatar4d.gateway.submit;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.protocol.InvalidFieldException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import org.jboss.resteasy.reactive.server.multipart.FormValue;

/**
 * Checks one uploaded image, cheapest checks first: not empty, not too many bytes, PNG or JPEG by
 * its magic bytes, an intact structure (nothing truncated, see {@link PngStructure} and {@link
 * JpegStructure}), a declared size within the pixel limits, and only then a strict decode. The size
 * is checked from the header before any pixel is decoded, so a small file declaring a huge image (a
 * decompression bomb) costs nothing. Decoding here costs a little CPU at submit time and saves a
 * GPU worker from failing on a damaged file later.
 */
@ApplicationScoped
public class ImageInspector {
  private final long maxBytes;
  private final long maxPixels;
  private final int maxSide;

  @Inject
  ImageInspector(GatewayConfig config) {
    this(config.api().maxImageBytes(), config.api().maxImagePixels(), config.api().maxImageSide());
  }

  ImageInspector(long maxBytes, long maxPixels, int maxSide) {
    this.maxBytes = maxBytes;
    this.maxPixels = maxPixels;
    this.maxSide = maxSide;
  }

  /**
   * {@link #inspect(String, byte[], PixelBudget)} for a multipart part, refused from its size
   * before it is read when too large.
   */
  public InputImage inspect(String field, FormValue part, PixelBudget budget) {
    return inspect(field, PartContent.read(field, part, maxBytes), budget);
  }

  /** {@link #inspect(String, byte[], PixelBudget)} of an image on its own. */
  public InputImage inspect(String field, byte[] bytes) {
    return inspect(field, bytes, PixelBudget.unlimited());
  }

  /**
   * The inspected image, its declared pixels charged to {@code budget} before it is decoded; {@link
   * PartTooLargeException} when it has too many bytes or the budget is spent, {@link
   * InvalidFieldException} naming {@code field} when it is otherwise unusable.
   */
  public InputImage inspect(String field, byte[] bytes, PixelBudget budget) {
    if (bytes.length == 0) {
      throw new InvalidFieldException(field, "the image is empty");
    }
    if (bytes.length > maxBytes) {
      throw new PartTooLargeException(field, bytes.length, maxBytes, "bytes");
    }
    ImageType type =
        ImageType.sniff(bytes)
            .orElseThrow(() -> new InvalidFieldException(field, "not a PNG or JPEG image"));
    try {
      ImageSize declared =
          type == ImageType.PNG ? PngStructure.check(bytes) : JpegStructure.check(bytes);
      checkSize(field, type, declared);
      budget.charge(field, declared);
      BufferedImage image = StrictDecoder.decode(bytes, type);
      if (image.getWidth() != declared.width() || image.getHeight() != declared.height()) {
        throw new MalformedImageException(
            "corrupt: decoded "
                + image.getWidth()
                + "×"
                + image.getHeight()
                + ", the header declares "
                + declared);
      }
      return new InputImage(bytes, type, image.getWidth(), image.getHeight());
    } catch (MalformedImageException e) {
      throw new InvalidFieldException(
          field, "the " + type + " image cannot be decoded: " + e.getMessage());
    }
  }

  private void checkSize(String field, ImageType type, ImageSize size) {
    if (size.width() > maxSide || size.height() > maxSide) {
      throw new InvalidFieldException(
          field,
          "the " + type + " image is " + size + " pixels; neither side may exceed " + maxSide);
    }
    if (size.pixels() > maxPixels) {
      throw new InvalidFieldException(
          field,
          "the "
              + type
              + " image is "
              + size
              + " = "
              + size.pixels()
              + " pixels, more than the limit of "
              + maxPixels);
    }
  }
}
