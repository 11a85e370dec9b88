-- Solidarity finance II (issue 17): self-help groups' books, kept from their meetings.
-- Amounts are BIGINT minor units of the group's book currency; dates TEXT (YYYY-MM-DD);
-- times BIGINT microseconds. The rules are `bayanihan_domain::finance::book`.

-- A group's rules for its book; a group keeps a book once they are set.
CREATE TABLE shg_rules (
    organization_id   TEXT PRIMARY KEY REFERENCES organizations (id),
    currency          TEXT NOT NULL,
    compulsory_saving BIGINT NOT NULL,
    withdrawal_rule   TEXT NOT NULL,
    min_members       BIGINT NOT NULL,
    max_members       BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);

-- One meeting a day per group: two bookkeepers entering the same meeting at once meet here.
CREATE TABLE shg_meetings (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    held_on         TEXT NOT NULL,
    attendance      BIGINT NOT NULL,
    members         BIGINT NOT NULL,
    minutes         TEXT NOT NULL,
    entered_by      TEXT NOT NULL REFERENCES people (id),
    entered_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX shg_meetings_once ON shg_meetings (organization_id, held_on);

-- What each member brought and took at a meeting, as the paper book has it.
CREATE TABLE shg_meeting_lines (
    meeting_id TEXT NOT NULL REFERENCES shg_meetings (id),
    person_id  TEXT NOT NULL REFERENCES people (id),
    present    BIGINT NOT NULL,
    savings    BIGINT NOT NULL,
    voluntary  BIGINT NOT NULL,
    repayment  BIGINT NOT NULL,
    fine       BIGINT NOT NULL,
    withdrawal BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);

-- Loans to members, and their schedules.
CREATE TABLE shg_loans (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    person_id       TEXT NOT NULL REFERENCES people (id),
    meeting_id      TEXT REFERENCES shg_meetings (id),
    disbursed_on    TEXT NOT NULL,
    currency        TEXT NOT NULL,
    principal       BIGINT NOT NULL,
    annual_rate     TEXT NOT NULL,
    instalments     BIGINT NOT NULL,
    per_year        BIGINT NOT NULL,
    method          TEXT NOT NULL,
    written_off_on  TEXT
);
CREATE INDEX shg_loans_by_group ON shg_loans (organization_id, disbursed_on);

CREATE TABLE shg_instalments (
    loan_id   TEXT NOT NULL REFERENCES shg_loans (id),
    number    BIGINT NOT NULL,
    due_on    TEXT NOT NULL,
    principal BIGINT NOT NULL,
    interest  BIGINT NOT NULL,
    PRIMARY KEY (loan_id, number)
);

-- The book: balanced entries of postings, dated by the meeting (not by their entry).
CREATE TABLE shg_entries (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    meeting_id      TEXT REFERENCES shg_meetings (id),
    occurred_on     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    person_id       TEXT REFERENCES people (id),
    loan_id         TEXT REFERENCES shg_loans (id),
    recorded_by     TEXT REFERENCES people (id),
    created_at      BIGINT NOT NULL
);
CREATE INDEX shg_entries_by_group ON shg_entries (organization_id, occurred_on);

CREATE TABLE shg_postings (
    entry_id        TEXT NOT NULL REFERENCES shg_entries (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    occurred_on     TEXT NOT NULL,
    account         TEXT NOT NULL,
    person_id       TEXT REFERENCES people (id),
    loan_id         TEXT REFERENCES shg_loans (id),
    amount          BIGINT NOT NULL
);
CREATE INDEX shg_postings_by_account ON shg_postings (organization_id, account, person_id);
CREATE INDEX shg_postings_by_loan ON shg_postings (loan_id, occurred_on);

-- A group's linkage file shared with a bank officer (read only), by one of its admins.
CREATE TABLE shg_linkage_shares (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    person_id       TEXT NOT NULL REFERENCES people (id),
    shared_by       TEXT NOT NULL REFERENCES people (id),
    shared_at       BIGINT NOT NULL,
    PRIMARY KEY (organization_id, person_id)
);
