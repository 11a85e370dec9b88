-- Portfolio quality at any past date in one sum (see crates/store/src/book_par.rs). Both
-- tables are derived from the book and kept by the same write transactions; the migration
-- runner builds them from the existing books right after this file.

-- Each member's loan: how its share of the portfolio's figures changes, on the days it does,
-- as JSON [[day, loans, gross, current, 1-30, 31-60, 61-90, 91-180, over-180, rescheduled]].
CREATE TABLE shg_loan_par (
    loan_id         TEXT PRIMARY KEY REFERENCES shg_loans (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    changes         TEXT NOT NULL
);

-- Per group and day, the sum of its loans' changes on that day (minor units of the group's
-- currency): a group's figures on a day are its rows up to that day, summed.
CREATE TABLE shg_par_days (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    day             TEXT NOT NULL,
    loans           BIGINT NOT NULL,
    gross           BIGINT NOT NULL,
    a_current       BIGINT NOT NULL,
    a_1_30          BIGINT NOT NULL,
    a_31_60         BIGINT NOT NULL,
    a_61_90         BIGINT NOT NULL,
    a_91_180        BIGINT NOT NULL,
    a_over_180      BIGINT NOT NULL,
    rescheduled     BIGINT NOT NULL,
    PRIMARY KEY (organization_id, day)
);
