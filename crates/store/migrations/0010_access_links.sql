-- One-time access links: an invitation to set a first password, or a password reset. Only a
-- digest of the code is kept; a link works once, within its time, and using it (or making a
-- new one of the same purpose) spends the person's other open links.
CREATE TABLE access_links (
    code_hash  TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    created_by TEXT REFERENCES people (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX access_links_by_person ON access_links (person_id);
