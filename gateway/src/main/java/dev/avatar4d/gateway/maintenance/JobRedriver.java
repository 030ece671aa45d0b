package dev.avatar4d.gateway.maintenance;

import dev.avatar4d.gateway.jobs.JobNotFoundException;
import dev.avatar4d.gateway.jobs.JobQueries;
import dev.avatar4d.gateway.jobs.JobRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Re-drives dead letters: every record of the dead-letter topic whose job is FAILED in PostgreSQL
 * puts that job back in the queue ({@link JobRequeuer}). A job named by several records, or
 * re-driven before, is re-queued at most once, since only a FAILED job is re-queued and it leaves
 * FAILED in the same transaction.
 */
@ApplicationScoped
public class JobRedriver {
  private static final Logger LOG = Logger.getLogger(JobRedriver.class);

  private final DeadLetterReader reader;
  private final JobRequeuer requeuer;

  JobRedriver(DeadLetterReader reader, JobRequeuer requeuer) {
    this.reader = reader;
    this.requeuer = requeuer;
  }

  /** Re-drives the whole dead-letter topic as it is now. */
  public RedriveReport redriveDeadLetters() {
    List<DeadLetter> letters = reader.readAll();
    List<UUID> redriven = new ArrayList<>();
    List<RedriveReport.Skip> skips = new ArrayList<>();
    for (DeadLetter letter : letters) {
      String record = letter.partition() + "@" + letter.offset();
      UUID id;
      try {
        id = UUID.fromString(letter.key() == null ? "" : letter.key());
      } catch (IllegalArgumentException e) {
        skips.add(
            new RedriveReport.Skip(
                record, letter.key(), RedriveReport.UNREADABLE_KEY, "the key is not a job id"));
        continue;
      }
      try {
        requeuer.requeue(id, RequeueOrigin.DEAD_LETTER);
        redriven.add(id);
      } catch (JobNotFoundException e) {
        skips.add(
            new RedriveReport.Skip(
                record, letter.key(), RedriveReport.UNKNOWN_JOB, e.getMessage()));
      } catch (RequeueRefusedException e) {
        skips.add(new RedriveReport.Skip(record, letter.key(), e.reason(), e.getMessage()));
      }
    }
    Map<String, Integer> byReason = new TreeMap<>();
    skips.forEach(s -> byReason.merge(s.reason(), 1, Integer::sum));
    LOG.infof(
        "dead-letter re-drive: %d records, %d jobs re-queued, skipped %s",
        letters.size(), redriven.size(), byReason);
    return new RedriveReport(
        letters.size(), redriven.size(), skips.size(), byReason, redriven, skips);
  }

  /** Re-drives one job by id, whether or not it is on the dead-letter topic. */
  public JobRow redrive(String id) {
    return requeuer.requeue(JobQueries.parseId(id), RequeueOrigin.OPERATOR);
  }
}
