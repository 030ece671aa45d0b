-- A FAILED job's stable, machine-readable reason (protocol.JobErrorCode#key, e.g. 'no-face'),
-- beside the human-readable error text. Null for every other state and for jobs failed before
-- this column existed.
ALTER TABLE jobs ADD COLUMN error_code text;
