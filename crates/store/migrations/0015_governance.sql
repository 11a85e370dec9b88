-- Self-governance (issue 16): decision bodies, decisions, ballots, proxies, member capital.
-- Times are BIGINT microseconds; amounts BIGINT minor units.

-- A member organization's stake in a network: its chamber in a network's bodies.
ALTER TABLE network_memberships ADD COLUMN stakeholder TEXT;

CREATE TABLE bodies (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    name            TEXT NOT NULL,
    electorate      TEXT NOT NULL,
    electorate_role TEXT,
    -- [{"name": "producer", "weight_bp": 4000}, …]; [{"name": "all", …}]: one member, one vote.
    chambers        TEXT NOT NULL,
    preset          TEXT,
    weight_by_size  BIGINT NOT NULL,
    proxy_limit     BIGINT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX bodies_by_organization ON bodies (organization_id);

CREATE TABLE decisions (
    id              TEXT PRIMARY KEY,
    body_id         TEXT NOT NULL REFERENCES bodies (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    title           TEXT NOT NULL,
    details         TEXT NOT NULL,
    -- The domain's rules as JSON, each chamber's electorate fixed when the decision opened.
    rules           TEXT NOT NULL,
    anonymous       BIGINT NOT NULL,
    action          TEXT,
    opened_by       TEXT NOT NULL REFERENCES people (id),
    opens_at        BIGINT NOT NULL,
    closes_at       BIGINT NOT NULL,
    -- Set once, by the one transaction that closes it (and runs its action).
    closed_at       BIGINT,
    outcome         TEXT,
    tally           TEXT,
    action_status   TEXT,
    action_note     TEXT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX decisions_by_organization ON decisions (organization_id, opens_at);
CREATE INDEX decisions_due ON decisions (closed_at, closes_at);

-- Who may vote, fixed when the decision opens: a person, or a member organization.
CREATE TABLE decision_electorate (
    decision_id TEXT NOT NULL REFERENCES decisions (id),
    voter_id    TEXT NOT NULL,
    chamber     BIGINT NOT NULL,
    weight      BIGINT NOT NULL,
    PRIMARY KEY (decision_id, voter_id)
);

-- Who has voted and how: one row per voter, so nobody votes twice on any engine.
CREATE TABLE decision_voters (
    decision_id TEXT NOT NULL REFERENCES decisions (id),
    voter_id    TEXT NOT NULL,
    cast_by     TEXT NOT NULL REFERENCES people (id),
    mode        TEXT NOT NULL,
    meeting     TEXT,
    witness     TEXT,
    cast_at     BIGINT NOT NULL,
    PRIMARY KEY (decision_id, voter_id)
);

-- The ballots. An anonymous decision's carry no voter and no time: nothing links them to
-- the voters above.
CREATE TABLE ballots (
    id          TEXT PRIMARY KEY,
    decision_id TEXT NOT NULL REFERENCES decisions (id),
    voter_id    TEXT,
    chamber     BIGINT NOT NULL,
    weight      BIGINT NOT NULL,
    marks       TEXT NOT NULL,
    reason      TEXT
);
CREATE INDEX ballots_by_decision ON ballots (decision_id);

CREATE TABLE proxies (
    decision_id TEXT NOT NULL REFERENCES decisions (id),
    giver_id    TEXT NOT NULL REFERENCES people (id),
    holder_id   TEXT NOT NULL REFERENCES people (id),
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (decision_id, giver_id)
);
CREATE INDEX proxies_by_holder ON proxies (decision_id, holder_id);

-- Patronage refunds retained as member capital: what each member holds in the organization.
CREATE TABLE member_capital (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    member_id       TEXT NOT NULL,
    currency        TEXT NOT NULL,
    amount          BIGINT NOT NULL,
    decision_id     TEXT REFERENCES decisions (id),
    created_at      BIGINT NOT NULL
);
CREATE INDEX member_capital_by_organization ON member_capital (organization_id, member_id);
