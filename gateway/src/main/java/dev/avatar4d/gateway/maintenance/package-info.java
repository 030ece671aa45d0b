/**
 * The logic of re-queueing FAILED jobs (driven by the endpoints in {@code admin} and {@code api})
 * and of the periodic sweep (retention of job objects, the queue timeout, the idempotency-key
 * purge). No resource lives here.
 *
 * <p><b>Re-queue</b> ({@link dev.avatar4d.gateway.maintenance.JobRequeuer}): an operator re-drives
 * the dead-letter topic or one job, a tenant retries its own job. All three take the same path: in
 * one transaction the FAILED job becomes QUEUED (error, worker and progress cleared; the failure is
 * kept in {@code job_requeues}, the events in {@code job_events}) and an outbox row carries a new
 * {@code JobRequest} built from {@code job_inputs}, with {@code attemptBase} = the job's last
 * attempt. The job's event order is set to the end of that attempt, so the next worker's events
 * (attempt {@code attemptBase + 1} and up) apply and every straggler of the old attempts is stale.
 * Because the job leaves FAILED in that transaction, re-driving twice re-queues it once.
 *
 * <p>Only FAILED jobs are re-queued ({@code JobStateMachine.canRequeue}). Not CANCELED ones, nor
 * FAILED ones that expired in the queue: workers were sent a CANCEL for those and remember it for
 * their lifetime, so the job would only be skipped again. Not jobs whose objects the retention
 * sweep deleted either (their inputs are gone): those are submitted again instead.
 *
 * <p><b>Sweep</b> ({@link dev.avatar4d.gateway.maintenance.MaintenanceSweeper}), every {@code
 * avatar4d.retention.sweep-interval}: deletes everything under {@code jobs/{id}/} of CANCELED,
 * FAILED and (if configured) SUCCEEDED jobs some time after they finished and records {@code
 * outputs_deleted_at}; fails jobs QUEUED longer than {@code queued-timeout} (with a CANCEL command
 * so that workers skip them); deletes expired idempotency keys. Each job is handled in its own
 * transaction under its row lock, so several gateways may sweep at once.
 */
package dev.avatar4d.gateway.maintenance;
