package dev.avatar4d.gateway.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StartForecastTest {

  @Test
  void theNextJobStartsWhenTheFirstWorkerIsFree() {
    assertThat(StartForecast.secondsUntilStart(2, List.of(30.0, 10.0), List.of()))
        .isCloseTo(10.0, within(1e-9));
    assertThat(StartForecast.secondsUntilStart(3, List.of(30.0, 10.0), List.of())).isZero();
  }

  @Test
  void jobsAheadTakeTheFirstFreeWorkerInQueueOrder() {
    // Two workers free at 10 and 30; jobs of 40 and 5 s ahead: 10→50, then 30→35; ours at 35.
    assertThat(StartForecast.secondsUntilStart(2, List.of(30.0, 10.0), List.of(40.0, 5.0)))
        .isCloseTo(35.0, within(1e-9));
    // One idle worker runs three 10 s jobs one after the other.
    assertThat(StartForecast.secondsUntilStart(1, List.of(), List.of(10.0, 10.0, 10.0)))
        .isCloseTo(30.0, within(1e-9));
  }

  @Test
  void moreRunningJobsThanLiveWorkersCountOnlyTheSoonestDone() {
    assertThat(StartForecast.secondsUntilStart(1, List.of(50.0, 5.0, 20.0), List.of()))
        .isCloseTo(5.0, within(1e-9));
  }

  @Test
  void withoutAWorkerThereIsNoForecast() {
    assertThatThrownBy(() -> StartForecast.secondsUntilStart(0, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
