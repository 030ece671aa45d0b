package dev.avatar4d.gateway.jobs;

import dev.avatar4d.protocol.JobEventType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Told of every job change inside the transaction that makes it, to add rows of its own that must
 * commit or roll back with the change (the webhook outbox is one). A CDI bean implementing this is
 * found by {@link JobTransitions}; nothing in {@code jobs} names the implementations.
 */
public interface JobChangeListener {

  /**
   * {@code job} is about to be stored as given, changed by {@code cause} at {@code now}.
   *
   * @throws SQLException to roll the change back
   */
  void jobChanged(Connection c, JobRow job, JobEventType cause, Instant now) throws SQLException;
}
