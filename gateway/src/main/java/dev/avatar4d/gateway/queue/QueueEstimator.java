package dev.avatar4d.gateway.queue;

import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.gateway.system.HeartbeatListener;
import dev.avatar4d.gateway.system.SystemView;
import dev.avatar4d.protocol.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A QUEUED job's {@link QueueView}: its place among the QUEUED jobs of every tenant (the share
 * group hands jobs out about in the order they were accepted), and a start estimate from the live
 * workers (heartbeats), the running jobs' progress and a {@link JobCostModel} fit to the last
 * {@link #SAMPLE} succeeded jobs.
 */
@ApplicationScoped
public class QueueEstimator {
  /** Finished jobs the cost model is fit to. */
  static final int SAMPLE = 50;

  /** Jobs ahead whose sizes are read one by one; any further ones count at the mean size. */
  static final int SIZES_READ = 500;

  private final Transactions tx;
  private final QueueRepository queue;
  private final HeartbeatListener heartbeats;
  private final Clock clock;

  QueueEstimator(
      Transactions tx, QueueRepository queue, HeartbeatListener heartbeats, Clock clock) {
    this.tx = tx;
    this.queue = queue;
    this.heartbeats = heartbeats;
    this.clock = clock;
  }

  /** Where the job stands, or null unless it is QUEUED. */
  public QueueView of(UUID id, JobState state, Instant createdAt) {
    if (state != JobState.QUEUED) {
      return null;
    }
    Snapshot s =
        tx.read(
            c ->
                new Snapshot(
                    queue.countAhead(c, createdAt, id),
                    queue.sizesAhead(c, createdAt, id, SIZES_READ),
                    queue.running(c),
                    queue.recentlySucceeded(c, SAMPLE)));
    int workers = (int) heartbeats.workers().stream().filter(SystemView.Worker::alive).count();
    int position = s.ahead + 1;
    int running = s.running.size();
    if (workers == 0) {
      return new QueueView(
          position,
          s.ahead,
          running,
          0,
          null,
          null,
          null,
          "no worker is alive: the job starts when one joins");
    }
    JobCostModel cost = JobCostModel.fit(s.finished);
    if (cost == null) {
      return new QueueView(
          position,
          s.ahead,
          running,
          workers,
          null,
          null,
          null,
          "no job has finished yet to measure the workers by");
    }
    List<Double> ahead = new ArrayList<>(s.ahead);
    s.sizesAhead.forEach(size -> ahead.add(cost.seconds(size)));
    double typical =
        s.sizesAhead.stream().mapToDouble(cost::seconds).average().orElse(cost.seconds(1));
    while (ahead.size() < s.ahead) {
      ahead.add(typical);
    }
    List<Double> remaining =
        s.running.stream()
            .map(r -> cost.seconds(r.size()) * Math.max(0, 1 - r.fractionDone()))
            .toList();
    double wait = StartForecast.secondsUntilStart(workers, remaining, ahead);
    double jobsBeforeOnOneWorker = Math.ceil((double) (s.ahead + running) / workers);
    double uncertainty = cost.rmsSeconds() * Math.sqrt(jobsBeforeOnOneWorker);
    Instant now = clock.instant();
    return new QueueView(
        position,
        s.ahead,
        running,
        workers,
        now.plusMillis(Math.round(wait * 1000)),
        round(wait),
        round(uncertainty),
        String.format(
            Locale.ROOT,
            "%d ahead and %d running on %d live workers; a job takes %.1f s + %.3f s per frame"
                + " and view (fit to the last %d succeeded jobs, rms %.1f s)",
            s.ahead,
            running,
            workers,
            cost.overheadSeconds(),
            cost.secondsPerFrameView(),
            cost.sample(),
            cost.rmsSeconds()));
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }

  private record Snapshot(
      int ahead,
      List<Long> sizesAhead,
      List<QueueRepository.Running> running,
      List<JobCostModel.Finished> finished) {}
}
