-- Open to the movement (issue 14): being seen outside the platform (the public map, ESSGlobal
-- and Murmurations), and a network's directory brought in from spreadsheets.
--
-- publications: a row exists while an organization's own admin has chosen to publish it;
-- unpublishing deletes the row. gender_counts (BIGINT 0/1) says whether its counts of women and
-- men members (opted-in demographics, small counts suppressed) may be published too.
CREATE TABLE publications (
    organization_id TEXT PRIMARY KEY REFERENCES organizations (id),
    website         TEXT,
    gender_counts   BIGINT NOT NULL,
    published_by    TEXT NOT NULL,
    published_at    BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);

-- A network steward's approval of a member for the network's map, against spam and
-- impersonation: a published organization appears on a network's map only once approved.
ALTER TABLE network_memberships ADD COLUMN listing_approved_at BIGINT;
ALTER TABLE network_memberships ADD COLUMN listing_approved_by TEXT;

-- The outbox of the Murmurations index registration: what the index should hold for each
-- organization (want = 'present' or 'absent'), the node id the index gave, and the last try.
-- dirty = 1 when the profile changed since the index last read it; generation counts the
-- changes, so that a try finishing after a newer change does not mark that change done.
CREATE TABLE murmurations_nodes (
    organization_id TEXT PRIMARY KEY REFERENCES organizations (id),
    want            TEXT NOT NULL,
    dirty           BIGINT NOT NULL,
    generation      BIGINT NOT NULL,
    node_id         TEXT,
    last_status     TEXT,
    last_error      TEXT,
    attempts        BIGINT NOT NULL,
    next_try_at     BIGINT NOT NULL,
    synced_at       BIGINT
);
CREATE INDEX murmurations_nodes_by_next_try ON murmurations_nodes (dirty, next_try_at);

-- The keys a network's spreadsheets give their organizations (a registration number, a code):
-- importing the same sheet again finds the organization it made the first time.
CREATE TABLE import_keys (
    network_id TEXT NOT NULL REFERENCES organizations (id),
    kind       TEXT NOT NULL,
    key        TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (network_id, kind, key)
);
