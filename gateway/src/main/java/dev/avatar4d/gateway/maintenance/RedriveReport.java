package dev.avatar4d.gateway.maintenance;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What one re-drive of the dead-letter topic did.
 *
 * @param examined dead-letter records read
 * @param redriven jobs put back in the queue
 * @param skipped records that re-queued nothing ({@code examined - redriven})
 * @param skippedByReason {@link #skipped} by reason code
 * @param redrivenJobs the jobs put back in the queue
 * @param skips every skipped record with its reason
 */
@Schema(name = "RedriveReport")
public record RedriveReport(
    int examined,
    int redriven,
    int skipped,
    Map<String, Integer> skippedByReason,
    List<UUID> redrivenJobs,
    List<Skip> skips) {

  /** A skipped reason for a record whose key is not a job id. */
  public static final String UNREADABLE_KEY = "unreadable-key";

  /** A skipped reason for a record naming a job the database does not know. */
  public static final String UNKNOWN_JOB = "unknown-job";

  /**
   * One record that re-queued nothing.
   *
   * @param record {@code partition@offset} on the dead-letter topic
   * @param key the record key (normally the job id)
   * @param reason a {@link RequeueRefusedException} reason code, {@link #UNREADABLE_KEY} or {@link
   *     #UNKNOWN_JOB}
   * @param detail in words
   */
  public record Skip(String record, String key, String reason, String detail) {}
}
