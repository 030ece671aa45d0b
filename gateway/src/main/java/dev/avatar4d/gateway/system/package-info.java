/**
 * What the dashboard needs beyond the job API: {@code GET /v1/system} (queue backlog, gateway event
 * lag, workers by heartbeat, the caller's job figures), {@code GET /v1/jobs/{id}/inputs} (the
 * submitted images as presigned URLs) and {@code GET /v1/jobs/{id}/files/{name}} (one object of a
 * job, same-origin, for the depth contrast stretch).
 *
 * <p>Choices: workers publish heartbeats on {@code avatar.worker-heartbeats} every 5 s; a worker is
 * alive while its newest heartbeat is younger than {@code avatar4d.system.worker-timeout} (15 s)
 * and did not say it was stopping. Queue figures come from the Kafka admin client on every call
 * (see {@link dev.avatar4d.gateway.system.KafkaBacklog} for how lag is obtained). Job figures cover
 * the last hour in one-minute buckets (durations in five-minute buckets) and only the caller's
 * tenant; the queue and the workers are shared, so every tenant sees them.
 */
package dev.avatar4d.gateway.system;
