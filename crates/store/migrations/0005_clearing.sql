-- Clearing rounds: multilateral set-off of a network's outstanding obligations in one currency.
-- A round is proposed with the set-off of each obligation and what was outstanding then; it is
-- applied (set-off recorded as payments of method 'set_off' with their ledger transactions),
-- discarded, or found stale when an obligation was paid or changed after the proposal.
CREATE TABLE clearing_rounds (
    id                TEXT PRIMARY KEY,
    network_id        TEXT NOT NULL REFERENCES organizations (id),
    currency          TEXT NOT NULL,
    status            TEXT NOT NULL,
    obligations       BIGINT NOT NULL,
    total_debt        BIGINT NOT NULL,
    net_internal_debt BIGINT NOT NULL,
    cleared           BIGINT NOT NULL,
    proposed_by       TEXT REFERENCES people (id),
    proposed_at       BIGINT NOT NULL,
    decided_by        TEXT REFERENCES people (id),
    decided_at        BIGINT,
    applied_on        TEXT
);
CREATE INDEX clearing_rounds_by_network ON clearing_rounds (network_id, proposed_at);

CREATE TABLE clearing_set_offs (
    round_id      TEXT NOT NULL REFERENCES clearing_rounds (id),
    obligation_id TEXT NOT NULL REFERENCES obligations (id),
    debtor_id     TEXT NOT NULL REFERENCES organizations (id),
    creditor_id   TEXT NOT NULL REFERENCES organizations (id),
    outstanding   BIGINT NOT NULL,
    set_off       BIGINT NOT NULL,
    PRIMARY KEY (round_id, obligation_id)
);
CREATE INDEX clearing_set_offs_by_debtor ON clearing_set_offs (debtor_id);
CREATE INDEX clearing_set_offs_by_creditor ON clearing_set_offs (creditor_id);
