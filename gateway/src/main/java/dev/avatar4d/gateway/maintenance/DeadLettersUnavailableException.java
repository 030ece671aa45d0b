package dev.avatar4d.gateway.maintenance;

/** The dead-letter topic could not be read to its end (Kafka down or too slow). */
public class DeadLettersUnavailableException extends RuntimeException {
  public DeadLettersUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
