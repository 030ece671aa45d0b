package dev.avatar4d.gateway.jobs;

import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.protocol.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Reads jobs for the API: one by id, or a page of the newest-first listing. */
@ApplicationScoped
public class JobQueries {
  private final Transactions tx;
  private final JobRepository jobs;

  JobQueries(Transactions tx, JobRepository jobs) {
    this.tx = tx;
    this.jobs = jobs;
  }

  /**
   * The tenant's job; {@link JobNotFoundException} when there is none with this id or it belongs to
   * another tenant (the two are indistinguishable on purpose).
   */
  public JobRow get(String tenant, String id) {
    UUID uuid = parseId(id);
    return tx.read(c -> jobs.findOwned(c, tenant, uuid))
        .orElseThrow(() -> new JobNotFoundException(id));
  }

  /**
   * Up to {@code limit} of the tenant's jobs after {@code after} (null: from the newest),
   * optionally in {@code state}.
   */
  public JobPage page(String tenant, JobState state, PageCursor after, int limit) {
    // One extra row tells whether another page follows without a count query.
    List<JobRow> rows = tx.read(c -> jobs.page(c, tenant, state, after, limit + 1));
    if (rows.size() <= limit) {
      return new JobPage(rows, null);
    }
    List<JobRow> page = rows.subList(0, limit);
    return new JobPage(List.copyOf(page), PageCursor.after(page.get(limit - 1)));
  }

  /** The id as a UUID; anything else cannot name a job. */
  public static UUID parseId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new JobNotFoundException(id);
    }
  }
}
