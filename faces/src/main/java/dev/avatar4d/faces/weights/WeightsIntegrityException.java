package dev.avatar4d.faces.weights;

/** A model file is missing its pin, does not match it, or does not parse. */
public final class WeightsIntegrityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A refusal with its reason. */
  public WeightsIntegrityException(String message) {
    super(message);
  }
}
