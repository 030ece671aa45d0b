package dev.avatar4d.gateway.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Where a QUEUED job stands: its place in the queue shared by every tenant, and when it should
 * start. The estimate plays the queue forward over the live workers with job times fit to recently
 * finished jobs ({@link JobCostModel}); it is absent when no worker is alive or no job has finished
 * yet, and {@code basis} says why or what it rests on.
 *
 * @param position 1 for the next job a free worker takes
 * @param jobsAhead QUEUED jobs accepted before this one
 * @param runningJobs jobs running now
 * @param workersAlive workers whose heartbeats are fresh
 * @param estimatedStartAt when this job should start
 * @param estimatedWaitSeconds seconds from now until then
 * @param uncertaintySeconds one standard error of that wait: the fit's residual for each job that
 *     runs before this one on the same worker, added in quadrature
 * @param basis the figures behind the estimate, or why there is none, for people
 */
public record QueueView(
    int position,
    int jobsAhead,
    int runningJobs,
    int workersAlive,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant estimatedStartAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double estimatedWaitSeconds,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double uncertaintySeconds,
    String basis) {}
