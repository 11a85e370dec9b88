-- Requests sent with an Idempotency-Key (a retry over a slow link, a double tap): the first
-- answer is kept for a day, and a resend with the same key gets it back instead of acting twice.
-- `status` is 0 while the first request is still being answered. `fingerprint` is a SHA-256
-- digest of the method, the path and the body: the same key on another request is refused.
CREATE TABLE idempotency_keys (
    owner_id     TEXT NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    status       BIGINT NOT NULL,
    content_type TEXT,
    body         BYTEA,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (owner_id, key)
);
CREATE INDEX idempotency_keys_by_created_at ON idempotency_keys (created_at);
