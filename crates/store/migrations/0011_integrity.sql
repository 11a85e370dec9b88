-- Books that cannot be quietly changed, an audit log, and erasure.
--
-- ledger_chain: each organization's hash chain over the obligations, payments (set-offs and
-- reversals included) and ledger transactions that concern it (see domain::chain and
-- docs/ledger.md). Rows are appended in the same transaction as the record they seal and never
-- updated; the primary key refuses a fork (two entries with one number).
CREATE TABLE IF NOT EXISTS ledger_chain (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    seq             BIGINT NOT NULL,
    entry_kind      TEXT NOT NULL,
    entry_id        TEXT NOT NULL,
    hash            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (organization_id, seq),
    UNIQUE (organization_id, entry_kind, entry_id)
);
CREATE INDEX IF NOT EXISTS ledger_chain_by_entry ON ledger_chain (entry_id);

-- The public halves of the instance's Ed25519 signing keys, old ones kept (retired) so that
-- checkpoints they signed still verify. The private key lives in a file, never here.
CREATE TABLE IF NOT EXISTS signing_keys (
    public_key TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    retired_at BIGINT
);

-- One signed checkpoint a day per organization with a chain.
CREATE TABLE IF NOT EXISTS ledger_checkpoints (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    day             TEXT NOT NULL,
    seq             BIGINT NOT NULL,
    hash            TEXT NOT NULL,
    taken_at        TEXT NOT NULL,
    public_key      TEXT NOT NULL,
    signature       TEXT NOT NULL,
    PRIMARY KEY (organization_id, day)
);

-- Every administrative action: who (a person's id, never their name), when, from which
-- address, what (an action code and a JSON object of ids and codes only, so that erasing a
-- person needs no rewrite here).
CREATE TABLE IF NOT EXISTS audit_log (
    id              TEXT PRIMARY KEY,
    organization_id TEXT REFERENCES organizations (id),
    actor_id        TEXT REFERENCES people (id),
    action          TEXT NOT NULL,
    subject_id      TEXT,
    detail          TEXT NOT NULL,
    client          TEXT,
    at              BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_by_organization ON audit_log (organization_id, at);

-- When a person's name, contact and demographics were erased on their request.
ALTER TABLE people ADD COLUMN erased_at BIGINT;
