package dev.avatar4d.gateway.webhooks;

import dev.avatar4d.gateway.jobs.JobRow;
import dev.avatar4d.gateway.jobs.ProgressView;
import dev.avatar4d.protocol.JobState;
import java.time.Instant;
import java.util.UUID;

/**
 * The JSON body of every webhook, in the Standard Webhooks shape:
 *
 * <pre>{@code
 * {"type": "job.progress", "timestamp": "2026-03-01T12:00:00.123456Z",
 *  "data": {"id": "…", "state": "RUNNING", "progress": {"framesDone": 6, "framesTotal": 10, "fraction": 0.6},
 *           "attempt": 1, "error": null, "errorCode": null, "createdAt": "…", "startedAt": "…", "finishedAt": null,
 *           "links": {"self": "/v1/jobs/…", "webhooks": "/v1/jobs/…/webhooks"}}}
 * }</pre>
 *
 * @param type {@link WebhookEventType#wireName()}
 * @param timestamp when the gateway applied the change (not when this attempt was sent)
 * @param data the job as it was right after the change
 */
public record WebhookPayload(String type, Instant timestamp, JobData data) {

  /** The payload announcing that {@code job} just became as given, by an event of {@code type}. */
  public static WebhookPayload of(WebhookEventType type, JobRow job, Instant now) {
    return new WebhookPayload(type.wireName(), now, JobData.of(job));
  }

  /**
   * The job in a webhook.
   *
   * @param error why it failed (FAILED), else null
   * @param errorCode the stable code of that failure ({@code no-face}, …), else null
   */
  public record JobData(
      UUID id,
      JobState state,
      ProgressView progress,
      int attempt,
      String error,
      String errorCode,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt,
      Links links) {

    static JobData of(JobRow job) {
      String self = "/v1/jobs/" + job.id();
      return new JobData(
          job.id(),
          job.state(),
          progress(job),
          job.attempt(),
          job.error(),
          job.errorCode(),
          job.createdAt(),
          job.startedAt(),
          job.finishedAt(),
          new Links(self, self + "/webhooks"));
    }

    private static ProgressView progress(JobRow job) {
      if (job.state() == JobState.SUCCEEDED) {
        return new ProgressView(job.framesTotal(), job.framesTotal(), 1.0);
      }
      double fraction = job.framesTotal() == 0 ? 0 : (double) job.framesDone() / job.framesTotal();
      return new ProgressView(job.framesDone(), job.framesTotal(), fraction);
    }
  }

  /** Where to read the job and its delivery log. */
  public record Links(String self, String webhooks) {}
}
