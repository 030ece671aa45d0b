package dev.avatar4d.gateway.auth;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.db.Sql;
import dev.avatar4d.gateway.db.Transactions;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * At start, stores {@code avatar4d.auth.bootstrap-key} (if set) as a key of the {@code default}
 * tenant, so that a freshly started service can be used at once. Only its hash is kept.
 */
@ApplicationScoped
public class AuthBootstrap {
  /** The tenant that exists from the first migration on. */
  public static final String DEFAULT_TENANT = "default";

  /** Shortest bootstrap key accepted: anything shorter is guessable. */
  static final int MIN_KEY_LENGTH = 24;

  private static final Logger LOG = Logger.getLogger(AuthBootstrap.class);

  private final Transactions tx;
  private final ApiKeyRepository keys;
  private final Clock clock;
  private final GatewayConfig config;

  AuthBootstrap(Transactions tx, ApiKeyRepository keys, Clock clock, GatewayConfig config) {
    this.tx = tx;
    this.keys = keys;
    this.clock = clock;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    config.auth().bootstrapKey().filter(k -> !k.isBlank()).ifPresent(this::store);
  }

  private void store(String key) {
    if (key.length() < MIN_KEY_LENGTH) {
      throw new IllegalStateException(
          "avatar4d.auth.bootstrap-key must have at least "
              + MIN_KEY_LENGTH
              + " characters, got "
              + key.length());
    }
    ApiKeyRecord record =
        new ApiKeyRecord(
            UUID.randomUUID(),
            DEFAULT_TENANT,
            KeyHashes.shownPrefix(key),
            "bootstrap",
            Sql.toDbPrecision(clock.instant()),
            null);
    boolean added = tx.inTransaction(c -> keys.insert(c, record, KeyHashes.hash(key)));
    LOG.infof(
        added
            ? "bootstrap API key %s… stored for tenant '%s'"
            : "bootstrap API key %s… already known (tenant '%s')",
        record.prefix(),
        DEFAULT_TENANT);
  }
}
