package dev.avatar4d.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.gateway.support.Db;
import dev.avatar4d.gateway.support.DevStackResource;
import dev.avatar4d.gateway.support.SettableClock;
import dev.avatar4d.gateway.support.Tenants;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Two rate limiters on one PostgreSQL stand for two gateways behind a load balancer: a key keeps
 * one bucket between them. The same requests through two in-memory limiters get twice the burst,
 * which is what the database store is for.
 */
@QuarkusTest
@WithTestResource(DevStackResource.class)
class SharedRateLimitTest {
  private static final Duration BURST_WINDOW = Duration.ofSeconds(2);
  private static final double RATE = 10;

  @Inject Transactions tx;
  @Inject AgroalDataSource db;

  @Test
  void twoGatewaysOnOneDatabaseAllowAKeyItsBurstOnceBetweenThem() {
    KeyGrant grant = newKey("shared-rate");
    SettableClock clock = new SettableClock(Instant.parse("2026-11-24T12:00:00Z"));
    RateLimiter first = new RateLimiter(new DatabaseTokenBuckets(tx), clock, RATE, BURST_WINDOW);
    RateLimiter second = new RateLimiter(new DatabaseTokenBuckets(tx), clock, RATE, BURST_WINDOW);

    int allowed = alternate(first, second, grant, 40);

    assertThat(allowed).isEqualTo(20);
    assertThat(first.acquire(grant)).isEqualTo(Duration.ofMillis(100));
    clock.advance(Duration.ofMillis(100));
    assertThat(second.acquire(grant)).isZero();
    assertThat(first.acquire(grant)).isPositive();
    assertThat(Db.count(db, "select count(*) from rate_buckets where key_id = ?", grant.keyId()))
        .isEqualTo(1);
  }

  @Test
  void aGatewayWhoseClockLagsCannotMintTokensByMovingTheRefillBack() {
    KeyGrant grant = newKey("lagging-clock");
    SettableClock ahead = new SettableClock(Instant.parse("2026-11-24T12:00:10Z"));
    SettableClock behind = new SettableClock(Instant.parse("2026-11-24T12:00:00Z"));
    RateLimiter a = new RateLimiter(new DatabaseTokenBuckets(tx), ahead, RATE, BURST_WINDOW);
    RateLimiter b = new RateLimiter(new DatabaseTokenBuckets(tx), behind, RATE, BURST_WINDOW);

    int allowed = alternate(a, b, grant, 40);
    behind.advance(Duration.ofSeconds(5)); // still 5 s behind the refill stamped by the other

    assertThat(allowed).isEqualTo(20);
    assertThat(b.acquire(grant)).isPositive();
  }

  @Test
  void inMemoryBucketsGiveEachGatewayItsOwnBurst() {
    KeyGrant grant = new KeyGrant(UUID.randomUUID(), "memory", null);
    SettableClock clock = new SettableClock(Instant.parse("2026-11-24T12:00:00Z"));
    Supplier<RateLimiter> gateway =
        () -> new RateLimiter(new InMemoryTokenBuckets(), clock, RATE, BURST_WINDOW);

    assertThat(alternate(gateway.get(), gateway.get(), grant, 60)).isEqualTo(40);
  }

  private static int alternate(RateLimiter a, RateLimiter b, KeyGrant grant, int requests) {
    int allowed = 0;
    for (int i = 0; i < requests; i++) {
      if ((i % 2 == 0 ? a : b).acquire(grant).isZero()) {
        allowed++;
      }
    }
    return allowed;
  }

  private KeyGrant newKey(String tenantName) {
    Tenants.newTenantKey(tenantName);
    String tenant =
        (String)
            Db.scalar(
                db,
                "select id from tenants where id like ? order by created_at desc limit 1",
                tenantName + "-%");
    UUID keyId = (UUID) Db.scalar(db, "select id from api_keys where tenant = ?", tenant);
    return new KeyGrant(keyId, tenant, null);
  }
}
