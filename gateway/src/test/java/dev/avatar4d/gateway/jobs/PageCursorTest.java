package dev.avatar4d.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avatar4d.protocol.InvalidFieldException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageCursorTest {

  @Test
  void aCursorRoundTripsThroughItsOpaqueToken() {
    PageCursor cursor =
        new PageCursor(Instant.parse("2026-03-01T10:15:30.123456Z"), UUID.randomUUID());
    String token = cursor.encode();
    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(PageCursor.decode(token)).isEqualTo(cursor);
  }

  @Test
  void anythingElseIsAnInvalidCursorField() {
    for (String bad : new String[] {"%%%", "bm90LWEtY3Vyc29y", "MjAyNnxub3BlfA"}) {
      assertThatThrownBy(() -> PageCursor.decode(bad))
          .isInstanceOf(InvalidFieldException.class)
          .hasMessageStartingWith("cursor: ");
    }
  }
}
