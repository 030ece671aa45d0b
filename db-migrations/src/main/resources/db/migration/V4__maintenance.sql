-- Maintenance (issue 5): retention of job objects, the queue timeout, and re-drive of failed jobs.

-- When the retention sweeper deleted the job's objects (inputs and outputs); NULL while they are
-- kept. The row itself stays, so the API can say the outputs expired instead of failing.
ALTER TABLE jobs ADD COLUMN outputs_deleted_at timestamptz;

-- When the gateway failed the job for waiting in the queue too long. Workers were told to cancel
-- it and remember that, so such a job cannot be re-driven or retried (it would be skipped).
ALTER TABLE jobs ADD COLUMN queue_expired_at timestamptz;

-- The sweeper's two scans: finished jobs whose objects are still kept, and queued jobs by age.
CREATE INDEX jobs_retention_idx ON jobs (state, finished_at) WHERE outputs_deleted_at IS NULL;
CREATE INDEX jobs_queued_since_idx ON jobs (updated_at) WHERE state = 'QUEUED';

-- Every time the gateway put a FAILED job back in the queue, so that the job's history keeps the
-- failure it replaced (the job row's error is cleared for the new attempt).
CREATE TABLE job_requeues (
    id              bigserial   PRIMARY KEY,
    job_id          uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    -- 'dead-letter' (operator re-drive of the dead-letter topic), 'operator' (one job by id) or
    -- 'tenant' (the job owner's retry).
    origin          text        NOT NULL CHECK (origin IN ('dead-letter', 'operator', 'tenant')),
    -- Attempts spent before the re-queue; the new JobRequest carries it as attemptBase.
    attempt_base    integer     NOT NULL CHECK (attempt_base >= 0),
    previous_error  text,
    requeued_at     timestamptz NOT NULL
);

CREATE INDEX job_requeues_job_idx ON job_requeues (job_id, requeued_at);
