package dev.avatar4d.gateway.maintenance;

/**
 * What one maintenance sweep did. A part that failed (object store or database down) reports -1 and
 * is tried again next sweep.
 *
 * @param jobsWithObjectsDeleted jobs whose inputs and outputs retention deleted
 * @param jobsExpiredInQueue QUEUED jobs failed for waiting too long
 * @param idempotencyKeysPurged expired idempotency keys deleted
 * @param strayRunsDeleted output runs of SUCCEEDED jobs deleted because the job shows another run
 */
public record SweepReport(
    int jobsWithObjectsDeleted,
    int jobsExpiredInQueue,
    int idempotencyKeysPurged,
    int strayRunsDeleted) {}
