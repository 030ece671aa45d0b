-- Stray runs of SUCCEEDED jobs (issue 5). A job can run more than once: a run that lost its lease
-- but had stored some outputs, or a second run after a lock expired. Each run writes under its
-- own prefix, and the client is given the manifest of one. The others' objects are deleted by the
-- maintenance sweep once due_at has passed, which leaves a fenced run time to stop writing.
CREATE TABLE output_prunes (
    job_id       uuid        PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    -- The run prefix to keep: the folder of the manifest the job resource shows.
    keep_prefix  text        NOT NULL,
    due_at       timestamptz NOT NULL
);

CREATE INDEX output_prunes_due_idx ON output_prunes (due_at);
