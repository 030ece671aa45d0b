-- Tenants, their API keys and idempotency keys (issue 5).

-- A tenant owns jobs; its limits override the gateway-wide defaults when set.
CREATE TABLE tenants (
    id                  text        PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name                text        NOT NULL,
    -- Most jobs QUEUED or RUNNING at once; NULL: avatar4d.auth.default-max-active-jobs.
    max_active_jobs     integer     CHECK (max_active_jobs > 0),
    -- Requests per second each key may make (token bucket refill); NULL: the default.
    requests_per_second double precision CHECK (requests_per_second > 0),
    created_at          timestamptz NOT NULL
);

-- Jobs accepted before tenants existed belong to 'default'.
INSERT INTO tenants (id, name, created_at) VALUES ('default', 'Default tenant', now());

ALTER TABLE jobs ADD CONSTRAINT jobs_tenant_fk FOREIGN KEY (tenant) REFERENCES tenants (id);
CREATE INDEX jobs_tenant_created_idx ON jobs (tenant, created_at DESC, id DESC);
CREATE INDEX jobs_tenant_active_idx ON jobs (tenant) WHERE state IN ('QUEUED', 'RUNNING');

-- API keys are stored as SHA-256 of the whole key: keys are 192 random bits, so a fast hash is
-- enough, and a lookup by hash never compares secrets byte by byte.
CREATE TABLE api_keys (
    id          uuid        PRIMARY KEY,
    tenant      text        NOT NULL REFERENCES tenants (id),
    -- The key's first characters, shown in listings so that people can tell keys apart.
    prefix      text        NOT NULL,
    key_hash    text        NOT NULL UNIQUE,
    label       text,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);

CREATE INDEX api_keys_tenant_idx ON api_keys (tenant);

-- Idempotency-Key on submit: the same key and request give the same job until expires_at.
CREATE TABLE idempotency_keys (
    tenant          text        NOT NULL REFERENCES tenants (id),
    idem_key        text        NOT NULL,
    -- SHA-256 over the request's options and every image part, in order.
    request_hash    text        NOT NULL,
    job_id          uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant, idem_key)
);

CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at);
