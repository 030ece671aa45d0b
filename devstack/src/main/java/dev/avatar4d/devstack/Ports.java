package dev.avatar4d.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port helpers. Everything the dev stack starts listens on 127.0.0.1 only. */
public final class Ports {
  /** The only address dev-stack components bind. */
  public static final String LOOPBACK = "127.0.0.1";

  private Ports() {}

  /** A port that was free a moment ago (the OS picks it; a race is possible but rare). */
  public static int free() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** {@code port} itself, or a free port when it is 0. */
  public static int resolve(int port, String hint) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (port == 0) {
      return free();
    }
    requireFree(port, hint);
    return port;
  }

  /** Throws {@link PortInUseException} (with {@code hint}) when {@code port} cannot be bound. */
  public static void requireFree(int port, String hint) {
    if (port == 0) {
      return;
    }
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
    } catch (IOException e) {
      throw new PortInUseException(port, hint);
    }
  }
}
