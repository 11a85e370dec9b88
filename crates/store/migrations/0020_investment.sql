-- Community investment (issue 17): offers, commitments at a recorded exchange rate, receipts
-- and repayments. The rules are `bayanihan_domain::finance::investment`. Amounts are BIGINT
-- minor units of the offer's currency unless the column says otherwise.

-- An offer's terms never change once open (every schedule is computed from them); `committed`
-- is the running sum of its commitments, raised by one conditional UPDATE that never passes
-- the target, whatever the concurrency.
CREATE TABLE investment_offers (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    purpose          TEXT NOT NULL,
    currency         TEXT NOT NULL,
    target           BIGINT NOT NULL,
    min_ticket       BIGINT NOT NULL,
    return_rate      TEXT,
    term_months      BIGINT NOT NULL,
    per_year         BIGINT NOT NULL,
    closes_on        TEXT NOT NULL,
    repayments_start TEXT NOT NULL,
    committed        BIGINT NOT NULL,
    closed_at        BIGINT,
    opened_by        TEXT NOT NULL REFERENCES people (id),
    created_at       BIGINT NOT NULL
);
CREATE INDEX investment_offers_by_org ON investment_offers (organization_id);

-- A commitment: what the investor sends in their currency, the rate recorded when they
-- committed (a decimal string, exact), and that amount in the offer's currency.
CREATE TABLE investment_commitments (
    id                TEXT PRIMARY KEY,
    offer_id          TEXT NOT NULL REFERENCES investment_offers (id),
    investor_id       TEXT NOT NULL REFERENCES people (id),
    remitted_currency TEXT NOT NULL,
    remitted          BIGINT NOT NULL,
    fx_rate           TEXT NOT NULL,
    fx_source         TEXT NOT NULL,
    amount            BIGINT NOT NULL,
    committed_on      TEXT NOT NULL,
    received_on       TEXT,
    received_by       TEXT REFERENCES people (id),
    created_at        BIGINT NOT NULL
);
CREATE INDEX investment_commitments_by_offer ON investment_commitments (offer_id);
CREATE INDEX investment_commitments_by_investor ON investment_commitments (investor_id);

-- Repayments to an investor, split as the rules split them when recorded.
CREATE TABLE investment_repayments (
    id            TEXT PRIMARY KEY,
    commitment_id TEXT NOT NULL REFERENCES investment_commitments (id),
    paid_on       TEXT NOT NULL,
    amount        BIGINT NOT NULL,
    to_return     BIGINT NOT NULL,
    to_principal  BIGINT NOT NULL,
    recorded_by   TEXT NOT NULL REFERENCES people (id),
    created_at    BIGINT NOT NULL
);
CREATE INDEX investment_repayments_by_commitment ON investment_repayments (commitment_id, paid_on);
