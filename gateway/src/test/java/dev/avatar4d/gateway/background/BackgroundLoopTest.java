package dev.avatar4d.gateway.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundLoopTest {
  private static final Duration QUICK = Duration.ofMillis(20);

  @Test
  void aJobThatFailsIsStartedAgainUntilItRunsAndStopEndsIt() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    CountDownLatch steady = new CountDownLatch(1);
    Semaphore wake = new Semaphore(0);
    BackgroundLoop[] loop = new BackgroundLoop[1];
    loop[0] =
        new BackgroundLoop(
            "flaky",
            QUICK,
            Duration.ofSeconds(5),
            () -> {
              if (starts.incrementAndGet() <= 2) {
                throw new IllegalStateException("broker said no");
              }
              steady.countDown();
              while (loop[0].running()) {
                wake.tryAcquire(10, TimeUnit.SECONDS);
              }
            },
            wake::release);

    loop[0].start();

    assertThat(steady.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(starts.get()).isEqualTo(3);
    assertThat(loop[0].restarts()).isEqualTo(2);
    long stopping = System.nanoTime();
    loop[0].stop();
    assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(2));
    assertThat(starts.get()).isEqualTo(3);
  }

  @Test
  void aJobThatReturnsEarlyIsStartedAgain() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    CountDownLatch thrice = new CountDownLatch(3);
    BackgroundLoop loop =
        new BackgroundLoop(
            "returns",
            QUICK,
            Duration.ofSeconds(5),
            () -> {
              starts.incrementAndGet();
              thrice.countDown();
            },
            () -> {});

    loop.start();

    assertThat(thrice.await(5, TimeUnit.SECONDS)).isTrue();
    loop.stop();
    int afterStop = starts.get();
    Thread.sleep(100);
    assertThat(starts.get()).isEqualTo(afterStop);
  }

  @Test
  void aLoopStartsOnlyOnce() throws Exception {
    Semaphore wake = new Semaphore(0);
    BackgroundLoop[] loop = new BackgroundLoop[1];
    loop[0] =
        new BackgroundLoop(
            "once",
            QUICK,
            Duration.ofSeconds(5),
            () -> {
              while (loop[0].running()) {
                wake.tryAcquire(10, TimeUnit.SECONDS);
              }
            },
            wake::release);
    loop[0].start();
    try {
      assertThatThrownBy(loop[0]::start).isInstanceOf(IllegalStateException.class);
    } finally {
      loop[0].stop();
    }
  }
}
