package dev.avatar4d.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  /** A clock that moves only when told to. */
  private static final class TestClock extends Clock {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final TestClock clock = new TestClock();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private ProgressBar plainBar(String label, long total, long alreadyDone) {
    return new ProgressBar(label, total, alreadyDone, out, clock, false);
  }

  @Test
  void aLineShowsTheBarTheCountThePercentageTheStatusAndTheEta() {
    ProgressBar bar = plainBar("stage1", 1000, 0);
    clock.advance(Duration.ofSeconds(100));

    bar.update(450, "loss 0.1234");

    // 100 s for 450 units leaves 550 units: 122.2 s.
    assertThat(lines())
        .containsExactly("stage1 [#########...........] 450/1000  45.0%  loss 0.1234  eta 02:02");
  }

  @Test
  void theEtaOfAResumedLoopCountsOnlyTheUnitsDoneSinceItResumed() {
    ProgressBar bar = plainBar("stage2", 1000, 900);
    clock.advance(Duration.ofSeconds(10));

    bar.update(950, "");

    assertThat(lines()).containsExactly("stage2 [###################.] 950/1000  95.0%  eta 00:10");
  }

  @Test
  void etasOfAnHourOrMoreShowHours() {
    ProgressBar bar = plainBar("long", 100, 0);
    clock.advance(Duration.ofSeconds(1000));

    bar.update(10, null);

    assertThat(lines()).containsExactly("long [##..................] 10/100  10.0%  eta 2:30:00");
  }

  @Test
  void withoutAConsoleALineIsPrintedOnlyEveryFivePercent() {
    ProgressBar bar = plainBar("fast", 1000, 0);
    for (int done = 1; done <= 1000; done++) {
      clock.advance(Duration.ofMillis(10));
      bar.update(done, "");
    }

    List<String> lines = lines();
    assertThat(lines).hasSize(21);
    assertThat(lines.get(0)).startsWith("fast [....................] 1/1000");
    assertThat(lines.get(1)).startsWith("fast [#...................] 50/1000");
    assertThat(lines.get(20))
        .startsWith("fast [####################] 1000/1000  100.0%  eta 00:00");
  }

  @Test
  void withoutAConsoleASlowLoopStillPrintsALineEveryThirtySeconds() {
    ProgressBar bar = plainBar("slow", 1000, 0);
    for (int done = 1; done <= 30; done++) {
      clock.advance(Duration.ofSeconds(10));
      bar.update(done, "");
    }

    // The first update, then every third one (30 s apart); 30 of 1000 never reaches 5%.
    assertThat(lines()).hasSize(10);
    assertThat(lines().get(1)).startsWith("slow [....................] 4/1000");
  }

  @Test
  void finishPrintsTheTimeTaken() {
    ProgressBar bar = plainBar("stage1", 10, 0);
    clock.advance(Duration.ofSeconds(75));
    bar.update(10, "loss 0.5");

    bar.finish("loss 0.4");

    assertThat(lines())
        .last()
        .isEqualTo("stage1 [####################] 10/10  100.0%  loss 0.4  took 01:15");
  }

  @Test
  void onAConsoleTheLineIsRedrawnInPlaceAndEndedByFinish() {
    ProgressBar bar = new ProgressBar("tty", 4, 0, out, clock, true);
    for (int done = 1; done <= 4; done++) {
      clock.advance(Duration.ofSeconds(1));
      bar.update(done, done == 1 ? "a much longer status" : "short");
    }
    bar.finish("");

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .startsWith("\rtty [#####...............] 1/4  25.0%  a much longer status  eta 00:03");
    assertThat(text.chars().filter(c -> c == '\r')).hasSize(5);
    assertThat(text.chars().filter(c -> c == '\n')).hasSize(1);
    assertThat(text)
        .endsWith(
            "\rtty [####################] 4/4  100.0%  took 00:04"
                + " ".repeat(6)
                + System.lineSeparator());
  }
}
