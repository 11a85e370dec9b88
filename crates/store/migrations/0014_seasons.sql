-- Seasons, solidarity pre-financing and member wallets (issue 15). Amounts are BIGINT minor
-- units in the season's (or the wallet's) currency; times BIGINT microseconds; dates TEXT.

-- A season's offers are prepaid: their lines are allocated and priced but invoiced to nobody.
ALTER TABLE offers ADD COLUMN prepaid BIGINT NOT NULL DEFAULT 0;

CREATE TABLE seasons (
    id                  TEXT PRIMARY KEY,
    hub_id              TEXT NOT NULL REFERENCES organizations (id),
    producer_id         TEXT NOT NULL REFERENCES organizations (id),
    name                TEXT NOT NULL,
    currency            TEXT NOT NULL,
    starts_on           TEXT NOT NULL,
    ends_on             TEXT NOT NULL,
    signup_opens_at     BIGINT NOT NULL,
    signup_closes_at    BIGINT NOT NULL,
    round_days          BIGINT NOT NULL,
    max_rounds          BIGINT NOT NULL,
    budget              BIGINT NOT NULL,
    reserve             BIGINT NOT NULL,
    absence_rule        TEXT NOT NULL,
    absence_cutoff_days BIGINT NOT NULL,
    shortfall_rule      TEXT NOT NULL,
    -- [{"due_on": "YYYY-MM-DD", "basis_points": n}, …]
    instalments         TEXT NOT NULL,
    -- Raised by every change of the season's shares (a sign-up, a pledge, one given up): a
    -- delivery's lines, planned from a snapshot of the shares, are written only if it is
    -- unchanged.
    shares_version      BIGINT NOT NULL DEFAULT 0,
    settled_at          BIGINT,
    created_at          BIGINT NOT NULL
);
CREATE INDEX seasons_by_hub ON seasons (hub_id);
CREATE INDEX seasons_by_producer ON seasons (producer_id);

