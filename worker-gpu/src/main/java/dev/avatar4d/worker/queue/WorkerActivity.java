package dev.avatar4d.worker.queue;

import dev.avatar4d.protocol.JobEvent;
import dev.avatar4d.protocol.WorkerHeartbeat;
import java.time.Duration;

/**
 * What one worker is doing, rebuilt from its own job events: the job it runs and the speed of the
 * last job it finished. Events of other workers are ignored. Not thread-safe.
 */
final class WorkerActivity {
  private final String workerId;
  private WorkerHeartbeat.CurrentJob current;
  private WorkerHeartbeat.LastJob last;

  WorkerActivity(String workerId) {
    this.workerId = workerId;
  }

  void apply(JobEvent event) {
    if (!workerId.equals(event.workerId())) {
      return;
    }
    switch (event.type()) {
      case STARTED ->
          current =
              new WorkerHeartbeat.CurrentJob(
                  event.jobId(), event.attempt(), event.at(), 0, event.framesTotal());
      case PROGRESS -> {
        if (isCurrent(event)) {
          current =
              new WorkerHeartbeat.CurrentJob(
                  current.jobId(),
                  current.attempt(),
                  current.startedAt(),
                  event.framesDone(),
                  event.framesTotal());
        }
      }
      case SUCCEEDED -> {
        if (isCurrent(event)) {
          double seconds = Duration.between(current.startedAt(), event.at()).toNanos() / 1e9;
          int frames = event.framesTotal();
          last =
              new WorkerHeartbeat.LastJob(
                  event.jobId(), frames, seconds, seconds > 0 ? frames / seconds : 0, event.at());
        }
        clearIfCurrent(event);
      }
      case FAILED, CANCELED, REQUEUED -> clearIfCurrent(event);
    }
  }

  WorkerHeartbeat.CurrentJob current() {
    return current;
  }

  WorkerHeartbeat.LastJob last() {
    return last;
  }

  private boolean isCurrent(JobEvent event) {
    return current != null
        && current.jobId().equals(event.jobId())
        && current.attempt() == event.attempt();
  }

  private void clearIfCurrent(JobEvent event) {
    if (current != null && current.jobId().equals(event.jobId())) {
      current = null;
    }
  }
}
