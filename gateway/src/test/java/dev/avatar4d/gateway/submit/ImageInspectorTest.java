package dev.avatar4d.gateway.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.avatar4d.gateway.support.BadImages;
import dev.avatar4d.gateway.support.Images;
import dev.avatar4d.protocol.InvalidFieldException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class ImageInspectorTest {
  private static final long MAX_BYTES = 1 << 20;
  private final ImageInspector inspector = new ImageInspector(MAX_BYTES, 4096L * 4096, 8192);

  @Test
  void aPngAndAJpegPassWithTheirTypeAndSize() {
    InputImage png = inspector.inspect("source", BadImages.noisyPng(40, 24));
    InputImage jpeg = inspector.inspect("source", BadImages.noisyJpeg(24, 40));
    assertThat(png)
        .extracting(InputImage::type, InputImage::width, InputImage::height)
        .containsExactly(ImageType.PNG, 40, 24);
    assertThat(jpeg)
        .extracting(InputImage::type, InputImage::width, InputImage::height)
        .containsExactly(ImageType.JPEG, 24, 40);
  }

  @Test
  void aTinyPngDeclaring100000By100000PixelsIsRefusedFromItsHeaderWithoutDecoding() {
    byte[] bomb = BadImages.pngDeclaring(100_000, 100_000);
    assertThat(bomb.length).isLessThan(200);
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () ->
            refused("driving[3]", bomb)
                .hasMessageContaining("100000×100000")
                .hasMessageContaining("8192"));
  }

  @Test
  void anImageWithinTheSideLimitButOverThePixelLimitIsRefused() {
    refused("source", BadImages.pngDeclaring(8000, 8000))
        .hasMessageContaining("64000000 pixels, more than the limit of 16777216");
  }

  @Test
  void theImagesOfOneRequestShareAPixelBudgetChargedFromEachHeaderBeforeDecoding() {
    PixelBudget budget = new PixelBudget(2_000);
    inspector.inspect("source", BadImages.noisyPng(40, 24), budget);
    inspector.inspect("driving[0]", BadImages.noisyPng(40, 24), budget);

    // pngDeclaring has no decodable pixels: refusing it for the budget shows nothing was decoded.
    assertThatThrownBy(
            () -> inspector.inspect("driving[1]", BadImages.pngDeclaring(100, 100), budget))
        .isExactlyInstanceOf(PartTooLargeException.class)
        .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("driving[1]"))
        .hasMessageContaining("11920 pixels in all, more than the limit of 2000 per request");
  }

  @Test
  void aLongThinImageOverTheSideLimitIsRefusedAlthoughItsPixelCountFits() {
    refused("source", BadImages.pngDeclaring(10_000, 1))
        .hasMessageContaining("neither side may exceed 8192");
  }

  @Test
  void aTruncatedPngIsRefusedEvenWhereImageioWouldDecodeIt() throws IOException {
    byte[] png = BadImages.noisyPng(64, 64);
    byte[] withoutEnd = BadImages.truncated(png, png.length - 12);
    assertThat(ImageIO.read(new ByteArrayInputStream(withoutEnd))).isNotNull();
    refused("source", withoutEnd).hasMessageContaining("truncated");
    refused("source", BadImages.truncated(png, png.length / 2)).hasMessageContaining("truncated");
    refused("source", BadImages.truncated(png, 30)).hasMessageContaining("truncated");
  }

  @Test
  void aTruncatedJpegIsRefusedEvenWhereImageioWouldDecodeIt() throws IOException {
    byte[] jpeg = BadImages.noisyJpeg(64, 64);
    byte[] half = BadImages.truncated(jpeg, jpeg.length / 2);
    assertThat(ImageIO.read(new ByteArrayInputStream(half))).isNotNull();
    refused("source", half).hasMessageContaining("truncated");
    refused("source", BadImages.truncated(jpeg, jpeg.length - 2)).hasMessageContaining("truncated");
    refused("source", BadImages.truncated(jpeg, 100)).hasMessageContaining("truncated");
  }

  @Test
  void aJpegWithGarbageInsideItsImageDataIsRefusedOnTheDecoderWarning() {
    byte[] jpeg = BadImages.noisyJpeg(64, 64);
    for (int i = jpeg.length / 2; i < jpeg.length / 2 + 40; i++) {
      jpeg[i] = 0x37;
    }
    refused("source", jpeg).hasMessageContaining("Corrupt JPEG data");
  }

  @Test
  void aPngWithAFlippedBitFailsItsChunkCrc() {
    byte[] png = BadImages.noisyPng(32, 32);
    png[png.length / 2] ^= 0x04;
    refused("source", png).hasMessageContaining("fails its CRC");
  }

  @Test
  void garbageAfterAValidSignatureIsRefusedForBothTypes() {
    refused("source", BadImages.garbageAfterSignature(Images.png(1), 8, 1))
        .hasMessageContaining("PNG image cannot be decoded");
    refused("source", BadImages.garbageAfterSignature(Images.jpeg(1), 3, 2))
        .hasMessageContaining("JPEG image cannot be decoded");
  }

  @Test
  void dataAfterThePngEndIsRefusedButATrailerAfterAJpegEndIsKept() {
    byte[] trailer = "trailer".getBytes(StandardCharsets.US_ASCII);
    refused("source", BadImages.withTrailer(Images.png(1), trailer))
        .hasMessageContaining("after the IEND chunk");
    assertThat(inspector.inspect("source", BadImages.withTrailer(Images.jpeg(1), trailer)).width())
        .isEqualTo(32);
  }

  @Test
  void otherFormatsAndTextAreRefusedByTheirContent() {
    refused("source", BadImages.gif()).hasMessageContaining("not a PNG or JPEG");
    refused("source", BadImages.webp()).hasMessageContaining("not a PNG or JPEG");
    refused("source", "<html>hello</html>".getBytes(StandardCharsets.UTF_8))
        .hasMessageContaining("not a PNG or JPEG");
  }

  @Test
  void anEmptyPartIsRefused() {
    refused("driving[0]", new byte[0]).hasMessageContaining("empty");
  }

  @Test
  void aPartOverTheByteLimitIsAPartTooLargeErrorNamingIt() {
    assertThatThrownBy(() -> inspector.inspect("driving[2]", new byte[(int) MAX_BYTES + 1]))
        .isInstanceOf(PartTooLargeException.class)
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo("driving[2]");
  }

  private AbstractThrowableAssert<?, ? extends Throwable> refused(String field, byte[] image) {
    return assertThatThrownBy(() -> inspector.inspect(field, image))
        .isExactlyInstanceOf(InvalidFieldException.class)
        .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo(field));
  }
}
