package dev.avatar4d.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avatar4d.protocol.JobStage;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StageTimerTest {
  private final AtomicLong now = new AtomicLong();
  private final StageTimer timer = new StageTimer(now::get);

  @Test
  void eachStageAddsUpItsOwnTimeAndEveryStageIsReported() {
    timer.time(JobStage.RENDER, () -> now.addAndGet(3_000_000));
    timer.time(JobStage.RENDER, () -> now.addAndGet(2_000_000));
    timer.time(JobStage.UPLOAD, () -> now.addAndGet(7_400_000));

    assertThat(timer.millis())
        .hasSize(JobStage.values().length)
        .containsEntry("render", 5L)
        .containsEntry("upload", 7L)
        .containsEntry("download", 0L);
  }

  @Test
  void workThatThrowsStillCountsItsTime() {
    assertThatThrownBy(
            () ->
                timer.time(
                    JobStage.DOWNLOAD,
                    () -> {
                      now.addAndGet(4_000_000);
                      throw new IllegalStateException("store down");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(timer.millis()).containsEntry("download", 4L);
  }
}
