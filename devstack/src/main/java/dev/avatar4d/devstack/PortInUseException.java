package dev.avatar4d.devstack;

/** A fixed port asked for is already bound by another process. */
public final class PortInUseException extends IllegalStateException {
  private final int port;

  public PortInUseException(int port, String hint) {
    super("port " + port + " is in use" + (hint == null ? "" : "; " + hint));
    this.port = port;
  }

  public int port() {
    return port;
  }
}
