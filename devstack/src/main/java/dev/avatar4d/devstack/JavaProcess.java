package dev.avatar4d.devstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Another JVM program (gateway, worker, broker) run as a child process. Its stdout and stderr go,
 * merged, to a log file (appended, so restarts keep history); the child inherits this process's
 * environment plus what {@link Builder#env} adds. The child is destroyed by a shutdown hook when
 * this JVM exits normally.
 */
public final class JavaProcess implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(50);

  private final String name;
  private final Process process;
  private final Path logFile;
  private final long logStart;
  private final Thread shutdownHook;

  private JavaProcess(String name, Process process, Path logFile, long logStart) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.logStart = logStart;
    this.shutdownHook = new Thread(process::destroyForcibly, name + "-reaper");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts describing a child JVM called {@code name} (used in messages and thread names). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Where stdout and stderr go. */
  public Path logFile() {
    return logFile;
  }

  /** The underlying process, for exit codes. */
  public Process process() {
    return process;
  }

  /**
   * Blocks until a line this process wrote (since it started) matches {@code p}. Fails with the
   * log's tail when the process exits first or the timeout passes.
   */
  public void waitForLogLine(Pattern p, Duration timeout) {
    Objects.requireNonNull(p, "pattern");
    long deadline = System.nanoTime() + timeout.toNanos();
    long offset = logStart;
    StringBuilder partial = new StringBuilder();
    while (true) {
      boolean aliveBefore = process.isAlive();
      try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
        if (f.length() > offset) {
          f.seek(offset);
          byte[] buf = new byte[(int) Math.min(f.length() - offset, 1 << 20)];
          f.readFully(buf);
          offset += buf.length;
          partial.append(new String(buf, StandardCharsets.UTF_8));
          int nl;
          while ((nl = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, nl);
            partial.delete(0, nl + 1);
            if (p.matcher(line).find()) {
              return;
            }
          }
          if (p.matcher(partial).find()) {
            return;
          }
          continue;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!aliveBefore) {
        throw new IllegalStateException(
            name
                + " exited (code "
                + process.exitValue()
                + ") before logging /"
                + p
                + "/; last lines of "
                + logFile
                + ":\n"
                + tail(40));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name
                + " did not log /"
                + p
                + "/ within "
                + timeout
                + "; last lines of "
                + logFile
                + ":\n"
                + tail(40));
      }
      sleep(POLL);
    }
  }

  /** The last {@code lines} lines of the log file, for error messages. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** SIGKILL: no shutdown hooks, no flushing. Waits until the process is gone. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  /** SIGTERM, then SIGKILL if it has not exited within {@code grace}. */
  public void stop(Duration grace) {
    process.destroy();
    if (!awaitExit(grace)) {
      kill();
    }
  }

  /** Stops with a 30 s grace period. */
  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook runs anyway and finds the process gone.
    }
  }

  private boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Describes the child JVM. Either {@link #mainClass} (with {@link #classpath}) or {@link #jar}.
   */
  public static final class Builder {
    private final String name;
    private String mainClass;
    private Path jar;
    private List<Path> classpath = List.of();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private Path logFile;
    private Path workingDir;
    private String javaCommand;

    private Builder(String name) {
      if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException("name must match [A-Za-z0-9_.-]+: " + name);
      }
      this.name = name;
    }

    public Builder mainClass(String mainClass) {
      this.mainClass = mainClass;
      return this;
    }

    public Builder jar(Path jar) {
      this.jar = jar;
      return this;
    }

    public Builder classpath(List<Path> classpath) {
      this.classpath = List.copyOf(classpath);
      return this;
    }

    /** Adds environment variables on top of the inherited environment. */
    public Builder env(Map<String, String> env) {
      this.env.putAll(env);
      return this;
    }

    public Builder jvmArgs(String... jvmArgs) {
      this.jvmArgs.addAll(List.of(jvmArgs));
      return this;
    }

    public Builder jvmArgs(List<String> jvmArgs) {
      this.jvmArgs.addAll(jvmArgs);
      return this;
    }

    public Builder args(String... args) {
      this.args.addAll(List.of(args));
      return this;
    }

    public Builder args(List<String> args) {
      this.args.addAll(args);
      return this;
    }

    /** Default: {@code <tmpdir>/avatar4d-<name>.log}. */
    public Builder logFile(Path logFile) {
      this.logFile = logFile;
      return this;
    }

    /** Default: this process's working directory. */
    public Builder workingDir(Path workingDir) {
      this.workingDir = workingDir;
      return this;
    }

    /** Default: the {@code java} of this JVM ({@code java.home}). */
    public Builder javaCommand(String javaCommand) {
      this.javaCommand = javaCommand;
      return this;
    }

    /** The full command line {@link #start()} runs. */
    public List<String> command() {
      if ((mainClass == null) == (jar == null)) {
        throw new IllegalStateException(name + ": set exactly one of mainClass or jar");
      }
      List<String> cmd = new ArrayList<>();
      cmd.add(
          javaCommand != null
              ? javaCommand
              : Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(jvmArgs);
      if (!classpath.isEmpty()) {
        cmd.add("-cp");
        cmd.add(
            classpath.stream()
                .map(Path::toString)
                .collect(Collectors.joining(java.io.File.pathSeparator)));
      }
      if (jar != null) {
        cmd.add("-jar");
        cmd.add(jar.toString());
      } else {
        cmd.add(mainClass);
      }
      cmd.addAll(args);
      return cmd;
    }

    public JavaProcess start() {
      List<String> cmd = command();
      Path log =
          logFile != null
              ? logFile
              : Path.of(System.getProperty("java.io.tmpdir"), "avatar4d-" + name + ".log");
      try {
        if (log.getParent() != null) {
          Files.createDirectories(log.getParent());
        }
        long start = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder pb =
            new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        if (workingDir != null) {
          pb.directory(workingDir.toFile());
        }
        pb.environment().putAll(env);
        return new JavaProcess(name, pb.start(), log, start);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + name + ": " + cmd, e);
      }
    }
  }
}
