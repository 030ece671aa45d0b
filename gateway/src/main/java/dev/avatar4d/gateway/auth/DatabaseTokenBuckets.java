package dev.avatar4d.gateway.auth;

import static dev.avatar4d.gateway.db.Sql.setInstant;

import dev.avatar4d.gateway.db.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;

/**
 * Buckets in PostgreSQL's {@code rate_buckets}, shared by every gateway. One upsert per request
 * refills the key's row, takes a token if there is a whole one and says whether it did; the row
 * lock the upsert takes makes concurrent requests of one key take turns, across gateways. Each
 * gateway's clock stamps its refills, and a refill never moves {@code refilled_at} back, so a
 * gateway whose clock lags cannot mint tokens.
 */
final class DatabaseTokenBuckets implements TokenBuckets {
  /**
   * Inserts a full bucket less one token, or refills the existing row up to the request and takes a
   * token if a whole one is there. The refill is computed once, in a sub-select over the row before
   * the update ({@code b}).
   */
  private static final String UPSERT =
      "INSERT INTO rate_buckets AS b (key_id, tokens, refilled_at, last_taken) VALUES (?, ?, ?, true)"
          + " ON CONFLICT (key_id) DO UPDATE SET (tokens, last_taken, refilled_at) ="
          + " (SELECT CASE WHEN r >= 1 THEN r - 1 ELSE r END, r >= 1, greatest(b.refilled_at, at)"
          + "  FROM (SELECT at, least(CAST(? AS double precision),"
          + "    b.tokens + greatest(0, extract(epoch FROM (at - b.refilled_at))) * CAST(? AS double precision)) AS r"
          + "    FROM (SELECT CAST(? AS timestamptz) AS at) request) refill)"
          + " RETURNING tokens, last_taken";

  private final Transactions tx;

  DatabaseTokenBuckets(Transactions tx) {
    this.tx = tx;
  }

  @Override
  public Take take(UUID key, double rate, double capacity, Instant now) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setObject(1, key);
            ps.setDouble(2, capacity - 1);
            setInstant(ps, 3, now);
            ps.setDouble(4, capacity);
            ps.setDouble(5, rate);
            setInstant(ps, 6, now);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return new Take(rs.getBoolean("last_taken"), rs.getDouble("tokens"));
            }
          }
        });
  }
}
