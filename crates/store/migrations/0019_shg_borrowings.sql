-- Solidarity finance II (issue 17): loans to self-help groups from banks and federations,
-- on-lent to their members. The rules are `bayanihan_domain::finance::borrowing`.

-- A loan to a group. `lender_id` is set when the lender is an organization on the platform:
-- each instalment is then an obligation of the group to it (`obligation_id` below), which
-- clearing rounds may net.
CREATE TABLE shg_borrowings (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    lender_id       TEXT REFERENCES organizations (id),
    lender_name     TEXT NOT NULL,
    received_on     TEXT NOT NULL,
    currency        TEXT NOT NULL,
    principal       BIGINT NOT NULL,
    annual_rate     TEXT NOT NULL,
    instalments     BIGINT NOT NULL,
    per_year        BIGINT NOT NULL,
    method          TEXT NOT NULL,
    recorded_by     TEXT NOT NULL REFERENCES people (id),
    created_at      BIGINT NOT NULL
);
CREATE INDEX shg_borrowings_by_group ON shg_borrowings (organization_id, received_on);
CREATE INDEX shg_borrowings_by_lender ON shg_borrowings (lender_id);

CREATE TABLE shg_borrowing_instalments (
    borrowing_id  TEXT NOT NULL REFERENCES shg_borrowings (id),
    number        BIGINT NOT NULL,
    due_on        TEXT NOT NULL,
    principal     BIGINT NOT NULL,
    interest      BIGINT NOT NULL,
    obligation_id TEXT REFERENCES obligations (id),
    PRIMARY KEY (borrowing_id, number)
);

-- A member's loan on-lending a loan to the group.
ALTER TABLE shg_loans ADD COLUMN funded_by TEXT REFERENCES shg_borrowings (id);
-- The postings of a loan to the group (received, repaid) name it.
ALTER TABLE shg_postings ADD COLUMN borrowing_id TEXT REFERENCES shg_borrowings (id);
CREATE INDEX shg_postings_by_borrowing ON shg_postings (borrowing_id, occurred_on);

-- A member's loan rescheduled: the schedule in force on a day is the rows set on or before
-- it and not replaced by then, so the book as at any earlier date keeps the old schedule.
ALTER TABLE shg_loans ADD COLUMN rescheduled_on TEXT;
ALTER TABLE shg_instalments ADD COLUMN set_on TEXT;
ALTER TABLE shg_instalments ADD COLUMN replaced_on TEXT;
