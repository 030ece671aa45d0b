package dev.avatar4d.storage;

/** The object store failed or could not be reached. Unchecked: callers rarely can recover. */
public class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
