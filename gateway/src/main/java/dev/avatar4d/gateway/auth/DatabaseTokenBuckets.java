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
  /** The bucket refilled up to the request: params capacity, now, rate. Reads the row before the update. */
  private static final String REFILLED =
      "least(CAST(? AS double precision), b.tokens + greatest(0, extract(epoch FROM (CAST(? AS timestamptz)"
          + " - b.refilled_at))) * CAST(? AS double precision))";
  private static final String UPSERT =
      "INSERT INTO rate_buckets AS b (key_id, tokens, refilled_at, last_taken) VALUES (?, ?, ?, true)"
          + " ON CONFLICT (key_id) DO UPDATE SET"
          + " tokens = CASE WHEN " + REFILLED + " >= 1 THEN " + REFILLED + " - 1 ELSE " + REFILLED + " END,"
          + " last_taken = " + REFILLED + " >= 1,"
          + " refilled_at = greatest(b.refilled_at, CAST(? AS timestamptz))"
          + " RETURNING tokens, last_taken";
  private static final int REFILLED_USES = 4;

  private final Transactions tx;

  DatabaseTokenBuckets(Transactions tx) {
    this.tx = tx;
  }

  @Override
  public Take take(UUID key, double rate, double capacity, Instant now) {
    return tx.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
        int i = 1;
        ps.setObject(i++, key);
        ps.setDouble(i++, capacity - 1);
        setInstant(ps, i++, now);
        for (int use = 0; use < REFILLED_USES; use++) {
          ps.setDouble(i++, capacity);
          setInstant(ps, i++, now);
          ps.setDouble(i++, rate);
        }
        setInstant(ps, i, now);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new Take(rs.getBoolean("last_taken"), rs.getDouble("tokens"));
        }
      }
    });
  }
}
