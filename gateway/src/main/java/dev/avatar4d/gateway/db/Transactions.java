package dev.avatar4d.gateway.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs {@link SqlWork} in one JDBC transaction: commit when it returns, roll back when it throws.
 * Plain JDBC transactions keep the boundaries visible in the code that needs them (the submit
 * insert, the relay round, one consumed event).
 */
@ApplicationScoped
public class Transactions {
  private final AgroalDataSource dataSource;

  Transactions(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs {@code work} in a new transaction and returns its result. */
  public <T> T inTransaction(SqlWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new DataAccessException("database call failed: " + e.getMessage(), e);
    }
  }

  /** Runs read-only {@code work} on a connection in auto-commit mode. */
  public <T> T read(SqlWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new DataAccessException("database call failed: " + e.getMessage(), e);
    }
  }

  private static void rollbackQuietly(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
