package dev.avatar4d.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

  @Test
  void aDurationMayBeWrittenInOneUnitInSeveralOrInIso8601() {
    assertThat(DurationText.parse("x", "90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationText.parse("x", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.parse("x", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationText.parse("x", " 2m 5s ")).isEqualTo(Duration.ofSeconds(125));
    assertThat(DurationText.parse("x", "PT45M")).isEqualTo(Duration.ofMinutes(45));
    assertThat(DurationText.parse("x", "pt10s")).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void textThatIsNotWhollyADurationIsRefusedNamingTheField() {
    for (String bad : new String[] {"", "10", "10 x", "s", "1h30", "x1m", "1m!", "-5s"}) {
      assertThatThrownBy(() -> DurationText.parse("Cancel-After", bad))
          .as("'%s'", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Cancel-After must be a duration");
    }
  }
}
