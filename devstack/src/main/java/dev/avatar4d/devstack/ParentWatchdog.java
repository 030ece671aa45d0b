package dev.avatar4d.devstack;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point for child JVMs the dev stack starts (the Kafka broker): halts the child when its
 * parent process exits, so a killed test JVM or launcher never leaves a broker holding ports.
 *
 * <p>Usage: {@code ParentWatchdog <parentPid> <mainClass> [args...]}.
 */
public final class ParentWatchdog {
  private ParentWatchdog() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: ParentWatchdog <parentPid> <mainClass> [args...]");
    }
    long parent = Long.parseLong(args[0]);
    ProcessHandle.of(parent)
        .ifPresentOrElse(
            h -> h.onExit().thenRun(() -> Runtime.getRuntime().halt(143)),
            () -> Runtime.getRuntime().halt(143));
    Method main = Class.forName(args[1]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