-- The consumer groups invited.
CREATE TABLE season_groups (
    season_id       TEXT NOT NULL REFERENCES seasons (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (season_id, organization_id)
);
CREATE INDEX season_groups_by_organization ON season_groups (organization_id);

CREATE TABLE season_share_kinds (
    id                 TEXT PRIMARY KEY,
    season_id          TEXT NOT NULL REFERENCES seasons (id),
    position           BIGINT NOT NULL,
    name               TEXT NOT NULL,
    product_id         TEXT NOT NULL REFERENCES products (id),
    units_per_delivery BIGINT NOT NULL,
    unit_price         BIGINT NOT NULL
);
CREATE INDEX season_share_kinds_by_season ON season_share_kinds (season_id, position);

-- `taken` counts the active shares: a sign-up takes a place with one conditional UPDATE
-- (`taken < capacity`), so concurrent sign-ups never pass the capacity on any engine.
CREATE TABLE season_pickups (
    id              TEXT PRIMARY KEY,
    season_id       TEXT NOT NULL REFERENCES seasons (id),
    position        BIGINT NOT NULL,
    name            TEXT NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    capacity        BIGINT NOT NULL,
    taken           BIGINT NOT NULL
);
CREATE INDEX season_pickups_by_season ON season_pickups (season_id, position);

-- A share of a member (or of the group itself when person_id is NULL). `seq` orders the
-- waiting list; `pledge` is what the member pledged for the season (NULL: none yet).
CREATE TABLE season_shares (
    id                TEXT PRIMARY KEY,
    season_id         TEXT NOT NULL REFERENCES seasons (id),
    share_kind_id     TEXT NOT NULL REFERENCES season_share_kinds (id),
    consumer_group_id TEXT NOT NULL REFERENCES organizations (id),
    person_id         TEXT REFERENCES people (id),
    pickup_id         TEXT NOT NULL REFERENCES season_pickups (id),
    status            TEXT NOT NULL,
    seq               BIGINT NOT NULL,
    pledge            BIGINT,
    pledged_at        BIGINT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX season_shares_by_season ON season_shares (season_id, status, pickup_id, seq);
CREATE INDEX season_shares_by_person ON season_shares (person_id);
CREATE INDEX season_shares_by_group ON season_shares (consumer_group_id, season_id);
-- A pickup point's waiting list, in order.
CREATE INDEX season_shares_by_pickup ON season_shares (pickup_id, status, seq);

CREATE TABLE season_rounds (
    season_id TEXT NOT NULL REFERENCES seasons (id),
    number    BIGINT NOT NULL,
    opens_at  BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    status    TEXT NOT NULL,
    pledged   BIGINT,
    PRIMARY KEY (season_id, number)
);

-- Delivery k (0-based `seq`) of the calendar; `cycle_id` once its lines are made, `settled_at`
-- once its value has repaid the advances in kind.
CREATE TABLE season_deliveries (
    season_id     TEXT NOT NULL REFERENCES seasons (id),
    seq           BIGINT NOT NULL,
    delivery_date TEXT NOT NULL,
    cycle_id      TEXT REFERENCES cycles (id),
    settled_at    BIGINT,
    PRIMARY KEY (season_id, seq)
);
CREATE INDEX season_deliveries_by_cycle ON season_deliveries (cycle_id);

-- The offer holding each share kind in a delivery's cycle (two kinds may share a product).
CREATE TABLE season_offers (
    offer_id      TEXT PRIMARY KEY REFERENCES offers (id),
    season_id     TEXT NOT NULL REFERENCES seasons (id),
    seq           BIGINT NOT NULL,
    share_kind_id TEXT NOT NULL REFERENCES season_share_kinds (id)
);
CREATE INDEX season_offers_by_delivery ON season_offers (season_id, seq);

CREATE TABLE season_absences (
    share_id   TEXT NOT NULL REFERENCES season_shares (id),
    seq        BIGINT NOT NULL,
    rule       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (share_id, seq)
);

-- A season's line says which share it delivers, the value planned for it (the share's part of
-- what it is due, for this delivery), and why it went out: 'delivery', or the absence rule it
-- went out under ('donate', 'credit'). NULL on every other line. On the lines themselves, so
-- that a delivery's lines are one write, as a plain cycle's are.
ALTER TABLE order_lines ADD COLUMN season_share_id TEXT REFERENCES season_shares (id);
ALTER TABLE order_lines ADD COLUMN season_planned BIGINT;
ALTER TABLE order_lines ADD COLUMN season_purpose TEXT;

-- An advance paid by a group: `id` is the advance obligation producer → group;
-- `instalment_id` the instalment obligation group → producer its cash payment settled (that
-- payment is not reversed through the money page: the advance would stay).
CREATE TABLE season_advances (
    id                TEXT PRIMARY KEY REFERENCES obligations (id),
    instalment_id     TEXT NOT NULL REFERENCES obligations (id),
    season_id         TEXT NOT NULL REFERENCES seasons (id),
    consumer_group_id TEXT NOT NULL REFERENCES organizations (id),
    amount            BIGINT NOT NULL,
    paid_on           TEXT NOT NULL,
    created_at        BIGINT NOT NULL
);
CREATE INDEX season_advances_by_season ON season_advances (season_id, consumer_group_id);
CREATE INDEX season_advances_by_instalment ON season_advances (instalment_id);

-- A delivery beyond a group's advances (instalments not paid yet): an obligation group →
-- producer. The group's next payment for the season settles these first.
CREATE TABLE season_debts (
    obligation_id     TEXT PRIMARY KEY REFERENCES obligations (id),
    season_id         TEXT NOT NULL REFERENCES seasons (id),
    consumer_group_id TEXT NOT NULL REFERENCES organizations (id),
    amount            BIGINT NOT NULL,
    created_at        BIGINT NOT NULL
);
CREATE INDEX season_debts_by_season ON season_debts (season_id, consumer_group_id);

-- Member wallets: a double-entry ledger of each group's own (accounts: spendable and
-- earmarked per member; cash_box, purchases, credits of the group).
CREATE TABLE wallet_limits (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    currency        TEXT NOT NULL,
    credit_limit    BIGINT NOT NULL,
    PRIMARY KEY (organization_id, currency)
);

CREATE TABLE wallet_transactions (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    person_id       TEXT NOT NULL REFERENCES people (id),
    kind            TEXT NOT NULL,
    currency        TEXT NOT NULL,
    amount          BIGINT NOT NULL,
    memo            TEXT NOT NULL,
    cycle_id        TEXT REFERENCES cycles (id),
    recorded_by     TEXT REFERENCES people (id),
    created_at      BIGINT NOT NULL
);
CREATE INDEX wallet_transactions_by_member ON wallet_transactions (organization_id, person_id, created_at);
-- One charge per member and cycle at most: a close's charges are written once.
CREATE UNIQUE INDEX wallet_charges_once ON wallet_transactions (cycle_id, organization_id, person_id, kind);

CREATE TABLE wallet_postings (
    transaction_id  TEXT NOT NULL REFERENCES wallet_transactions (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    person_id       TEXT REFERENCES people (id),
    account         TEXT NOT NULL,
    currency        TEXT NOT NULL,
    amount          BIGINT NOT NULL
);
CREATE INDEX wallet_postings_by_account ON wallet_postings (organization_id, person_id, account, currency);

-- Cycles whose members' wallets were charged at close.
CREATE TABLE wallet_cycles (
    cycle_id   TEXT PRIMARY KEY REFERENCES cycles (id),
    charged_at BIGINT NOT NULL
);
