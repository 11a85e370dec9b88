-- Triple-bottom-line accounts: what products are packed in, reference market prices, jobs
-- declared by organizations, packaging brought back, and the rollups kept as cycles close.

ALTER TABLE products ADD COLUMN packaging TEXT;

-- A market price to compare producer prices with, per product, region (NULL: any region) and
-- span of delivery dates.
CREATE TABLE reference_prices (
    id               TEXT PRIMARY KEY,
    product_id       TEXT NOT NULL REFERENCES products (id),
    region           TEXT,
    valid_from       TEXT NOT NULL,
    valid_to         TEXT NOT NULL,
    currency         TEXT NOT NULL,
    unit_price_minor BIGINT NOT NULL,
    source           TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX reference_prices_by_product ON reference_prices (product_id, valid_from);

-- Full-time equivalents (× 100) an organization employed over a span of time, by gender
-- (NULL: not said).
CREATE TABLE job_declarations (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    valid_from      TEXT NOT NULL,
    valid_to        TEXT NOT NULL,
    gender          TEXT,
    fte_hundredths  BIGINT NOT NULL,
    declared_by     TEXT REFERENCES people (id),
    created_at      BIGINT NOT NULL
);
CREATE INDEX job_declarations_by_organization ON job_declarations (organization_id, valid_from);

-- Returnable packaging brought back after a cycle's delivery.
CREATE TABLE packaging_returns (
    id          TEXT PRIMARY KEY,
    cycle_id    TEXT NOT NULL REFERENCES cycles (id),
    offer_id    TEXT NOT NULL REFERENCES offers (id),
    units       BIGINT NOT NULL,
    recorded_by TEXT REFERENCES people (id),
    created_at  BIGINT NOT NULL
);
CREATE INDEX packaging_returns_by_cycle ON packaging_returns (cycle_id);

-- Dense numbers for the people and producer organizations reached, so that rollups can keep
-- exact sets of them compactly.
CREATE TABLE impact_entities (
    id  TEXT PRIMARY KEY,
    num BIGINT NOT NULL UNIQUE
);

-- Sums of delivered lines per scope ('all', 'network:ID', 'organization:ID', 'cycle:ID'),
-- delivery day, currency, value chain and producer country. Several rows may share a key (a
-- close and later packaging returns); a report merges them. Money is minor units; `fees`,
-- `transport` and `paid_to_group` are JSON objects of integers; the three BYTEA columns are
-- sets of entity numbers (see domain::impact::reach).
CREATE TABLE impact_rollups (
    id                        TEXT PRIMARY KEY,
    scope                     TEXT NOT NULL,
    day                       TEXT NOT NULL,
    currency                  TEXT NOT NULL,
    category                  TEXT NOT NULL,
    country                   TEXT NOT NULL,
    cycle_id                  TEXT NOT NULL REFERENCES cycles (id),
    lines                     BIGINT NOT NULL,
    units                     BIGINT NOT NULL,
    producer_minor            BIGINT NOT NULL,
    total_minor               BIGINT NOT NULL,
    local_minor               BIGINT NOT NULL,
    certified_minor           BIGINT NOT NULL,
    returnable_units          BIGINT NOT NULL,
    single_use_units          BIGINT NOT NULL,
    returned_units            BIGINT NOT NULL,
    reference_minor           BIGINT NOT NULL,
    referenced_producer_minor BIGINT NOT NULL,
    fees                      TEXT NOT NULL,
    transport                 TEXT NOT NULL,
    paid_to_group             TEXT NOT NULL,
    producers                 BYTEA NOT NULL,
    households                BYTEA NOT NULL,
    group_people              BYTEA NOT NULL
);
CREATE INDEX impact_rollups_by_scope ON impact_rollups (scope, day);
CREATE INDEX impact_rollups_by_cycle ON impact_rollups (cycle_id);
