-- Signed webhooks (issue 5): per-job subscriptions, one delivery row per event to send, and the
-- per-tenant signing secrets.

-- A job's webhook, given with the submission; at most one per job.
CREATE TABLE webhook_subscriptions (
    job_id      uuid        PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    url         text        NOT NULL,
    -- Which event classes the client wants: any of 'started', 'progress', 'completed'.
    events      text[]      NOT NULL CHECK (cardinality(events) > 0
        AND events <@ ARRAY['started', 'progress', 'completed']::text[]),
    created_at  timestamptz NOT NULL
);

-- One row per webhook event, written in the same transaction as the job change it announces and
-- sent by the gateway's webhook dispatcher. The row id is the Standard Webhooks `webhook-id`, the
-- same on every attempt, so receivers can drop duplicates by it.
CREATE TABLE webhook_deliveries (
    id               text        PRIMARY KEY,
    job_id           uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    -- job.started, job.progress, job.succeeded, job.failed or job.canceled.
    type             text        NOT NULL,
    -- Copied from the subscription when the event happened.
    url              text        NOT NULL,
    -- Exact bytes (UTF-8 JSON) sent and signed on every attempt.
    payload          text        NOT NULL,
    status           text        NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_status_code integer,
    last_error       text,
    created_at       timestamptz NOT NULL,
    -- When a pending row is due; while an attempt is in flight it is pushed past the request
    -- timeout, so that a crashed gateway's claim expires and another dispatcher retries it.
    next_attempt_at  timestamptz,
    last_attempt_at  timestamptz,
    delivered_at     timestamptz,
    CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
);

-- The dispatcher only ever looks for due pending rows.
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_job_idx ON webhook_deliveries (job_id, created_at);

-- Signing secrets (`whsec_<base64>`), kept in the clear because HMAC needs the key itself. The
-- current secret has retired_at NULL; a rotated one keeps signing beside the new one until
-- retired_at + avatar4d.webhooks.secret-rotation-overlap.
CREATE TABLE webhook_secrets (
    id          uuid        PRIMARY KEY,
    tenant      text        NOT NULL REFERENCES tenants (id),
    secret      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    retired_at  timestamptz
);

CREATE UNIQUE INDEX webhook_secrets_current_idx ON webhook_secrets (tenant) WHERE retired_at IS NULL;
CREATE INDEX webhook_secrets_retired_idx ON webhook_secrets (tenant, retired_at DESC) WHERE retired_at IS NOT NULL;
