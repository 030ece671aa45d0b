package dev.avatar4d.synthesizer.weights;

/**
 * A weights file does not fit the network it is loaded into (format, version, preset or tensors).
 */
public final class WeightsMismatchException extends RuntimeException {

  /** With a message saying what differs and what to do. */
  public WeightsMismatchException(String message) {
    super(message);
  }
}
