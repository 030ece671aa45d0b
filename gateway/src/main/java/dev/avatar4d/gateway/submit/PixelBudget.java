package dev.avatar4d.gateway.submit;

/**
 * The pixels all images of one request may declare together ({@code
 * avatar4d.api.max-request-pixels}). Each image is charged from its header before it is decoded, so
 * a request of many small files that each declare a large image is refused before the gateway
 * spends its CPU decoding them. Not thread-safe; one per request.
 */
public final class PixelBudget {
  private final long limit;
  private long spent;

  /**
   * @param limit most pixels in all, at least 1
   */
  public PixelBudget(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the pixel budget must be at least 1, got " + limit);
    }
    this.limit = limit;
  }

  /** A budget that never runs out, for checking one image on its own. */
  public static PixelBudget unlimited() {
    return new PixelBudget(Long.MAX_VALUE);
  }

  /**
   * Charges {@code size} to the budget; {@link PartTooLargeException} naming {@code field} when it
   * is spent.
   */
  void charge(String field, ImageSize size) {
    spent = Math.addExact(spent, size.pixels());
    if (spent > limit) {
      throw new PartTooLargeException(
          field,
          "with this "
              + size
              + " image the request's images have "
              + spent
              + " pixels in all, more than the limit of "
              + limit
              + " per request");
    }
  }
}
