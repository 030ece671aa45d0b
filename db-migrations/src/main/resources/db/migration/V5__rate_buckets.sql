-- Token buckets of the per-key request rate limit (issue 5), shared by every gateway: N gateways
-- behind a load balancer allow a key its rate, not N times it. One row per key, refilled and
-- charged by one upsert per request; its row lock makes one key's requests take turns across
-- gateways.
CREATE TABLE rate_buckets (
    key_id       uuid             PRIMARY KEY REFERENCES api_keys (id) ON DELETE CASCADE,
    tokens       double precision NOT NULL,
    refilled_at  timestamptz      NOT NULL,
    -- Whether the latest request found a whole token (and took it).
    last_taken   boolean          NOT NULL
);
