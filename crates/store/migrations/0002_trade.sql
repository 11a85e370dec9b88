-- Solidarity trade: products, order cycles, offers, order lines, what a close produces,
-- obligations, payments and the double-entry ledger. Money is BIGINT minor units beside a
-- currency code. The same DDL serves PostgreSQL.

CREATE TABLE products (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    name            TEXT NOT NULL,
    category        TEXT NOT NULL,
    unit            TEXT NOT NULL,
    unit_mass_g     BIGINT NOT NULL,
    qualifiers      TEXT NOT NULL,
    origin_lat      DOUBLE PRECISION,
    origin_lon      DOUBLE PRECISION,
    created_at      BIGINT NOT NULL
);
CREATE INDEX products_by_organization ON products (organization_id, name);

CREATE TABLE cycles (
    id                 TEXT PRIMARY KEY,
    hub_id             TEXT NOT NULL REFERENCES organizations (id),
    name               TEXT NOT NULL,
    currency           TEXT NOT NULL,
    policy             TEXT NOT NULL,
    opens_at           BIGINT NOT NULL,
    closes_at          BIGINT NOT NULL,
    delivery_date      TEXT NOT NULL,
    payment_terms_days BIGINT NOT NULL,
    status             TEXT NOT NULL,
    closed_at          BIGINT,
    created_at         BIGINT NOT NULL
);
CREATE INDEX cycles_by_hub ON cycles (hub_id, opens_at);

-- Producers and consumer groups taking part; a consumer group's tier orders who is served first.
CREATE TABLE cycle_participants (
    cycle_id        TEXT NOT NULL REFERENCES cycles (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    role            TEXT NOT NULL,
    tier            BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, organization_id, role)
);

CREATE TABLE pickup_points (
    id              TEXT PRIMARY KEY,
    cycle_id        TEXT NOT NULL REFERENCES cycles (id),
    name            TEXT NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    lat             DOUBLE PRECISION,
    lon             DOUBLE PRECISION
);
CREATE INDEX pickup_points_by_cycle ON pickup_points (cycle_id);

CREATE TABLE offers (
    id             TEXT PRIMARY KEY,
    cycle_id       TEXT NOT NULL REFERENCES cycles (id),
    product_id     TEXT NOT NULL REFERENCES products (id),
    producer_id    TEXT NOT NULL REFERENCES organizations (id),
    quantity       BIGINT NOT NULL,
    reserved       BIGINT NOT NULL,
    producer_price BIGINT NOT NULL,
    fees           TEXT NOT NULL,
    transport_mode TEXT,
    distance_km    DOUBLE PRECISION,
    distance_basis TEXT,
    created_at     BIGINT NOT NULL
);
CREATE INDEX offers_by_cycle ON offers (cycle_id);

-- A consumer group's order in a cycle is the set of its lines.
CREATE TABLE order_lines (
    id                TEXT PRIMARY KEY,
    cycle_id          TEXT NOT NULL REFERENCES cycles (id),
    offer_id          TEXT NOT NULL REFERENCES offers (id),
    consumer_group_id TEXT NOT NULL REFERENCES organizations (id),
    person_id         TEXT REFERENCES people (id),
    pickup_point_id   TEXT REFERENCES pickup_points (id),
    quantity          BIGINT NOT NULL,
    tier              BIGINT NOT NULL,
    seq               BIGINT NOT NULL,
    allocated         BIGINT,
    reason            TEXT,
    total_minor       BIGINT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX order_lines_by_offer ON order_lines (cycle_id, offer_id);
CREATE INDEX order_lines_by_group ON order_lines (cycle_id, consumer_group_id);

-- Totals of the documents a close produced: invoices (consumer group → hub), producer and fee
-- statements (hub → recipient). Their lines are rendered from order_lines and offers.
CREATE TABLE cycle_documents (
    cycle_id        TEXT NOT NULL REFERENCES cycles (id),
    kind            TEXT NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    currency        TEXT NOT NULL,
    total_minor     BIGINT NOT NULL,
    due_date        TEXT NOT NULL,
    PRIMARY KEY (cycle_id, kind, organization_id)
);

-- What is still owed is the amount less the payments recorded against it.
CREATE TABLE obligations (
    id          TEXT PRIMARY KEY,
    debtor_id   TEXT NOT NULL REFERENCES organizations (id),
    creditor_id TEXT NOT NULL REFERENCES organizations (id),
    currency    TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    due_date    TEXT NOT NULL,
    cycle_id    TEXT REFERENCES cycles (id),
    memo        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX obligations_by_debtor ON obligations (debtor_id);
CREATE INDEX obligations_by_creditor ON obligations (creditor_id);

CREATE TABLE payments (
    id            TEXT PRIMARY KEY,
    obligation_id TEXT NOT NULL REFERENCES obligations (id),
    amount        BIGINT NOT NULL,
    method        TEXT NOT NULL,
    reference     TEXT,
    paid_on       TEXT NOT NULL,
    recorded_by   TEXT REFERENCES people (id),
    created_at    BIGINT NOT NULL
);
CREATE INDEX payments_by_obligation ON payments (obligation_id);

CREATE TABLE ledger_transactions (
    id         TEXT PRIMARY KEY,
    memo       TEXT NOT NULL,
    cycle_id   TEXT REFERENCES cycles (id),
    created_at BIGINT NOT NULL
);

CREATE TABLE ledger_postings (
    transaction_id  TEXT NOT NULL REFERENCES ledger_transactions (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    kind            TEXT NOT NULL,
    currency        TEXT NOT NULL,
    amount          BIGINT NOT NULL
);
CREATE INDEX ledger_postings_by_organization ON ledger_postings (organization_id, currency, kind);
