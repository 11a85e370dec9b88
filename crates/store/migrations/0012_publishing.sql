-- Being seen outside the platform (issue 14): the public map, ESSGlobal and Murmurations.
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
-- dirty = 1 when the profile changed since the index last read it.
CREATE TABLE murmurations_nodes (
    organization_id TEXT PRIMARY KEY REFERENCES organizations (id),
    want            TEXT NOT NULL,
    dirty           BIGINT NOT NULL,
    node_id         TEXT,
    last_status     TEXT,
    last_error      TEXT,
    attempts        BIGINT NOT NULL,
    next_try_at     BIGINT NOT NULL,
    synced_at       BIGINT
);
CREATE INDEX murmurations_nodes_by_next_try ON murmurations_nodes (dirty, next_try_at);
