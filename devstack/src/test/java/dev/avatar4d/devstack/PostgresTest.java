package dev.avatar4d.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresTest {
  @TempDir static Path dir;
  static Postgres pg;

  @BeforeAll
  static void start() {
    long t0 = System.nanoTime();
    pg = Postgres.start(dir, 0);
    System.out.printf(
        "PostgreSQL started (incl. initdb) in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
  }

  @AfterAll
  static void stop() {
    pg.close();
  }

  @Test
  void postgresStartsOnLoopbackWithTheAvatar4dDatabaseAndAQueryWorks() throws Exception {
    assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/avatar4d");
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database(), 6 * 7")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("avatar4d");
      assertThat(rs.getInt(2)).isEqualTo(42);
    }
  }

  @Test
  void aRestartKeepsATable() throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (id int PRIMARY KEY, note text)");
      s.execute("INSERT INTO kept VALUES (1, 'survives')");
    }
    int port = pg.port();
    long t0 = System.nanoTime();
    pg.restart();
    System.out.printf("PostgreSQL restarted in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

    assertThat(pg.port()).isEqualTo(port);
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT note FROM kept WHERE id = 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("survives");
    }
  }
}
