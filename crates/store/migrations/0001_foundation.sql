-- Foundation: organizations, networks, people, memberships, sign-in.
-- Ids are UUID v4 strings made by the application; times are BIGINT microseconds since the
-- Unix epoch (UTC); calendar dates are TEXT 'YYYY-MM-DD'. The same DDL serves SQLite and
-- PostgreSQL (and stays within what CockroachDB and YugabyteDB accept).

CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    legal_form  TEXT,
    country     TEXT NOT NULL,
    region      TEXT,
    lat         DOUBLE PRECISION,
    lon         DOUBLE PRECISION,
    currency    TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    languages   TEXT NOT NULL,
    description TEXT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX organizations_by_name ON organizations (name, id);
CREATE INDEX organizations_by_country ON organizations (country);
CREATE INDEX organizations_by_kind ON organizations (kind);

CREATE TABLE organization_roles (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    PRIMARY KEY (organization_id, role)
);

CREATE TABLE organization_qualifiers (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    qualifier       TEXT NOT NULL,
    PRIMARY KEY (organization_id, qualifier)
);
CREATE INDEX organization_qualifiers_by_qualifier ON organization_qualifiers (qualifier);

CREATE TABLE network_memberships (
    id         TEXT PRIMARY KEY,
    network_id TEXT NOT NULL REFERENCES organizations (id),
    member_id  TEXT NOT NULL REFERENCES organizations (id),
    since      TEXT NOT NULL,
    until      TEXT,
    status     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (network_id, member_id)
);
CREATE INDEX network_memberships_by_member ON network_memberships (member_id);

CREATE TABLE people (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT,
    language      TEXT,
    created_at    BIGINT NOT NULL
);

-- A row exists only while the person has opted in; opting out deletes it.
-- Flags are BIGINT 0/1 (NULL = not said): sqlx's Any driver cannot decode SQLite booleans.
CREATE TABLE demographics (
    person_id       TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    gender          TEXT,
    birth_year      BIGINT,
    disability      BIGINT,
    informal_sector BIGINT,
    overseas_worker BIGINT,
    consented_at    BIGINT NOT NULL
);

CREATE TABLE memberships (
    id              TEXT PRIMARY KEY,
    person_id       TEXT NOT NULL REFERENCES people (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    roles           TEXT NOT NULL,
    stakeholder     TEXT,
    since           TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    UNIQUE (person_id, organization_id)
);
CREATE INDEX memberships_by_organization ON memberships (organization_id);

-- Secrets are never stored: only the SHA-256 of the session cookie or API token.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_person ON sessions (person_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_tokens_by_person ON api_tokens (person_id);

-- Small facts about the installation itself (e.g. that the demo network was loaded).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
