-- A product's description, and its photo: one small JPEG per product, made by the server from
-- the upload (resized and compressed), kept apart from the product's row so that lists of
-- products never read it. `version` changes with every new photo, for caching.
ALTER TABLE products ADD COLUMN description TEXT;
CREATE TABLE product_photos (
    product_id   TEXT PRIMARY KEY REFERENCES products (id),
    content_type TEXT NOT NULL,
    width        BIGINT NOT NULL,
    height       BIGINT NOT NULL,
    bytes        BYTEA NOT NULL,
    version      TEXT NOT NULL,
    updated_at   BIGINT NOT NULL
);
