package dev.avatar4d.storage;

/** The requested object (or its bucket) does not exist. */
public final class ObjectNotFoundException extends StorageException {
  private final String key;

  public ObjectNotFoundException(String key) {
    super("no such object: " + key);
    this.key = key;
  }

  /** The key that was asked for. */
  public String key() {
    return key;
  }
}
