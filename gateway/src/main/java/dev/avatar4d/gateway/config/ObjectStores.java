package dev.avatar4d.gateway.config;

import dev.avatar4d.storage.ObjectStore;
import dev.avatar4d.storage.StorageConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's one {@link ObjectStore}. It connects on first use rather than at start, so that the
 * gateway starts (and reports not-ready) while the object store is still down. Its settings are
 * checked at start, so a missing endpoint or key fails fast.
 */
@Startup
@ApplicationScoped
public class ObjectStores {
  private final StorageConfig config;
  private ObjectStore store;

  ObjectStores(GatewayConfig gatewayConfig) {
    this.config = StorageConfig.fromEnv(asEnv(gatewayConfig.s3()));
  }

  /** The connected store; throws {@code StorageException} while it cannot be reached. */
  public synchronized ObjectStore store() {
    if (store == null) {
      store = ObjectStore.connect(config);
    }
    return store;
  }

  @PreDestroy
  synchronized void close() {
    if (store != null) {
      store.close();
    }
  }

  private static Map<String, String> asEnv(GatewayConfig.S3 s3) {
    Map<String, String> env = new HashMap<>();
    put(env, StorageConfig.ENV_ENDPOINT, s3.endpoint());
    put(env, StorageConfig.ENV_ACCESS_KEY, s3.accessKey());
    put(env, StorageConfig.ENV_SECRET_KEY, s3.secretKey());
    put(env, StorageConfig.ENV_BUCKET, s3.bucket());
    put(env, StorageConfig.ENV_REGION, s3.region());
    return env;
  }

  private static void put(Map<String, String> env, String name, Optional<String> value) {
    value.filter(v -> !v.isBlank()).ifPresent(v -> env.put(name, v));
  }
}
