package dev.avatar4d.gateway.db;

/** A database call failed. Unchecked so that it can cross lambdas; the API maps it to 503. */
public class DataAccessException extends RuntimeException {
  public DataAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
