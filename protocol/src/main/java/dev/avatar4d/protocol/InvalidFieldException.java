package dev.avatar4d.protocol;

/**
 * A request value that breaks a rule. Carries the field's path (such as {@code
 * options.views[2].yaw}) so that the gateway can name it in its problem+json answer.
 */
public class InvalidFieldException extends IllegalArgumentException {
  private final String field;

  public InvalidFieldException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** Path of the offending field. */
  public String field() {
    return field;
  }

  /** The message without the field prefix. */
  public String reason() {
    return getMessage().substring(field.length() + 2);
  }
}
