package dev.avatar4d.gateway.metrics;

import dev.avatar4d.protocol.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's own meters, exported on {@code /q/metrics} as {@code jobs_submitted_total}, {@code
 * jobs_finished_total{state}}, {@code job_events_total{decision}} and {@code outbox_backlog}.
 */
@ApplicationScoped
public class GatewayMetrics {
  private final MeterRegistry registry;
  private final Counter submitted;
  private final AtomicLong backlog = new AtomicLong();

  GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.submitted =
        Counter.builder("jobs.submitted")
            .description("Jobs accepted by POST /v1/jobs")
            .register(registry);
    Gauge.builder("outbox.backlog", backlog, AtomicLong::get)
        .description("Outbox rows not yet published to Kafka (as of the last relay round)")
        .register(registry);
  }

  /** A job was accepted. */
  public void jobSubmitted() {
    submitted.increment();
  }

  /** A job reached the terminal {@code state}. */
  public void jobFinished(JobState state) {
    Counter.builder("jobs.finished")
        .description("Jobs that reached a terminal state")
        .tag("state", state.name())
        .register(registry)
        .increment();
  }

  /** A job event was consumed and {@code decision} taken about it. */
  public void eventConsumed(String decision) {
    Counter.builder("job.events")
        .description("Job events consumed, by what was decided")
        .tag("decision", decision)
        .register(registry)
        .increment();
  }

  /** Updates the backlog gauge. */
  public void outboxBacklog(long rows) {
    backlog.set(rows);
  }
}
