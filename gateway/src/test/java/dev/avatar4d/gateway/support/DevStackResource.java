package dev.avatar4d.gateway.support;

import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.devstack.DevStackConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts a real Kafka broker, PostgreSQL and S3 server (devstack) in a temporary directory for the
 * gateway under test, and hands it the endpoints as configuration.
 */
public class DevStackResource implements QuarkusTestResourceLifecycleManager {
  private Path home;
  private DevStack stack;

  @Override
  public Map<String, String> start() {
    try {
      home = Files.createTempDirectory("avatar4d-gateway-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    stack = DevStack.start(DevStackConfig.ephemeral(home));
    Map<String, String> env = stack.serviceEnv();
    Map<String, String> props = new HashMap<>();
    props.put("avatar4d.kafka.bootstrap", env.get("AVATAR4D_KAFKA_BOOTSTRAP"));
    props.put("avatar4d.s3.endpoint", env.get("AVATAR4D_S3_ENDPOINT"));
    props.put("avatar4d.s3.access-key", env.get("AVATAR4D_S3_ACCESS_KEY"));
    props.put("avatar4d.s3.secret-key", env.get("AVATAR4D_S3_SECRET_KEY"));
    props.put("avatar4d.s3.bucket", env.get("AVATAR4D_S3_BUCKET"));
    props.put("avatar4d.s3.region", env.get("AVATAR4D_S3_REGION"));
    props.put("quarkus.datasource.jdbc.url", env.get("QUARKUS_DATASOURCE_JDBC_URL"));
    props.put("quarkus.datasource.username", env.get("QUARKUS_DATASOURCE_USERNAME"));
    props.put("quarkus.datasource.password", env.get("QUARKUS_DATASOURCE_PASSWORD"));
    // Fast rounds keep the suite short; production defaults are documented in GatewayConfig.
    props.put("avatar4d.outbox.poll-interval", "0.2s");
    props.put("avatar4d.events.retry-backoff", "0.5s");
    props.put("avatar4d.webhooks.allow-private-addresses", "true"); // receivers listen on 127.0.0.1
    props.put("avatar4d.webhooks.poll-interval", "0.1s");
    props.put("avatar4d.webhooks.secret-encryption-key", TestKeys.WEBHOOK_SECRET_KEY);
    props.put("avatar4d.webhooks.initial-backoff", "0.05s");
    props.put("avatar4d.webhooks.max-backoff", "0.5s");
    props.put("avatar4d.webhooks.max-attempts", "20");
    props.put("avatar4d.webhooks.request-timeout", "2s");
    props.put("avatar4d.auth.bootstrap-key", TestKeys.DEFAULT);
    props.put("avatar4d.auth.admin-token", TestKeys.ADMIN);
    TestKeys.useDefaultKeyForAllRequests();
    return props;
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        stack, new TestInjector.AnnotatedAndMatchesType(InjectDevStack.class, DevStack.class));
  }

  @Override
  public void stop() {
    if (stack != null) {
      stack.close();
    }
    deleteQuietly(home);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp directory is not worth failing the suite for.
    }
  }
}
