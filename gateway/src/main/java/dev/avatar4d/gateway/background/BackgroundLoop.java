package dev.avatar4d.gateway.background;

import java.time.Duration;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * One daemon thread that runs a background job of the gateway (the outbox relay, the job-event
 * consumer, the heartbeat listener, the webhook dispatcher) from start to shutdown, and keeps it
 * running: should the job return or fail while the gateway is up, it is logged and started again
 * after {@code restartDelay}. Without that, one unexpected exception in a consumer left the gateway
 * serving requests while it no longer applied any worker event.
 */
public final class BackgroundLoop {
  /** The pause before a failed job is started again, unless a loop chooses its own. */
  public static final Duration RESTART_DELAY = Duration.ofSeconds(1);

  private static final Logger LOG = Logger.getLogger(BackgroundLoop.class);

  /** The job: runs until {@link BackgroundLoop#running()} turns false, or fails. */
  @FunctionalInterface
  public interface Job {
    void run() throws Exception;
  }

  private final String name;
  private final Duration restartDelay;
  private final Duration stopTimeout;
  private final Job job;
  private final Runnable wake;
  private volatile boolean running;
  private volatile int restarts;
  private Thread thread;

  /**
   * @param name the thread's name, also used in logs
   * @param restartDelay the pause before the job is started again after it failed
   * @param stopTimeout how long {@link #stop} waits for the job to end
   * @param job the job
   * @param wake what {@link #stop} calls to cut a blocking wait of the job short (a consumer's
   *     {@code wakeup()}, a semaphore release), after {@link #running()} turned false
   */
  public BackgroundLoop(
      String name, Duration restartDelay, Duration stopTimeout, Job job, Runnable wake) {
    this.name = Objects.requireNonNull(name, "name");
    this.restartDelay = Objects.requireNonNull(restartDelay, "restartDelay");
    this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
    this.job = Objects.requireNonNull(job, "job");
    this.wake = Objects.requireNonNull(wake, "wake");
  }

  /** Starts the thread; call once. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException(name + " started twice");
    }
    running = true;
    thread = new Thread(this::supervise, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Asks the job to end, wakes it, and waits up to the stop timeout for it. */
  public void stop() throws InterruptedException {
    running = false;
    wake.run();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      t.join(stopTimeout.toMillis());
    }
  }

  /** True from {@link #start} until {@link #stop}; the job's loop condition. */
  public boolean running() {
    return running;
  }

  /** How often the job was started again after it failed or returned early. */
  public int restarts() {
    return restarts;
  }

  private void supervise() {
    while (running) {
      try {
        job.run();
        if (running) {
          LOG.errorf(
              "%s returned while the gateway is running; starting it again in %d ms",
              name, restartDelay.toMillis());
        }
      } catch (InterruptedException e) {
        if (!running) {
          return;
        }
        LOG.errorf(
            "%s was interrupted while the gateway is running; starting it again in %d ms",
            name, restartDelay.toMillis());
      } catch (Exception e) {
        if (!running) {
          LOG.debugf("%s ended while stopping: %s", name, e);
          return;
        }
        LOG.errorf(e, "%s failed; starting it again in %d ms", name, restartDelay.toMillis());
      }
      if (running) {
        restarts++;
        pause();
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(restartDelay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
