package dev.avatar4d.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3-compatible server for local runs and tests: S3Proxy over a jclouds filesystem directory,
 * AWS signature V2 or V4 (so presigned URLs work), bound to 127.0.0.1 only. Buckets are
 * sub-directories of the data directory; objects survive a restart on it.
 *
 * <p>S3Proxy is an <em>optional</em> dependency of this module, so services that use only {@link
 * ObjectStore} do not carry it (nor its Jetty/jclouds) at runtime. Whoever starts this server must
 * depend on {@code org.gaul:s3proxy} itself (devstack does).
 *
 * <p>It lives here rather than in {@code devstack} because this module's own tests ({@code
 * ObjectStoreTest}, {@code ManifestAndRestartTest}) run against it, and {@code devstack} depends on
 * this module: moving it would make the build cyclic.
 */
public final class EmbeddedS3Server implements AutoCloseable {
  /** Loopback only: the dev stack is never reachable from the network. */
  public static final String HOST = "127.0.0.1";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final S3Proxy proxy;
  private final BlobStoreContext context;
  private final int port;
  private final String accessKey;
  private final String secretKey;

  private EmbeddedS3Server(
      S3Proxy proxy, BlobStoreContext context, int port, String accessKey, String secretKey) {
    this.proxy = proxy;
    this.context = context;
    this.port = port;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /**
   * Starts a server storing under {@code dataDir} (created if missing) and returns once it accepts
   * requests.
   *
   * @param port TCP port on 127.0.0.1, 0 for a free one
   */
  public static EmbeddedS3Server start(Path dataDir, int port, String accessKey, String secretKey) {
    Objects.requireNonNull(dataDir, "dataDir");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("accessKey and secretKey are required");
    }
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StorageException("cannot create S3 data dir " + dataDir, e);
    }
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dataDir.toAbsolutePath().toString());
    BlobStoreContext context =
        ContextBuilder.newBuilder("filesystem")
            .credentials("local", "local")
            .overrides(props)
            .build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://" + HOST + ":" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!"STARTED".equals(proxy.getState())) {
        if ("FAILED".equals(proxy.getState()) || System.nanoTime() > deadline) {
          throw new StorageException(
              "S3 server did not start on port " + port + " (state " + proxy.getState() + ")");
        }
        Thread.sleep(5);
      }
    } catch (Exception e) {
      stopQuietly(proxy);
      context.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (e instanceof StorageException se) {
        throw se;
      }
      String why = port != 0 && e instanceof IOException ? "port " + port + " is in use? " : "";
      throw new StorageException("cannot start S3 server: " + why + e, e);
    }
    return new EmbeddedS3Server(proxy, context, proxy.getPort(), accessKey, secretKey);
  }

  /** {@code http://127.0.0.1:<port>} */
  public String endpoint() {
    return "http://" + HOST + ":" + port;
  }

  /** The port it listens on (the real one when started with port 0). */
  public int port() {
    return port;
  }

  /** A client configuration for {@code bucket} on this server. */
  public StorageConfig config(String bucket) {
    return new StorageConfig(
        endpoint(), accessKey, secretKey, bucket, StorageConfig.DEFAULT_REGION);
  }

  @Override
  public void close() {
    stopQuietly(proxy);
    context.close();
  }

  private static void stopQuietly(S3Proxy proxy) {
    try {
      proxy.stop();
    } catch (Exception ignored) {
      // Stopping a server that never started fully; nothing left to release.
    }
  }

  /**
   * Runs the server until the JVM is stopped. Options: {@code --dir} (default {@code
   * .avatar4d/s3}), {@code --port} (default 9000), {@code --access-key} and {@code --secret-key}
   * (default {@code avatar4d} / {@code avatar4d-secret}). Prints {@code S3 ready at <endpoint>}.
   */
  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "dev/avatar4d/storage/s3-logback.xml");
    }
    Path dir = Path.of(".avatar4d/s3");
    int port = 9000;
    String access = "avatar4d";
    String secret = "avatar4d-secret";
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--dir" -> dir = Path.of(need(args[i], value));
        case "--port" -> port = Integer.parseInt(need(args[i], value));
        case "--access-key" -> access = need(args[i], value);
        case "--secret-key" -> secret = need(args[i], value);
        case "--help", "-h" -> {
          System.out.println(
              "usage: EmbeddedS3Server [--dir DIR] [--port PORT] [--access-key K] [--secret-key S]");
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    EmbeddedS3Server server = start(dir, port, access, secret);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "s3-shutdown"));
    System.out.println("S3 ready at " + server.endpoint() + " (dir " + dir.toAbsolutePath() + ")");
    stopped.await();
  }

  private static String need(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
