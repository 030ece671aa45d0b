-- Avatar4D gateway schema, version 1. PostgreSQL is the source of truth for jobs; only the
-- gateway writes it. Timestamps are timestamptz (microseconds); the gateway truncates its clock
-- to microseconds so that values (and pagination cursors built from them) round-trip exactly.

-- One row per accepted job.
CREATE TABLE jobs (
    id                  uuid        PRIMARY KEY,
    tenant              text        NOT NULL,
    state               text        NOT NULL
        CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELED')),
    -- JobOptions in protocol JSON form (dev.avatar4d.protocol.Json).
    options             jsonb       NOT NULL,
    frames_total        integer     NOT NULL CHECK (frames_total > 0),
    frames_done         integer     NOT NULL DEFAULT 0 CHECK (frames_done >= 0),
    -- Attempt number reported by the newest applied event (0 until a worker starts it).
    attempt             integer     NOT NULL DEFAULT 0,
    -- Order (attempt, seq) of the newest applied JobEvent; NULL until the first one.
    -- JobStateMachine.decide treats anything at or below it as stale.
    last_event_attempt  integer,
    last_event_seq      bigint,
    worker_id           text,
    -- ModelStamp in protocol JSON form, from STARTED/SUCCEEDED events.
    model               jsonb,
    error               text,
    manifest_key        text,
    created_at          timestamptz NOT NULL,
    started_at          timestamptz,
    finished_at         timestamptz,
    updated_at          timestamptz NOT NULL,
    CHECK ((last_event_attempt IS NULL) = (last_event_seq IS NULL))
);

-- Newest-first listing with keyset pagination on (created_at, id), with and without a state filter.
CREATE INDEX jobs_created_idx       ON jobs (created_at DESC, id DESC);
CREATE INDEX jobs_state_created_idx ON jobs (state, created_at DESC, id DESC);

-- What the client sent, as stored in the object store before the job was accepted.
CREATE TABLE job_inputs (
    job_id      uuid    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    role        text    NOT NULL CHECK (role IN ('source', 'driving')),
    -- 0 for the source; playback order for driving frames.
    idx         integer NOT NULL CHECK (idx >= 0),
    object_key  text    NOT NULL UNIQUE,
    media_type  text    NOT NULL,
    size_bytes  bigint  NOT NULL CHECK (size_bytes >= 0),
    sha256      text    NOT NULL,
    PRIMARY KEY (job_id, role, idx)
);

-- Every JobEvent the gateway consumed, whatever was decided about it. event_id is the primary
-- key so that a redelivered event is recognised and changes nothing.
CREATE TABLE job_events (
    event_id    uuid        PRIMARY KEY,
    job_id      uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    seq         bigint      NOT NULL,
    type        text        NOT NULL,
    -- JobStateMachine.Decision: APPLY, IGNORE_STALE or REJECT_ILLEGAL.
    decision    text        NOT NULL CHECK (decision IN ('APPLY', 'IGNORE_STALE', 'REJECT_ILLEGAL')),
    payload     jsonb       NOT NULL,
    received_at timestamptz NOT NULL
);

CREATE INDEX job_events_job_idx ON job_events (job_id, attempt, seq);

-- Transactional outbox: written in the same transaction as the state it announces, relayed to
-- Kafka in id order by the gateway's outbox relay, then marked published (never deleted here,
-- so that what was sent stays auditable).
CREATE TABLE outbox (
    id            bigserial   PRIMARY KEY,
    topic         text        NOT NULL,
    record_key    text        NOT NULL,
    -- Exact bytes (UTF-8 JSON) sent as the record value.
    payload       text        NOT NULL,
    created_at    timestamptz NOT NULL,
    published_at  timestamptz,
    attempts      integer     NOT NULL DEFAULT 0,
    last_error    text
);

-- The relay only ever looks at unpublished rows.
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
