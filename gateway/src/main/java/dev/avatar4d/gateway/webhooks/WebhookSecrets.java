package dev.avatar4d.gateway.webhooks;

import dev.avatar4d.gateway.config.GatewayConfig;
import dev.avatar4d.gateway.db.Sql;
import dev.avatar4d.gateway.db.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each tenant's signing secrets. A tenant gets its first secret when it first asks for it or when
 * its first webhook is signed. Rotating makes a new current secret; the one it replaces keeps
 * signing beside it (a second {@code v1,} signature) for {@code
 * avatar4d.webhooks.secret-rotation-overlap}, so receivers can switch without dropping a delivery.
 * Only the latest replaced secret overlaps: rotating twice in a row stops a leaked secret at once.
 */
@ApplicationScoped
public class WebhookSecrets {
  private final Transactions tx;
  private final WebhookSecretRepository secrets;
  private final Clock clock;
  private final Duration overlap;

  WebhookSecrets(
      Transactions tx, WebhookSecretRepository secrets, Clock clock, GatewayConfig config) {
    this.tx = tx;
    this.secrets = secrets;
    this.clock = clock;
    this.overlap = config.webhooks().secretRotationOverlap();
  }

  /** The tenant's current secret, created on first use. */
  public SecretState current(String tenant) {
    return tx.inTransaction(
        c -> {
          Instant now = Sql.toDbPrecision(clock.instant());
          SecretRow current = ensureCurrent(c, tenant, now);
          return state(current, secrets.retiredSince(c, tenant, now.minus(overlap)));
        });
  }

  /** Replaces the tenant's current secret with a new random one. */
  public SecretState rotate(String tenant) {
    return tx.inTransaction(
        c -> {
          Instant now = Sql.toDbPrecision(clock.instant());
          if (!secrets.lockTenant(c, tenant)) {
            throw new IllegalStateException("no tenant " + tenant);
          }
          secrets.retireCurrent(c, tenant, now);
          SecretRow current = ensureCurrent(c, tenant, now);
          return state(current, secrets.retiredSince(c, tenant, now.minus(overlap)));
        });
  }

  /**
   * The secrets that sign the tenant's webhooks now: the current one first, then the overlapping
   * one.
   */
  public List<String> signing(Connection c, String tenant, Instant now) throws SQLException {
    List<String> signing = new ArrayList<>(2);
    signing.add(ensureCurrent(c, tenant, now).secret());
    secrets
        .retiredSince(c, tenant, now.minus(overlap))
        .ifPresent(previous -> signing.add(previous.secret()));
    return signing;
  }

  private SecretRow ensureCurrent(Connection c, String tenant, Instant now) throws SQLException {
    Optional<SecretRow> current = secrets.current(c, tenant);
    if (current.isPresent()) {
      return current.get();
    }
    secrets.insertIfNoCurrent(c, tenant, WebhookSignature.newSecret(), now);
    return secrets.current(c, tenant).orElseThrow();
  }

  private SecretState state(SecretRow current, Optional<SecretRow> previous) {
    return new SecretState(
        current.secret(),
        current.createdAt(),
        previous.map(p -> p.retiredAt().plus(overlap)).orElse(null));
  }

  /**
   * A tenant's signing state.
   *
   * @param previousSignsUntil until when the replaced secret still signs beside this one; null if
   *     none does
   */
  public record SecretState(String secret, Instant createdAt, Instant previousSignsUntil) {}
}
