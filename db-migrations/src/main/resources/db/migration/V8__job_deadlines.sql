-- A job's own time limits, from the Cancel-After and Start-Within request headers: when it must
-- have ended, and when a worker must have started it. NULL for no limit. A job past either ends
-- CANCELED with error_code 'deadline-exceeded' or 'not-started-in-time'.
ALTER TABLE jobs ADD COLUMN cancel_at timestamptz;
ALTER TABLE jobs ADD COLUMN start_by timestamptz;

-- The deadline sweep's two scans: live jobs by cancel_at, queued jobs by start_by.
CREATE INDEX jobs_cancel_at_idx ON jobs (cancel_at)
    WHERE cancel_at IS NOT NULL AND state IN ('QUEUED', 'RUNNING');
CREATE INDEX jobs_start_by_idx ON jobs (start_by) WHERE start_by IS NOT NULL AND state = 'QUEUED';
