-- A payment is corrected by a reversing payment (the negative amount, naming the payment it
-- reverses), never edited or deleted; a payment is reversed at most once.
ALTER TABLE payments ADD COLUMN reverses TEXT REFERENCES payments (id);
CREATE UNIQUE INDEX payments_one_reversal ON payments (reverses);

-- Numbered documents. Each issuing organization numbers its invoices and its statements in
-- two series ('invoice', 'statement'), gap-free: the number is taken inside the close's own
-- transaction, so a close that fails takes none. Documents closed before this version have
-- no number.
CREATE TABLE document_series (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    series          TEXT NOT NULL,
    last_number     BIGINT NOT NULL,
    PRIMARY KEY (organization_id, series)
);
ALTER TABLE cycle_documents ADD COLUMN issuer_id TEXT REFERENCES organizations (id);
ALTER TABLE cycle_documents ADD COLUMN series TEXT;
ALTER TABLE cycle_documents ADD COLUMN number BIGINT;
ALTER TABLE cycle_documents ADD COLUMN issued_on TEXT;
CREATE UNIQUE INDEX cycle_documents_numbered ON cycle_documents (issuer_id, series, number);

-- What an organization tells its debtors about paying it (bank, mobile money, reference to
-- quote), printed on its invoices and statements.
ALTER TABLE organizations ADD COLUMN payment_instructions TEXT;
