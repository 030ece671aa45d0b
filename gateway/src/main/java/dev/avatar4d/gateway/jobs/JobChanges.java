package dev.avatar4d.gateway.jobs;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Flow;

/**
 * In-process broadcast of jobs that just changed, for live views such as the dashboard's event
 * stream. The code paths that change a job publish the new row after their transaction committed;
 * nothing is kept, so a subscriber sees only changes made while it listens (it reads the current
 * state through the API first).
 */
@ApplicationScoped
public class JobChanges {
  /** Changes a subscriber may fall behind by before it is dropped (and its client reconnects). */
  static final int SUBSCRIBER_BUFFER = 1024;

  // Serialized: submits, cancels and the event consumer publish from different threads.
  private final Flow.Processor<JobRow, JobRow> processor =
      BroadcastProcessor.<JobRow>create().serialized();

  /** Tells the current subscribers that {@code job} is now as given; call after the commit. */
  public void published(JobRow job) {
    processor.onNext(job);
  }

  /** The changes from now on, one item per committed change. */
  public Multi<JobRow> stream() {
    return Multi.createFrom().publisher(processor).onOverflow().buffer(SUBSCRIBER_BUFFER);
  }
}
