-- Failed sign-ins, counted per key (the account from one address, the address, the account;
-- see bayanihan_domain::throttle). Keys are SHA-256 digests: no e-mail or address is stored.
-- Kept in the database so that a restart forgives nothing and every process serving the same
-- database slows the same attempts.
CREATE TABLE sign_in_throttle (
    key           TEXT PRIMARY KEY,
    failures      BIGINT NOT NULL,
    last_failure  BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL
);
CREATE INDEX sign_in_throttle_by_last_failure ON sign_in_throttle (last_failure);
